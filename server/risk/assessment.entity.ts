import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RiskLevel, RiskReason } from '../contracts/risk.js';

/**
 * One risk assessment: written whenever a contact's level (computed or overridden) changes. It keeps
 * the scoring and catalogue versions it was made with, so an old assessment keeps its meaning.
 */
@Entity('risk_assessments')
@Index('IDX_risk_assessments_contact', ['contactId', 'at'])
@Index('IDX_risk_assessments_case', ['caseId', 'at'])
export class RiskAssessment {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) contactId!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) caseId!: string | null;
  @Column({ type: 'datetime', precision: 3 }) at!: Date;
  @Column({ type: 'varchar', length: 36 }) byId!: string;
  @Column({ type: 'varchar', length: 16 }) level!: RiskLevel;
  @Column({ type: 'varchar', length: 16 }) computedLevel!: RiskLevel;
  @Column({ type: 'simple-json' }) reasons!: RiskReason[];
  @Column({ type: 'integer' }) score!: number;
  @Column({ type: 'varchar', length: 32 }) scoringVersion!: string;
  @Column({ type: 'integer' }) catalogueVersion!: number;
  @Column({ type: 'varchar', length: 16, nullable: true }) overrideLevel!: RiskLevel | null;
  @Column({ type: 'text', nullable: true }) overrideReasonCipher!: string | null;
}
