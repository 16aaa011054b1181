import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import type { Bus } from '../bus.js';
import { Case } from '../cases/case.entity.js';
import { Contact } from '../calls/contact.entity.js';
import { mayOnContact } from '../calls/contacts.policy.js';
import { mayViewThroughCase } from '../cases/cases.policy.js';
import {
  IntakeAnswers, IntakeFreeText, type IntakeView, type RiskOverride, type RiskView,
} from '../contracts/intake.js';
import type { RiskLevel, RiskResult } from '../contracts/risk.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import type { DataProtection } from '../privacy/crypto.js';
import { RiskAssessment } from '../risk/assessment.entity.js';
import type { RiskAlertsService } from '../risk/alerts.service.js';
import type { IndicatorsService } from '../risk/indicators.service.js';
import { riskInputOf } from '../risk/input.js';
import { scoreRisk } from '../risk/score.js';
import type { Actor } from '../users/actor.js';
import { User } from '../users/user.entity.js';
import { ContactIntake } from './intake.entity.js';

type SaveInput = { version: number; answers: IntakeAnswers; freeText: IntakeFreeText; override: RiskOverride | null };

/**
 * The triage form of a contact: read it, save the draft (every few seconds, from the console),
 * score the risk as it goes. A save that turns the level IMMEDIATE alerts every supervisor.
 */
export class IntakeService {
  constructor(private readonly deps: {
    db: DataSource; bus: Bus; now: () => Date; protect: DataProtection; audit: AuditService;
    indicators: IndicatorsService; alerts: RiskAlertsService;
  }) {}

  /** The level the answers give, with its reasons: for the console to show as answers change. */
  async preview(answers: IntakeAnswers): Promise<RiskResult & { catalogueVersion: number }> {
    const catalogue = await this.deps.indicators.current();
    return { ...scoreRisk(riskInputOf(answers), catalogue.indicators), catalogueVersion: catalogue.version };
  }

  async read(actor: Actor, contactId: string): Promise<IntakeView> {
    const contact = await this.contact(contactId);
    if (!mayOnContact(actor, 'view', contact) && !await mayViewThroughCase(this.deps.db, actor, contact)) throw new Forbidden();
    const row = await this.deps.db.getRepository(ContactIntake).findOneBy({ contactId });
    await this.deps.audit.record({ actor, action: 'intake.read', subjectType: 'contact', subjectId: contactId });
    return this.view(actor, contact, row);
  }

  async save(actor: Actor, contactId: string, input: SaveInput): Promise<IntakeView> {
    const { db, now, protect, audit, bus } = this.deps;
    const contact = await this.contact(contactId);
    if (!mayOnContact(actor, 'record', contact)) throw new Forbidden();
    const catalogue = await this.deps.indicators.current();
    const result = scoreRisk(riskInputOf(input.answers), catalogue.indicators);
    const level: RiskLevel = input.override?.level ?? result.level;
    const freeText = Object.values(input.freeText).some((t) => t.length > 0) ? protect.encrypt(JSON.stringify(input.freeText)) : null;
    const row: ContactIntake = {
      contactId, version: input.version + 1, answers: input.answers, freeTextCipher: freeText,
      riskLevel: level, computedLevel: result.level, riskReasons: result.reasons, riskScore: result.score,
      scoringVersion: result.scoringVersion, catalogueVersion: catalogue.version,
      overrideLevel: input.override?.level ?? null, overrideReasonCipher: input.override ? protect.encrypt(input.override.reason) : null,
      savedAt: now(), savedById: actor.userId,
    };
    const before = await db.transaction(async (tx) => {
      const repo = tx.getRepository(ContactIntake);
      const previous = await repo.findOneBy({ contactId });
      if ((previous?.version ?? 0) !== input.version) throw await this.conflict(previous);
      if (previous) {
        const { affected } = await repo.update({ contactId, version: input.version }, row);
        if (affected !== 1) throw new Conflict('Someone saved this record meanwhile; reload it');
      } else {
        await repo.insert(row).catch(() => { throw new Conflict('Someone saved this record meanwhile; reload it'); });
      }
      if (this.assessmentChanged(previous, row)) await this.assess(tx, actor, contact, row);
      return previous;
    });
    await audit.record({ actor, action: 'intake.save', subjectType: 'contact', subjectId: contactId, detail: { version: row.version, level } });
    if (level === 'IMMEDIATE' && before?.riskLevel !== 'IMMEDIATE') await this.deps.alerts.raise(actor, contactId, result.reasons);
    if (level !== 'IMMEDIATE' && before?.riskLevel === 'IMMEDIATE') await this.deps.alerts.withdraw(actor, contactId);
    bus.publish({ type: 'contact.changed', contactId, operatorId: contact.answeredById });
    if (contact.caseId) bus.publish({ type: 'case.changed', caseId: contact.caseId });
    return this.view(actor, contact, row);
  }

  private assessmentChanged(before: ContactIntake | null, after: ContactIntake): boolean {
    if (!before) return after.riskLevel !== 'NOT_ASSESSED';
    return before.riskLevel !== after.riskLevel || before.computedLevel !== after.computedLevel || before.overrideLevel !== after.overrideLevel
      || before.overrideReasonCipher !== null !== (after.overrideReasonCipher !== null);
  }

  /** A new assessment row; a contact in a case gives the case its latest level. */
  private async assess(tx: EntityManager, actor: Actor, contact: Contact, row: ContactIntake): Promise<void> {
    await tx.getRepository(RiskAssessment).insert({
      id: randomUUID(), contactId: contact.id, caseId: contact.caseId, at: row.savedAt, byId: actor.userId, level: row.riskLevel,
      computedLevel: row.computedLevel, reasons: row.riskReasons, score: row.riskScore, scoringVersion: row.scoringVersion,
      catalogueVersion: row.catalogueVersion, overrideLevel: row.overrideLevel, overrideReasonCipher: row.overrideReasonCipher,
    });
    if (contact.caseId) await tx.getRepository(Case).update({ id: contact.caseId }, { riskLevel: row.riskLevel, updatedAt: row.savedAt });
  }

  private async conflict(current: ContactIntake | null): Promise<Conflict> {
    if (!current) return new Conflict('This record was not saved yet; reload it');
    const by = await this.deps.db.getRepository(User).findOne({ where: { id: current.savedById }, select: { displayName: true } });
    return new Conflict(`${by?.displayName ?? 'Someone'} saved this record at ${current.savedAt.toISOString()}; reload to see their changes before saving yours`);
  }

  private async contact(id: string): Promise<Contact> {
    const contact = await this.deps.db.getRepository(Contact).findOneBy({ id });
    if (!contact) throw new NotFound('contact');
    return contact;
  }

  private async view(actor: Actor, contact: Contact, row: ContactIntake | null): Promise<IntakeView> {
    const { protect } = this.deps;
    const editable = mayOnContact(actor, 'record', contact);
    if (!row) {
      const answers = IntakeAnswers.parse({});
      const preview = await this.preview(answers);
      return {
        contactId: contact.id, version: 0, answers, freeText: IntakeFreeText.parse({}), savedAt: null, savedBy: null, caseId: contact.caseId, editable,
        risk: { level: preview.level, computed: preview.level, reasons: preview.reasons, score: preview.score, override: null, scoringVersion: preview.scoringVersion, catalogueVersion: preview.catalogueVersion },
      };
    }
    const by = await this.deps.db.getRepository(User).findOne({ where: { id: row.savedById }, select: { id: true, displayName: true } });
    const risk: RiskView = {
      level: row.riskLevel, computed: row.computedLevel, reasons: row.riskReasons, score: row.riskScore,
      override: row.overrideLevel && row.overrideReasonCipher ? { level: row.overrideLevel as RiskOverride['level'], reason: protect.decrypt(row.overrideReasonCipher) } : null,
      scoringVersion: row.scoringVersion, catalogueVersion: row.catalogueVersion,
    };
    return {
      contactId: contact.id, version: row.version, answers: IntakeAnswers.parse(row.answers),
      freeText: row.freeTextCipher ? IntakeFreeText.parse(JSON.parse(protect.decrypt(row.freeTextCipher))) : IntakeFreeText.parse({}),
      risk, savedAt: row.savedAt.toISOString(), savedBy: by ? { id: by.id, displayName: by.displayName } : null, caseId: contact.caseId, editable,
    };
  }
}
