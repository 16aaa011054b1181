import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseEventKind, CaseStatus } from '../contracts/cases.js';
import type { Language } from '../contracts/enums.js';
import type { ConsentLevel } from '../contracts/intake.js';
import type { ExploitationType, LabourSector, RiskLevel } from '../contracts/risk.js';

/**
 * A case: a person's (or a situation's) story after the call, known by a pseudonymous code.
 * Searchable columns are plain; names live in `case_names`, free text is ciphertext. The list
 * indexes all end in (openedAt, id), the order lists page in.
 */
@Entity('cases')
@Index('IDX_cases_opened', ['openedAt', 'id'])
@Index('IDX_cases_status', ['status', 'openedAt', 'id'])
@Index('IDX_cases_risk', ['riskLevel', 'openedAt', 'id'])
@Index('IDX_cases_province', ['province', 'openedAt', 'id'])
@Index('IDX_cases_assigned', ['assignedToId', 'openedAt', 'id'])
@Index('IDX_cases_team', ['team', 'openedAt', 'id'])
export class Case {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index('IDX_cases_code', { unique: true })
  @Column({ type: 'varchar', length: 16 }) code!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'varchar', length: 16 }) status!: CaseStatus;
  @Column({ type: 'varchar', length: 16 }) consentLevel!: ConsentLevel;
  @Column({ type: 'varchar', length: 16 }) riskLevel!: RiskLevel;
  @Column({ type: 'varchar', length: 2, nullable: true }) province!: string | null;
  @Column({ type: 'simple-json' }) exploitationTypes!: ExploitationType[];
  @Column({ type: 'varchar', length: 32, nullable: true }) labourSector!: LabourSector | null;
  @Column({ type: 'integer', nullable: true }) peopleCount!: number | null;
  @Column({ type: 'boolean' }) minorsInvolved!: boolean;
  @Column({ type: 'varchar', length: 36, nullable: true }) assignedToId!: string | null;
  /** The assignee's team when assigned: their teammates see the case too. */
  @Column({ type: 'varchar', length: 40, nullable: true }) team!: string | null;
  @Column({ type: 'text', nullable: true }) safetyPlanCipher!: string | null;
  @Column({ type: 'text', nullable: true }) notesCipher!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) mergedIntoId!: string | null;
  @Column({ type: 'datetime', precision: 3 }) openedAt!: Date;
  @Column({ type: 'datetime', precision: 3 }) updatedAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) closedAt!: Date | null;
  @Column({ type: 'varchar', length: 36 }) createdById!: string;
}

/** A person in a case: the minimal profile of §8. No name fields at all when the case is anonymous. */
@Entity('case_persons')
@Index('IDX_case_persons_case', ['caseId'])
export class CasePerson {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36 }) caseId!: string;
  @Column({ type: 'varchar', length: 60, nullable: true }) pseudonym!: string | null;
  @Column({ type: 'simple-json' }) aliases!: string[];
  @Column({ type: 'varchar', length: 16, nullable: true }) ageBand!: string | null;
  @Column({ type: 'boolean' }) isMinor!: boolean;
  @Column({ type: 'boolean' }) ageDisputed!: boolean;
  @Column({ type: 'varchar', length: 16, nullable: true }) gender!: string | null;
  @Column({ type: 'varchar', length: 2, nullable: true }) nationality!: string | null;
  @Column({ type: 'simple-json' }) languages!: Language[];
  @Column({ type: 'integer' }) childrenCount!: number;
  @Column({ type: 'boolean' }) pregnant!: boolean;
  @Column({ type: 'boolean' }) documentsHeldByThirdParty!: boolean;
}

/**
 * Pseudonyms and aliases, folded to lower case without accents: what "find by name" searches by
 * prefix. Each row carries its case's `openedAt`, so a common prefix sorts on this index alone.
 */
@Entity('case_names')
@Index('IDX_case_names_name', ['name', 'openedAt', 'caseId'])
export class CaseName {
  @PrimaryColumn({ type: 'varchar', length: 36 }) caseId!: string;
  @PrimaryColumn({ type: 'varchar', length: 60 }) name!: string;
  @Column({ type: 'datetime', precision: 3 }) openedAt!: Date;
}

/** One row per exploitation type of a case, so "all LABOUR cases" is an index range. */
@Entity('case_exploitation')
@Index('IDX_case_exploitation_type', ['type', 'openedAt', 'caseId'])
export class CaseExploitation {
  @PrimaryColumn({ type: 'varchar', length: 36 }) caseId!: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) type!: ExploitationType;
  @Column({ type: 'datetime', precision: 3 }) openedAt!: Date;
}

/** The case's timeline. `detail` is short and never personal: a status, a code, a colleague's id. */
@Entity('case_events')
@Index('IDX_case_events_case', ['caseId', 'at'])
export class CaseEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36 }) caseId!: string;
  @Column({ type: 'datetime', precision: 3 }) at!: Date;
  @Column({ type: 'varchar', length: 32 }) kind!: CaseEventKind;
  @Column({ type: 'varchar', length: 36, nullable: true }) actorId!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) detail!: string | null;
}

@Entity('case_tasks')
@Index('IDX_case_tasks_case', ['caseId', 'createdAt'])
@Index('IDX_case_tasks_owner', ['ownerId', 'doneAt', 'dueAt'])
export class CaseTask {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36 }) caseId!: string;
  @Column({ type: 'text' }) titleCipher!: string;
  @Column({ type: 'datetime', precision: 3, nullable: true }) dueAt!: Date | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) ownerId!: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) doneAt!: Date | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ type: 'varchar', length: 36 }) createdById!: string;
}

/** The last case number given out in a year: `A-2026-0042` is year 2026, number 42. */
@Entity('case_counters')
export class CaseCounter {
  @PrimaryColumn({ type: 'integer' }) year!: number;
  @Column({ type: 'integer' }) last!: number;
}
