import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Language, OperatorState, Role } from '../contracts/enums.js';
import type { OperatorSkills } from '../contracts/routing.js';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index('IDX_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 }) username!: string;
  @Column({ type: 'varchar', length: 120 }) displayName!: string;
  @Column({ type: 'varchar', length: 255 }) passwordHash!: string;
  @Column({ type: 'varchar', length: 16 }) role!: Role;
  @Column({ type: 'simple-json' }) languages!: Language[];
  /** Languages with a level and case flags, for routing; null: `languages`, all fluent, no flags. */
  @Column({ type: 'simple-json', nullable: true }) skills!: OperatorSkills | null;
  /** The operator's own phone for real Twilio; in simulator mode the virtual `client:<username>` is used. */
  @Column({ type: 'varchar', length: 32, nullable: true }) phone!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) organisationId!: string | null;
  /** Operators in one team see each other's cases. */
  @Column({ type: 'varchar', length: 40, nullable: true }) team!: string | null;
  @Index('IDX_users_state')
  @Column({ type: 'varchar', length: 16 }) state!: OperatorState;
  @Column({ type: 'datetime', precision: 3 }) stateSince!: Date;
  @Column({ type: 'varchar', length: 120, nullable: true }) stateReason!: string | null;
  /** When a timed state (wrap-up) ends by itself. */
  @Column({ type: 'datetime', precision: 3, nullable: true }) stateUntil!: Date | null;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}
