import { randomUUID } from 'node:crypto';
import { In, IsNull, type DataSource } from 'typeorm';
import type { Telephony } from '../../ivr/twilio/telephony.js';
import type { Bus } from '../bus.js';
import type { ContactEventKind, ContactEventView, MonitorCall, TransferTarget } from '../contracts/contacts.js';
import { Conflict, DomainError, Forbidden, NotFound } from '../errors.js';
import type { Logger } from '../log.js';
import type { RoutingService } from '../routing/routing.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { Actor } from '../users/actor.js';
import { skillsOf } from '../users/skills.js';
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
  constructor(private readonly deps: {
    db: DataSource; bus: Bus; now: () => Date; telephony: Telephony; settings: SettingsService; routing: RoutingService; log: Logger;
    webhook: (path: string) => string;
  }) {}

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

  // ——— Warm transfer ———

  /** Who the call could go to now: available colleagues, those who speak the caller's language best first. */
  async transferTargets(actor: Actor, contactId: string): Promise<{ items: TransferTarget[] }> {
    const contact = await this.live(actor, contactId);
    const free = await this.deps.db.getRepository(User).find({ where: { state: 'available', active: true, role: In(['operator', 'supervisor']) } });
    const rank = { native: 0, fluent: 1, basic: 2 } as const;
    const items = free
      .filter((u) => u.id !== contact.answeredById)
      .map((u): TransferTarget => {
        const level = contact.language && contact.language !== 'other' ? skillsOf(u).languages[contact.language] ?? null : null;
        return { id: u.id, displayName: u.displayName, role: u.role as 'operator' | 'supervisor', level };
      })
      .sort((a, b) => (a.level ? rank[a.level] : 3) - (b.level ? rank[b.level] : 3) || a.displayName.localeCompare(b.displayName));
    return { items };
  }

  /**
   * The operator brings a colleague (who must be available) into the call to hand it over: the
   * caller holds, with music, while the two talk; then `completeTransfer` or `cancelTransfer`.
   */
  async startTransfer(actor: Actor, contactId: string, targetId: string): Promise<ContactEventView> {
    const { db, telephony, routing, log } = this.deps;
    const contact = await this.live(actor, contactId);
    if (contact.transferToId) throw new Conflict('A transfer is already under way');
    if (targetId === contact.answeredById) throw new Conflict('The call is already yours');
    const target = await db.getRepository(User).findOneBy({ id: targetId, active: true, role: In(['operator', 'supervisor']) });
    if (!target) throw new NotFound('operator');
    if (!(await routing.claimForTransfer(targetId))) throw new Conflict(`${target.displayName} is not available`);
    const contacts = db.getRepository(Contact);
    const claimed = await contacts.update({ id: contactId, status: 'connected', transferToId: IsNull() }, { transferToId: targetId });
    if (claimed.affected !== 1) {
      await routing.returnFromTransfer(targetId);
      throw new Conflict('The call changed meanwhile; try again');
    }
    const conference = conferenceName(contactId);
    try {
      await telephony.updateParticipant(conference, contact.callSid, { hold: true });
      const sid = await telephony.addParticipant({
        conference, to: target.phone ?? `client:${target.username}`, label: `transfer-${targetId}`, endsCall: false,
        statusCallback: this.deps.webhook(`/ivr/transfer/status/${contactId}`),
      });
      await contacts.update({ id: contactId, transferToId: targetId }, { transferCallSid: sid });
    } catch (err) {
      log.error('transfer could not start', { contactId, err });
      await telephony.updateParticipant(conference, contact.callSid, { hold: false }).catch(() => undefined);
      await contacts.update({ id: contactId, transferToId: targetId }, { transferToId: null, transferCallSid: null });
      await routing.returnFromTransfer(targetId);
      throw new DomainError('conflict', `${target.displayName}'s phone could not be called. The caller is back with you.`);
    }
    return this.log(actor, contactId, 'transfer_started', target.displayName);
  }

  /** The colleague takes the call: the caller comes off hold with them, and the operator leaves (to wrap-up). */
  async completeTransfer(actor: Actor, contactId: string): Promise<ContactEventView> {
    const { db, telephony, routing, bus, log } = this.deps;
    const contact = await this.live(actor, contactId);
    if (!contact.transferToId || !contact.transferCallSid) throw new Conflict('No transfer is under way');
    const from = contact.answeredById!;
    const to = contact.transferToId;
    const conference = conferenceName(contactId);
    try {
      // Whoever ends the call from now on is the colleague, not the operator leaving.
      await telephony.updateParticipant(conference, `transfer-${to}`, { endsCall: true });
      if (contact.operatorCallSid) await telephony.updateParticipant(conference, contact.operatorCallSid, { endsCall: false });
      await telephony.updateParticipant(conference, contact.callSid, { hold: false });
    } catch (err) {
      log.error('transfer could not complete', { contactId, err });
      throw new DomainError('conflict', 'The transfer could not be completed; you are still on the call. Try again, or cancel it.');
    }
    const { affected } = await db.getRepository(Contact).update(
      { id: contactId, status: 'connected', transferToId: to, answeredById: from },
      { answeredById: to, operatorCallSid: contact.transferCallSid, transferToId: null, transferCallSid: null },
    );
    if (affected !== 1) throw new Conflict('The call changed meanwhile');
    if (contact.operatorCallSid) await telephony.hangup(contact.operatorCallSid).catch((err) => log.warn('leaving operator leg not hung up', { contactId, err }));
    await routing.release(from);
    const name = (await db.getRepository(User).findOneBy({ id: to }))?.displayName ?? '';
    const event = await this.log(actor, contactId, 'transferred', name);
    bus.publish({ type: 'call.ended', contactId, operatorId: from });
    bus.publish({ type: 'call.connected', contactId, operatorId: to });
    bus.publish({ type: 'contact.changed', contactId, operatorId: to });
    return event;
  }

  /**
   * The colleague's phone left before the handover was completed (they hung up, or never answered):
   * the transfer is called off by itself, and the caller comes off hold with the operator.
   */
  async transferLegEnded(contactId: string, callSid: string): Promise<void> {
    const { db, telephony, routing, log, bus, now } = this.deps;
    const contact = await db.getRepository(Contact).findOneBy({ id: contactId, transferCallSid: callSid });
    if (!contact?.transferToId) return;
    const to = contact.transferToId;
    const { affected } = await db.getRepository(Contact).update({ id: contactId, transferCallSid: callSid }, { transferToId: null, transferCallSid: null });
    if (affected !== 1) return;
    if (contact.status === 'connected') {
      await telephony.updateParticipant(conferenceName(contactId), contact.callSid, { hold: false }).catch((err) => log.error('caller not taken off hold', { contactId, err }));
    }
    await routing.returnFromTransfer(to);
    const name = (await db.getRepository(User).findOneBy({ id: to }))?.displayName ?? '';
    await addContactEvent(db, { contactId, kind: 'transfer_cancelled', actorId: null, detail: name, at: now() });
    log.info('transfer called off: the colleague left', { contactId });
    bus.publish({ type: 'contact.changed', contactId, operatorId: contact.answeredById });
  }

  /** The handover is called off: the colleague's phone leaves, the caller comes off hold with the operator. */
  async cancelTransfer(actor: Actor, contactId: string): Promise<ContactEventView> {
    const { db, telephony, routing, log } = this.deps;
    const contact = await this.live(actor, contactId);
    if (!contact.transferToId) throw new Conflict('No transfer is under way');
    const to = contact.transferToId;
    const { affected } = await db.getRepository(Contact).update({ id: contactId, transferToId: to }, { transferToId: null, transferCallSid: null });
    if (affected !== 1) throw new Conflict('The call changed meanwhile');
    if (contact.transferCallSid) await telephony.hangup(contact.transferCallSid).catch((err) => log.warn('transfer leg not hung up', { contactId, err }));
    await telephony.updateParticipant(conferenceName(contactId), contact.callSid, { hold: false }).catch((err) => log.error('caller not taken off hold', { contactId, err }));
    await routing.returnFromTransfer(to);
    const name = (await db.getRepository(User).findOneBy({ id: to }))?.displayName ?? '';
    return this.log(actor, contactId, 'transfer_cancelled', name);
  }

  /**
   * The operator ends the call from the console (a phone that cannot hang up, a caller who stays on
   * the line): the caller's leg is hung up; its status callback closes the contact as any hang-up.
   */
  async hangUp(actor: Actor, contactId: string): Promise<void> {
    const { telephony, log } = this.deps;
    const contact = await this.live(actor, contactId);
    try {
      await telephony.hangup(contact.callSid);
    } catch (err) {
      log.error('call could not be hung up', { contactId, err });
      throw new DomainError('conflict', 'The call could not be ended. Try again, or hang up your phone.');
    }
    if (contact.operatorCallSid) await telephony.hangup(contact.operatorCallSid).catch(() => undefined);
    log.info('call ended from the console', { contactId, userId: actor.userId });
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
