import { Column, DeleteDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ISession } from 'connect-typeorm';

/** express-session rows (connect-typeorm's shape): sessions survive a restart and are shared by nodes. */
@Entity('sessions')
export class Session implements ISession {
  @PrimaryColumn({ type: 'varchar', length: 255 }) id = '';
  @Index('IDX_sessions_expiredAt')
  @Column({ type: 'bigint' }) expiredAt = Date.now();
  @Column({ type: 'text' }) json = '';
  @DeleteDateColumn({ type: 'datetime', precision: 3, nullable: true }) destroyedAt?: Date;
}
