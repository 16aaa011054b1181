import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../../ivr/twilio/telephony.js';
import type { Bus } from '../bus.js';
import type { ContactEventKind, ContactEventView, MonitorCall } from '../contracts/contacts.js';
import { DomainError, Forbidden, NotFound } from '../errors.js';
import type { Logger } from '../log.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { Actor } from '../users/actor.js';
import { User } from '../users/user.entity.js';
import { conferenceName } from './calls.service.js';
import { Contact } from './contact.entity.js';
import { addContactEvent } from './contact-events.js';
import { mayOnContact } from './contacts.policy.js';

type MonitorMode = MonitorCall['mode'];

/**
 * What staff do to a call in progress, through Twilio conference participants, each logged on the
 * contact: hold, an interpreter line as a third participant, a supervisor listening, coaching or joining.
 */
export class LiveCallService {
  constructor(private readonly deps: { db: DataSource; bus: Bus; now: () => Date; telephony: Telephony; settings: SettingsService; log: Logger }) {}

  async addInterpreter(actor: Actor, contactId: string, lineIndex: number): Promise<ContactEventView> {
    const { telephony, settings, log } = this.deps;
    await this.live(actor, contactId);
    const line = (await settings.interpreterLines()).items[lineIndex];
    if (!line || !line.active) throw new NotFound('interpreter line');
    try {
      // Labels are unique within a conference (Twilio refuses a second "interpreter" while the first is on).
      await telephony.addParticipant({ conference: conferenceName(contactId), to: line.number, label: `interpreter-${randomUUID().slice(0, 8)}` });
    } catch (err) {
      log.error('interpreter line could not be called', { contactId, err });
      throw new DomainError('conflict', 'The interpreter line could not be called. Try again, or another line.');
    }
    return this.log(actor, contactId, 'interpreter_added', line.label);
  }

  /** The operator puts the caller on hold (Twilio's hold music) or back; a supervisor may too. */
  async hold(actor: Actor, contactId: string, hold: boolean): Promise<ContactEventView> {
    const contact = await this.live(actor, contactId);
    try {
      await this.deps.telephony.updateParticipant(conferenceName(contactId), contact.callSid, { hold });
    } catch (err) {
      this.deps.log.error('hold could not be changed', { contactId, err });
      throw new DomainError('conflict', 'The call could not be put on hold or taken off it. Try again.');
    }
    return this.log(actor, contactId, hold ? 'held' : 'resumed', null);
  }

  /**
   * A supervisor listens to a live call, coaches the operator (heard by them alone) or joins it.
   * The supervisor's phone is one participant, labelled for them: a change of mode updates it, and
   * if it is not on the call (first time, or they hung up) it is called in, without a beep.
   */
  async monitor(actor: Actor, contactId: string, mode: MonitorMode): Promise<ContactEventView> {
    const { db, telephony, log } = this.deps;
    if (actor.role !== 'supervisor') throw new Forbidden();
    const contact = await this.live(actor, contactId);
    const conference = conferenceName(contactId);
    const label = `supervisor-${actor.userId}`;
    const coach = mode === 'coach' ? contact.operatorCallSid ?? undefined : undefined;
    if (mode === 'coach' && !coach) throw new DomainError('invalid_transition', 'The operator is not on the call yet');
    const change = { muted: mode === 'listen', coach: coach ?? null };
    try {
      try {
        await telephony.updateParticipant(conference, label, change);
      } catch (err) {
        if ((err as { status?: number }).status !== 404) throw err;
        const me = (await db.getRepository(User).findOneBy({ id: actor.userId }))!;
        await telephony.addParticipant({ conference, to: me.phone ?? `client:${me.username}`, label, beep: false, muted: mode === 'listen', ...(coach ? { coach } : {}) });
      }
    } catch (err) {
      log.error('supervisor could not be brought into the call', { contactId, mode, err });
      throw new DomainError('conflict', 'Your phone could not be brought into the call. Try again.');
    }
    const kind = mode === 'listen' ? 'supervisor_listening' : mode === 'coach' ? 'supervisor_coaching' : 'supervisor_joined';
    return this.log(actor, contactId, kind, null);
  }

  /** The contact, if this actor may act on its live call now. */
  private async live(actor: Actor, contactId: string): Promise<Contact> {
    const contact = await this.deps.db.getRepository(Contact).findOneBy({ id: contactId });
    if (!contact) throw new NotFound('contact');
    if (!mayOnContact(actor, 'live', contact)) {
      if (contact.answeredById === actor.userId || actor.role === 'supervisor') throw new DomainError('invalid_transition', 'The call is no longer connected');
      throw new Forbidden();
    }
    return contact;
  }

  private async log(actor: Actor, contactId: string, kind: ContactEventKind, detail: string | null): Promise<ContactEventView> {
    const at = this.deps.now();
    await addContactEvent(this.deps.db, { contactId, at, kind, actorId: actor.userId, detail });
    this.deps.log.info('contact event', { contactId, kind, userId: actor.userId });
    const contact = await this.deps.db.getRepository(Contact).findOne({ where: { id: contactId }, select: { id: true, answeredById: true } });
    this.deps.bus.publish({ type: 'contact.changed', contactId, operatorId: contact?.answeredById ?? null });
    const name = (await this.deps.db.getRepository(User).findOne({ where: { id: actor.userId }, select: { id: true, displayName: true } }))?.displayName ?? '';
    return { at: at.toISOString(), kind, detail, actor: { id: actor.userId, displayName: name } };
  }
}
