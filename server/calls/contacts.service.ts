import { In, IsNull, LessThan, MoreThan, Not, type DataSource, type FindOptionsWhere } from 'typeorm';
import type { Bus } from '../bus.js';
import type { ContactEventView, ContactRecordInput, ContactView } from '../contracts/contacts.js';
import type { CallbackTask } from '../contracts/settings.js';
import { decodeCursor, encodeCursor } from '../db/cursor.js';
import { Forbidden, NotFound } from '../errors.js';
import type { DataProtection } from '../privacy/crypto.js';
import type { Actor } from '../users/actor.js';
import { User } from '../users/user.entity.js';
import type { AuditService } from '../audit/audit.service.js';
import { Case } from '../cases/case.entity.js';
import { mayOnCase, mayViewThroughCase } from '../cases/cases.policy.js';
import { Contact } from './contact.entity.js';
import { ContactEvent } from './contact-event.entity.js';
import { callbackScope, listScope, mayOnContact } from './contacts.policy.js';
import { presentContact } from './contacts.presenter.js';

/** Staff's side of contacts: read them and record what the call was about. */
export class ContactsService {
  constructor(private readonly deps: { db: DataSource; bus: Bus; now: () => Date; protect: DataProtection; audit: AuditService }) {}

  async list(actor: Actor, q: { cursor?: string; limit: number }): Promise<{ items: ContactView[]; next?: string }> {
    const scope = listScope(actor);
    if (!scope) throw new Forbidden();
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const where: FindOptionsWhere<Contact>[] = cursor
      ? [{ ...scope, startedAt: LessThan(new Date(cursor.t)) }, { ...scope, startedAt: new Date(cursor.t), id: LessThan(cursor.id) }]
      : [scope];
    const rows = await this.deps.db.getRepository(Contact).find({ where, order: { startedAt: 'DESC', id: 'DESC' }, take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const items = await this.present(page);
    await this.deps.audit.record({ actor, action: 'contact.list', subjectType: 'contact', subjectId: null, detail: { results: page.length } });
    const last = page[page.length - 1];
    return rows.length > q.limit && last ? { items, next: encodeCursor({ t: last.startedAt.toISOString(), id: last.id }) } : { items };
  }

  async read(actor: Actor, id: string): Promise<ContactView> {
    const contact = await this.deps.db.getRepository(Contact).findOneBy({ id });
    if (!contact) throw new NotFound('contact');
    if (!mayOnContact(actor, 'view', contact) && !await mayViewThroughCase(this.deps.db, actor, contact)) throw new Forbidden();
    const [[view], earlier, events] = await Promise.all([this.present([contact]), this.earlier(actor, contact), this.events(contact.id)]);
    await this.deps.audit.record({ actor, action: 'contact.read', subjectType: 'contact', subjectId: id });
    return { ...view!, earlier, events };
  }

  /** The contact's timeline, oldest first. */
  private async events(contactId: string): Promise<ContactEventView[]> {
    const rows = await this.deps.db.getRepository(ContactEvent).find({ where: { contactId }, order: { at: 'ASC', id: 'ASC' } });
    const names = await this.namesOf(rows.map((r) => r.actorId));
    return rows.map((r) => ({
      at: r.at.toISOString(), kind: r.kind, detail: r.detail,
      actor: r.actorId ? { id: r.actorId, displayName: names.get(r.actorId) ?? '' } : null,
    }));
  }

  private async namesOf(userIds: Array<string | null>): Promise<Map<string, string>> {
    const ids = [...new Set(userIds.filter((x): x is string => !!x))];
    const users = ids.length ? await this.deps.db.getRepository(User).find({ where: { id: In(ids) }, select: { id: true, displayName: true } }) : [];
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  /**
   * "Called 3 times, last 2 days ago": earlier contacts with the same caller HMAC, and the case the
   * latest one in a case belongs to, if this reader may see that case.
   */
  private async earlier(actor: Actor, c: Contact): Promise<ContactView['earlier']> {
    if (!c.callerHash) return null;
    const where = { callerHash: c.callerHash, startedAt: LessThan(c.startedAt) };
    const contacts = this.deps.db.getRepository(Contact);
    const [count, last, inCase] = await Promise.all([
      contacts.count({ where }),
      contacts.findOne({ where, order: { startedAt: 'DESC' }, select: { id: true, startedAt: true } }),
      contacts.findOne({ where: { ...where, caseId: Not(IsNull()) }, order: { startedAt: 'DESC' }, select: { id: true, caseId: true } }),
    ]);
    const theCase = inCase?.caseId ? await this.deps.db.getRepository(Case).findOneBy({ id: inCase.caseId }) : null;
    return {
      count, lastAt: last?.startedAt.toISOString() ?? null,
      case: theCase && mayOnCase(actor, 'view', theCase) ? { id: theCase.id, code: theCase.code } : null,
    };
  }

  async saveRecord(actor: Actor, id: string, input: ContactRecordInput): Promise<ContactView> {
    const { db, bus, now, protect } = this.deps;
    const contacts = db.getRepository(Contact);
    const contact = await contacts.findOneBy({ id });
    if (!contact) throw new NotFound('contact');
    if (!mayOnContact(actor, 'record', contact)) throw new Forbidden();
    await contacts.update({ id }, {
      callerType: input.callerType,
      language: input.language,
      purpose: input.purpose,
      pertinence: input.pertinence,
      contactClass: input.contactClass,
      reasons: input.reasons,
      outcomes: input.outcomes,
      notesCipher: input.notes ? protect.encrypt(input.notes) : null,
      recordSavedAt: now(),
      recordSavedById: actor.userId,
    });
    await this.deps.audit.record({ actor, action: 'contact.record', subjectType: 'contact', subjectId: id });
    bus.publish({ type: 'contact.changed', contactId: id, operatorId: contact.answeredById });
    return this.read(actor, id);
  }

  /**
   * Messages waiting for a call-back, oldest first: for an operator, those in the languages they
   * speak; for a supervisor, all. The number itself never leaves the server.
   */
  async callbacks(actor: Actor): Promise<{ items: CallbackTask[] }> {
    const scope = callbackScope(actor);
    if (!scope) throw new Forbidden();
    const rows = await this.deps.db.getRepository(Contact).find({
      where: {
        ...(scope.languages === 'all' ? {} : { language: In([...scope.languages]) }),
        callbackCipher: Not(IsNull()), callbackExpiresAt: MoreThan(this.deps.now()),
      },
      order: { messageAt: 'ASC', startedAt: 'ASC' },
      take: 200,
    });
    const names = await this.namesOf(rows.map((c) => c.callbackById));
    return {
      items: rows.map((c) => ({
        contactId: c.id, language: c.language, danger: c.danger, cannotTalkFreely: c.cannotTalkFreely,
        leftAt: (c.messageAt ?? c.endedAt ?? c.startedAt).toISOString(), expiresAt: c.callbackExpiresAt!.toISOString(),
        messageSeconds: c.messageSeconds, inProgressBy: c.callbackById ? (names.get(c.callbackById) ?? '') : null,
      })),
    };
  }

  private async present(contacts: Contact[]): Promise<ContactView[]> {
    const names = await this.namesOf(contacts.flatMap((c) => [c.answeredById, c.transferToId]));
    return contacts.map((c) => presentContact(c, this.deps.protect, names));
  }
}
