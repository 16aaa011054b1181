import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RiskReason } from '../contracts/risk.js';

/** An IMMEDIATE assessment that supervisors must see: open until one of them acknowledges it, or the level comes down. */
@Entity('risk_alerts')
@Index('IDX_risk_alerts_open', ['acknowledgedAt', 'raisedAt'])
export class RiskAlertRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index('IDX_risk_alerts_contact')
  @Column({ type: 'varchar', length: 36 }) contactId!: string;
  @Column({ type: 'datetime', precision: 3 }) raisedAt!: Date;
  @Column({ type: 'varchar', length: 36, nullable: true }) raisedById!: string | null;
  @Column({ type: 'simple-json' }) reasons!: RiskReason[];
  @Column({ type: 'datetime', precision: 3, nullable: true }) acknowledgedAt!: Date | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) acknowledgedById!: string | null;
  /** The level came down before anyone acknowledged (an answer corrected): the alert stands down. */
  @Column({ type: 'datetime', precision: 3, nullable: true }) withdrawnAt!: Date | null;
}
