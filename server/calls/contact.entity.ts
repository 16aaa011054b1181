import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type {
  CallerType, ContactClass, ContactStatus, Language, Outcome, Pertinence, Purpose, Reason,
} from '../contracts/enums.js';
import type { IvrStep } from '../../ivr/flow/flow.js';

/**
 * One call and the record made of it. The caller's number is never stored: `callerHash` is a keyed
 * HMAC for repeat-caller and block-list look-ups, and notes are AES-256-GCM ciphertext.
 */
@Entity('contacts')
@Index('IDX_contacts_queue', ['status', 'priority', 'queuedAt'])
@Index('IDX_contacts_language_answeredAt', ['language', 'answeredAt'])
@Index('IDX_contacts_queuedAt', ['queuedAt'])
@Index('IDX_contacts_started', ['startedAt', 'id'])
@Index('IDX_contacts_answered_started', ['answeredById', 'startedAt', 'id'])
export class Contact {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index('IDX_contacts_callSid', { unique: true })
  @Column({ type: 'varchar', length: 64 }) callSid!: string;
  @Index('IDX_contacts_callerHash')
  @Column({ type: 'varchar', length: 64, nullable: true }) callerHash!: string | null;
  @Column({ type: 'varchar', length: 16 }) status!: ContactStatus;

  // The IVR's progress, so any node (or a restarted one) answers the next webhook.
  @Column({ type: 'varchar', length: 16 }) ivrStep!: IvrStep;
  @Column({ type: 'integer' }) ivrAttempts!: number;
  @Column({ type: 'varchar', length: 8, nullable: true }) language!: Language | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) purpose!: Purpose | null;
  @Column({ type: 'boolean' }) danger!: boolean;
  @Column({ type: 'boolean' }) cannotTalkFreely!: boolean;
  @Column({ type: 'integer' }) priority!: number;
  /** About a child: offered only to operators trained for minors, before other callers but after danger. */
  @Column({ type: 'boolean', default: false }) minor!: boolean;

  // Routing.
  @Column({ type: 'datetime', precision: 3 }) startedAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) queuedAt!: Date | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) offeredToId!: string | null;
  @Index('IDX_contacts_offerExpiresAt')
  @Column({ type: 'datetime', precision: 3, nullable: true }) offerExpiresAt!: Date | null;
  @Column({ type: 'simple-json' }) declinedBy!: string[];
  @Column({ type: 'varchar', length: 36, nullable: true }) answeredById!: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) answeredAt!: Date | null;
  @Index('IDX_contacts_operatorCallSid')
  @Column({ type: 'varchar', length: 64, nullable: true }) operatorCallSid!: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) endedAt!: Date | null;
  /** The caller's region as Twilio reports it (FromState), for the territorial on-call number. */
  @Column({ type: 'varchar', length: 32, nullable: true }) region!: string | null;
  @Column({ type: 'integer', nullable: true }) durationSeconds!: number | null;

  // A message left for a call-back: the number only with the caller's consent, encrypted, with an expiry.
  @Column({ type: 'text', nullable: true }) callbackCipher!: string | null;
  @Index('IDX_contacts_callbackExpiresAt')
  @Column({ type: 'datetime', precision: 3, nullable: true }) callbackExpiresAt!: Date | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) messageAt!: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) messageUrl!: string | null;
  @Column({ type: 'integer', nullable: true }) messageSeconds!: number | null;
  /** On a call-back: the message it answers. */
  @Column({ type: 'varchar', length: 36, nullable: true }) callbackOfId!: string | null;
  /** On a message: who is calling back now, and since when (a claim, so two never call at once). */
  @Column({ type: 'varchar', length: 36, nullable: true }) callbackById!: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) callbackAt!: Date | null;
  /** A warm transfer in progress: the colleague being brought in, and their phone leg. */
  @Column({ type: 'varchar', length: 36, nullable: true }) transferToId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) transferCallSid!: string | null;

  // The first contact record, filled by the operator during the call.
  @Column({ type: 'varchar', length: 32, nullable: true }) callerType!: CallerType | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) pertinence!: Pertinence | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) contactClass!: ContactClass | null;
  @Column({ type: 'simple-json', nullable: true }) reasons!: Reason[] | null;
  @Column({ type: 'simple-json', nullable: true }) outcomes!: Outcome[] | null;
  @Column({ type: 'text', nullable: true }) notesCipher!: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) recordSavedAt!: Date | null;
  /** The case this contact belongs to, once an operator made one or linked it. */
  @Index('IDX_contacts_caseId')
  @Column({ type: 'varchar', length: 36, nullable: true }) caseId!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) recordSavedById!: string | null;
}
