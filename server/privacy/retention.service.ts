import { In, type DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import { Contact } from '../calls/contact.entity.js';
import { Case, CaseName, CasePerson, CaseTask } from '../cases/case.entity.js';
import {
  DEFAULT_RETENTION, RetentionSettings, type RetentionCounts, type RetentionResult,
} from '../contracts/privacy.js';
import { Forbidden } from '../errors.js';
import { ContactIntake } from '../intake/intake.entity.js';
import type { Logger } from '../log.js';
import { RiskAssessment } from '../risk/assessment.entity.js';
import { Setting } from '../settings/setting.entity.js';
import type { Actor } from '../users/actor.js';

const SETTINGS_KEY = 'retention';
/** The local date of the last daily run: the row nodes race for, so one node runs it each day. */
export const LAST_RUN_KEY = 'retention:lastRun';
const DAY = 86_400_000;
const BATCH = 500;

// What is in scope. Raw SQL inside query builders: the aliases `c` and `k` are the subqueries' own.
/** Cases closed before the limit. */
const OLD_CASES = "SELECT c.id FROM cases c WHERE c.status = 'CLOSED' AND c.closedAt < :casesBefore";
/** Contacts past the limit: never linked to a case, or linked to a case past its own limit. */
const OLD_CONTACTS = `SELECT k.id FROM contacts k WHERE (k.caseId IS NULL AND k.startedAt < :contactsBefore) OR k.caseId IN (${OLD_CASES})`;

interface Cutoffs { contactsBefore: Date; casesBefore: Date }

const mayRun = (a: Actor) => a.role === 'admin';

/** `YYYY-MM-DD` of an instant in the helpline's time zone. */
const localDate = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/**
 * Storage limitation: anonymises contacts not linked to a case after `unlinkedContactDays`, and
 * closed cases (with their contacts) after `closedCaseDays`. Structured fields stay for statistics;
 * notes, call-back numbers, caller hashes, regions, recorded messages, free text, override reasons,
 * persons, names, tasks and safety plans go. The audit log is never touched. Idempotent: what was
 * anonymised no longer matches, so a second run does nothing.
 */
export class RetentionService {
  constructor(private readonly deps: {
    db: DataSource; now: () => Date; audit: AuditService; log: Logger; timeZone: string;
    /** Records per transaction; 500 unless a test wants to see batches meet. */
    batchSize?: number;
  }) {}

  async settings(actor: Actor): Promise<RetentionSettings> {
    if (!mayRun(actor)) throw new Forbidden();
    return this.current();
  }

  async setSettings(actor: Actor, value: RetentionSettings): Promise<RetentionSettings> {
    if (!mayRun(actor)) throw new Forbidden();
    const { db, now, audit, log } = this.deps;
    await db.getRepository(Setting).save({ key: SETTINGS_KEY, value: JSON.stringify(value), updatedAt: now(), updatedById: actor.userId });
    await audit.record({ actor, action: 'retention.settings', subjectType: 'setting', subjectId: SETTINGS_KEY, detail: { ...value } });
    log.info('retention settings changed', { userId: actor.userId, ...value });
    return value;
  }

  /** An admin's run from the console or API: a dry run counts and writes nothing. */
  async run(actor: Actor, dryRun: boolean): Promise<RetentionResult> {
    if (!mayRun(actor)) throw new Forbidden();
    return this.execute(actor, dryRun);
  }

  /**
   * The daily job, from every node's tick loop: the first node to move `retention:lastRun` to today
   * (a conditional update) runs it; the others find it done. Returns null when there was nothing to run.
   */
  async daily(): Promise<RetentionResult | null> {
    const { db, now, timeZone } = this.deps;
    const at = now();
    const today = JSON.stringify(localDate(at, timeZone));
    const repo = db.getRepository(Setting);
    const row = await repo.findOneBy({ key: LAST_RUN_KEY });
    if (row && row.value >= today) return null;
    if (row) {
      const { affected } = await repo.update({ key: LAST_RUN_KEY, value: row.value }, { value: today, updatedAt: at });
      if (affected !== 1) return null;
    } else {
      try {
        await repo.insert({ key: LAST_RUN_KEY, value: today, updatedAt: at, updatedById: null });
      } catch (err) {
        if (await repo.existsBy({ key: LAST_RUN_KEY })) return null; // another node claimed it first
        throw err;
      }
    }
    return this.execute(null, false);
  }

  private async current(): Promise<RetentionSettings> {
    const row = await this.deps.db.getRepository(Setting).findOneBy({ key: SETTINGS_KEY });
    if (!row) return DEFAULT_RETENTION;
    const parsed = RetentionSettings.safeParse({ ...DEFAULT_RETENTION, ...(JSON.parse(row.value) as object) });
    return parsed.success ? parsed.data : DEFAULT_RETENTION;
  }

  private async execute(actor: Actor | null, dryRun: boolean): Promise<RetentionResult> {
    const { now, audit, log } = this.deps;
    const at = now();
    const s = await this.current();
    const cut: Cutoffs = { contactsBefore: new Date(at.getTime() - s.unlinkedContactDays * DAY), casesBefore: new Date(at.getTime() - s.closedCaseDays * DAY) };
    const counts = dryRun ? await this.count(cut) : await this.anonymise(cut);
    await audit.record({ actor, action: 'retention.run', subjectType: 'retention', subjectId: null, detail: { dryRun, ...counts } });
    log.info('retention run', { dryRun, ...counts });
    return {
      dryRun, ranAt: at.toISOString(), contactsBefore: cut.contactsBefore.toISOString(), casesClosedBefore: cut.casesBefore.toISOString(), counts,
    };
  }

  // ——— Past its limit and still holding personal data: the same queries count (dry run) and find (real run) ———

  private casesDue(m: EntityManager, cut: Cutoffs): SelectQueryBuilder<Case> {
    return m.getRepository(Case).createQueryBuilder('x').select('x.id', 'id')
      .where("x.status = 'CLOSED' AND x.closedAt < :casesBefore", cut)
      .andWhere(`(x.safetyPlanCipher IS NOT NULL OR x.notesCipher IS NOT NULL
        OR EXISTS (SELECT 1 FROM case_persons p WHERE p.caseId = x.id)
        OR EXISTS (SELECT 1 FROM case_names n WHERE n.caseId = x.id)
        OR EXISTS (SELECT 1 FROM case_tasks t WHERE t.caseId = x.id))`);
  }

  private contactsDue(m: EntityManager, cut: Cutoffs): SelectQueryBuilder<Contact> {
    return m.getRepository(Contact).createQueryBuilder('x').select('x.id', 'id')
      .where(`x.id IN (${OLD_CONTACTS})`, cut)
      .andWhere(`(x.notesCipher IS NOT NULL OR x.callbackCipher IS NOT NULL OR x.callerHash IS NOT NULL
        OR x.region IS NOT NULL OR x.messageUrl IS NOT NULL)`);
  }

  private intakesDue(m: EntityManager, cut: Cutoffs): SelectQueryBuilder<ContactIntake> {
    return m.getRepository(ContactIntake).createQueryBuilder('x').select('x.contactId', 'id')
      .where(`x.contactId IN (${OLD_CONTACTS})`, cut)
      .andWhere('(x.freeTextCipher IS NOT NULL OR x.overrideReasonCipher IS NOT NULL)');
  }

  private assessmentsDue(m: EntityManager, cut: Cutoffs): SelectQueryBuilder<RiskAssessment> {
    return m.getRepository(RiskAssessment).createQueryBuilder('x').select('x.id', 'id')
      .where(`(x.contactId IN (${OLD_CONTACTS}) OR x.caseId IN (${OLD_CASES}))`, cut)
      .andWhere('x.overrideReasonCipher IS NOT NULL');
  }

  private belongingToOldCases<E extends ObjectLiteral>(m: EntityManager, entity: new () => E, cut: Cutoffs): SelectQueryBuilder<E> {
    return m.getRepository(entity).createQueryBuilder('x').where(`x.caseId IN (${OLD_CASES})`, cut);
  }

  private async count(cut: Cutoffs): Promise<RetentionCounts> {
    const m = this.deps.db.manager;
    const [contacts, intakes, riskAssessments, cases, casePersons, caseNames, caseTasks] = await Promise.all([
      this.contactsDue(m, cut).getCount(), this.intakesDue(m, cut).getCount(), this.assessmentsDue(m, cut).getCount(),
      this.casesDue(m, cut).getCount(), this.belongingToOldCases(m, CasePerson, cut).getCount(),
      this.belongingToOldCases(m, CaseName, cut).getCount(), this.belongingToOldCases(m, CaseTask, cut).getCount(),
    ]);
    return { contacts, intakes, riskAssessments, cases, casePersons, caseNames, caseTasks };
  }

  /**
   * A batch at a time, one transaction per batch, so a large first run never holds long locks;
   * each batch resumes after the last key of the one before, so the work stays linear.
   */
  private async anonymise(cut: Cutoffs): Promise<RetentionCounts> {
    const { db } = this.deps;
    const batch = this.deps.batchSize ?? BATCH;
    const counts: RetentionCounts = { contacts: 0, intakes: 0, riskAssessments: 0, cases: 0, casePersons: 0, caseNames: 0, caseTasks: 0 };
    const batches = async (
      find: (m: EntityManager) => SelectQueryBuilder<ObjectLiteral>, key: string, change: (tx: EntityManager, ids: string[]) => Promise<void>,
    ) => {
      let after: string | null = null;
      for (;;) {
        const qb = find(db.manager);
        if (after !== null) qb.andWhere(`x.${key} > :after`, { after });
        const ids = (await qb.orderBy(`x.${key}`, 'ASC').limit(batch).getRawMany<{ id: string }>()).map((r) => r.id);
        if (ids.length) await db.transaction((tx) => change(tx, ids));
        if (ids.length < batch) return;
        after = ids[ids.length - 1]!;
      }
    };

    await batches((m) => this.casesDue(m, cut), 'id', async (tx, ids) => {
      counts.casePersons += (await tx.getRepository(CasePerson).delete({ caseId: In(ids) })).affected ?? 0;
      counts.caseNames += (await tx.getRepository(CaseName).delete({ caseId: In(ids) })).affected ?? 0;
      counts.caseTasks += (await tx.getRepository(CaseTask).delete({ caseId: In(ids) })).affected ?? 0;
      await tx.getRepository(Case).update({ id: In(ids) }, { safetyPlanCipher: null, notesCipher: null });
      counts.cases += ids.length;
    });
    await batches((m) => this.contactsDue(m, cut), 'id', async (tx, ids) => {
      await tx.getRepository(Contact).update({ id: In(ids) }, {
        notesCipher: null, callbackCipher: null, callbackExpiresAt: null, callerHash: null, region: null, messageUrl: null,
      });
      counts.contacts += ids.length;
    });
    await batches((m) => this.intakesDue(m, cut), 'contactId', async (tx, ids) => {
      await tx.getRepository(ContactIntake).update({ contactId: In(ids) }, { freeTextCipher: null, overrideReasonCipher: null });
      counts.intakes += ids.length;
    });
    await batches((m) => this.assessmentsDue(m, cut), 'id', async (tx, ids) => {
      await tx.getRepository(RiskAssessment).update({ id: In(ids) }, { overrideReasonCipher: null });
      counts.riskAssessments += ids.length;
    });
    return counts;
  }
}
