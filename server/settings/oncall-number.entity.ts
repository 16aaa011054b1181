import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The territorial on-call table: where a caller goes when no operator answers in time. A row with
 * no region is national. Numbers of on-call staff, never of callers.
 */
@Entity('oncall_numbers')
@Index('IDX_oncall_numbers_region', ['region', 'position'])
export class OnCallNumber {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) region!: string | null;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'varchar', length: 32 }) number!: string;
  @Column({ type: 'varchar', length: 120 }) label!: string;
  @Column({ type: 'boolean' }) active!: boolean;
}
