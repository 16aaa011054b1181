import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { IntakeAnswers } from '../contracts/intake.js';
import type { RiskLevel, RiskReason } from '../contracts/risk.js';

/**
 * The triage form of one contact, saved as a draft every few seconds. `version` grows with every
 * save; a save names the version it started from, so two operators never overwrite each other.
 * Free text and the override's reason are AES-256-GCM ciphertext.
 */
@Entity('contact_intakes')
export class ContactIntake {
  @PrimaryColumn({ type: 'varchar', length: 36 }) contactId!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'simple-json' }) answers!: IntakeAnswers;
  @Column({ type: 'text', nullable: true }) freeTextCipher!: string | null;
  /** The level in force (the override's, when there is one) and the computed one, with its reasons. */
  @Index('IDX_contact_intakes_riskLevel')
  @Column({ type: 'varchar', length: 16 }) riskLevel!: RiskLevel;
  @Column({ type: 'varchar', length: 16 }) computedLevel!: RiskLevel;
  @Column({ type: 'simple-json' }) riskReasons!: RiskReason[];
  @Column({ type: 'integer' }) riskScore!: number;
  @Column({ type: 'varchar', length: 32 }) scoringVersion!: string;
  @Column({ type: 'integer' }) catalogueVersion!: number;
  @Column({ type: 'varchar', length: 16, nullable: true }) overrideLevel!: RiskLevel | null;
  @Column({ type: 'text', nullable: true }) overrideReasonCipher!: string | null;
  @Column({ type: 'datetime', precision: 3 }) savedAt!: Date;
  @Column({ type: 'varchar', length: 36 }) savedById!: string;
}
