import { randomUUID } from 'node:crypto';
import { In, IsNull, type DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import type { Bus } from '../bus.js';
import { Contact } from '../calls/contact.entity.js';
import { addContactEvent } from '../calls/contact-events.js';
import type { RiskAlert } from '../contracts/intake.js';
import type { RiskReason } from '../contracts/risk.js';
import { Forbidden, NotFound } from '../errors.js';
import type { Actor } from '../users/actor.js';
import { User } from '../users/user.entity.js';
import { RiskAlertRow } from './alert.entity.js';

/**
 * IMMEDIATE risk reaches every supervisor online at once, and stays on their screens until one of
 * them acknowledges it (logged on the contact and in the audit). A supervisor who signs in later
 * sees the alerts still open.
 */
export class RiskAlertsService {
  constructor(private readonly deps: { db: DataSource; bus: Bus; now: () => Date; audit: AuditService }) {}

  /** Raised when a contact's level turns IMMEDIATE; one open alert per contact at a time. */
  async raise(raisedBy: Actor, contactId: string, reasons: RiskReason[]): Promise<void> {
    const { db, now, bus } = this.deps;
    const alerts = db.getRepository(RiskAlertRow);
    if (await alerts.existsBy({ contactId, acknowledgedAt: IsNull(), withdrawnAt: IsNull() })) return;
    const alert: RiskAlertRow = {
      id: randomUUID(), contactId, raisedAt: now(), raisedById: raisedBy.userId, reasons, acknowledgedAt: null, acknowledgedById: null, withdrawnAt: null,
    };
    await alerts.insert(alert);
    await addContactEvent(db, { contactId, kind: 'risk_immediate', actorId: raisedBy.userId, detail: null, at: alert.raisedAt });
    bus.publish({ type: 'risk.alert', alertId: alert.id });
  }

  async open(actor: Actor): Promise<{ items: RiskAlert[] }> {
    if (actor.role !== 'supervisor') throw new Forbidden();
    const rows = await this.deps.db.getRepository(RiskAlertRow).find({ where: { acknowledgedAt: IsNull(), withdrawnAt: IsNull() }, order: { raisedAt: 'ASC' }, take: 100 });
    return { items: await this.present(rows) };
  }

  async view(alertId: string): Promise<RiskAlert> {
    const row = await this.deps.db.getRepository(RiskAlertRow).findOneBy({ id: alertId });
    if (!row) throw new NotFound('alert');
    return (await this.present([row]))[0]!;
  }

  /** The first supervisor to acknowledge wins; a second acknowledgement changes nothing. */
  async acknowledge(actor: Actor, alertId: string): Promise<RiskAlert> {
    const { db, now, bus, audit } = this.deps;
    if (actor.role !== 'supervisor') throw new Forbidden();
    const alerts = db.getRepository(RiskAlertRow);
    const row = await alerts.findOneBy({ id: alertId });
    if (!row) throw new NotFound('alert');
    const at = now();
    const { affected } = await alerts.update({ id: alertId, acknowledgedAt: IsNull() }, { acknowledgedAt: at, acknowledgedById: actor.userId });
    if (affected === 1) {
      await addContactEvent(db, { contactId: row.contactId, kind: 'risk_alert_acknowledged', actorId: actor.userId, detail: null, at });
      await audit.record({ actor, action: 'risk.alert.acknowledge', subjectType: 'contact', subjectId: row.contactId, detail: { alertId } });
      bus.publish({ type: 'risk.acknowledged', alertId });
      await this.contactChanged(row.contactId);
    }
    return this.view(alertId);
  }

  /**
   * The contact's level came down before anyone acknowledged (the operator corrected an answer): the
   * open alert stands down, on the contact's timeline and on every supervisor's screen.
   */
  async withdraw(actor: Actor, contactId: string): Promise<void> {
    const { db, now, bus } = this.deps;
    const alerts = db.getRepository(RiskAlertRow);
    const open = await alerts.findOneBy({ contactId, acknowledgedAt: IsNull(), withdrawnAt: IsNull() });
    if (!open) return;
    const at = now();
    const { affected } = await alerts.update({ id: open.id, acknowledgedAt: IsNull(), withdrawnAt: IsNull() }, { withdrawnAt: at });
    if (affected !== 1) return;
    await addContactEvent(db, { contactId, kind: 'risk_alert_withdrawn', actorId: actor.userId, detail: null, at });
    bus.publish({ type: 'risk.withdrawn', alertId: open.id });
  }

  /** Whoever has the contact open (its operator, supervisors) sees the timeline change. */
  private async contactChanged(contactId: string): Promise<void> {
    const contact = await this.deps.db.getRepository(Contact).findOne({ where: { id: contactId }, select: { id: true, answeredById: true } });
    this.deps.bus.publish({ type: 'contact.changed', contactId, operatorId: contact?.answeredById ?? null });
  }

  private async present(rows: RiskAlertRow[]): Promise<RiskAlert[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.raisedById, r.acknowledgedById]).filter((x): x is string => !!x))];
    const users = ids.length ? await this.deps.db.getRepository(User).find({ where: { id: In(ids) }, select: { id: true, displayName: true } }) : [];
    const name = new Map(users.map((u) => [u.id, u.displayName]));
    const ref = (id: string | null) => (id ? { id, displayName: name.get(id) ?? '' } : null);
    return rows.map((r) => ({
      id: r.id, contactId: r.contactId, raisedAt: r.raisedAt.toISOString(), operator: ref(r.raisedById), reasons: r.reasons,
      acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null, acknowledgedBy: ref(r.acknowledgedById), withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    }));
  }
}
