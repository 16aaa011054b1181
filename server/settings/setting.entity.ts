import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Settings admins change in the console; read on every use, so a change needs no restart. */
@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: 'text' }) value!: string;
  @Column({ type: 'datetime', precision: 3 }) updatedAt!: Date;
  @Column({ type: 'varchar', length: 36, nullable: true }) updatedById!: string | null;
}
