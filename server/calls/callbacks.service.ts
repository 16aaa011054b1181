import { randomBytes, randomUUID } from 'node:crypto';
import { IsNull, LessThan, MoreThan, type DataSource } from 'typeorm';
import type { Telephony } from '../../ivr/twilio/telephony.js';
import type { Bus } from '../bus.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import type { Logger } from '../log.js';
import type { DataProtection } from '../privacy/crypto.js';
import type { RoutingService } from '../routing/routing.service.js';
import type { Actor } from '../users/actor.js';
import { User } from '../users/user.entity.js';
import { conferenceName } from './calls.service.js';
import { Contact } from './contact.entity.js';
import { addContactEvent } from './contact-events.js';
import { mayOnContact } from './contacts.policy.js';

/** A claim on a message older than this is from a call-back that never finished (a node crashed): it lapses. */
const CLAIM_LAPSES_MS = 10 * 60_000;
/** How long the person's phone rings before the call-back counts as not answered. */
const RING_SECONDS = 30;

export interface CallbacksDeps {
  db: DataSource;
  bus: Bus;
  now: () => Date;
  protect: DataProtection;
  telephony: Telephony;
  routing: RoutingService;
  log: Logger;
  webhook: (path: string) => string;
}

/**
 * Calling back someone who left a message and agreed to be called: the operator's phone first,
 * then — once the operator is on — the person's number into the same conference, with the
 * helpline's number as caller ID and no announcement (whoever answers may not be the person).
 * The number is deleted as soon as the person answers; if nobody does, the request stays.
 */
export class CallbacksService {
  constructor(private readonly deps: CallbacksDeps) {}

  /** The operator clicks Call back: claims the request, and rings their own phone. Returns the call-back contact. */
  async start(actor: Actor, messageId: string): Promise<Contact> {
    const { db, now, telephony, routing, webhook, log, bus } = this.deps;
    const contacts = db.getRepository(Contact);
    const message = await contacts.findOneBy({ id: messageId });
    if (!message) throw new NotFound('contact');
    if (!mayOnContact(actor, 'callback', message)) throw new Forbidden();
    if (!message.callbackCipher || !message.callbackExpiresAt || message.callbackExpiresAt <= now()) {
      throw new Conflict('There is no number to call back any more');
    }
    const lapsed = new Date(now().getTime() - CLAIM_LAPSES_MS);
    const claim = { callbackById: actor.userId, callbackAt: now() };
    const claimed = (await contacts.update({ id: messageId, callbackById: IsNull(), callbackExpiresAt: MoreThan(now()) }, claim)).affected === 1
      || (await contacts.update({ id: messageId, callbackAt: LessThan(lapsed), callbackExpiresAt: MoreThan(now()) }, claim)).affected === 1;
    if (!claimed) throw new Conflict('A colleague is calling this person back now');
    if (!(await routing.takeForCall(actor.userId))) {
      await this.unclaim(messageId, actor.userId);
      throw new Conflict('Finish your current call first');
    }

    const callback = contacts.create({
      ...message,
      id: randomUUID(), callSid: `callback-${randomBytes(16).toString('hex')}`, status: 'connecting', ivrStep: 'queue', ivrAttempts: 0,
      startedAt: now(), queuedAt: null, offeredToId: null, offerExpiresAt: null, declinedBy: [], answeredById: actor.userId, answeredAt: null,
      operatorCallSid: null, endedAt: null, durationSeconds: null, callbackCipher: null, callbackExpiresAt: null, messageAt: null,
      messageUrl: null, messageSeconds: null, callerType: null, pertinence: null, contactClass: null, reasons: null, outcomes: null,
      notesCipher: null, recordSavedAt: null, recordSavedById: null, callbackOfId: messageId, callbackById: null, callbackAt: null,
      transferToId: null, transferCallSid: null,
    });
    await contacts.insert(callback);
    const operator = (await db.getRepository(User).findOneBy({ id: actor.userId }))!;
    try {
      const sid = await telephony.dial({ to: operator.phone ?? `client:${operator.username}`, url: webhook(`/ivr/callback/operator/${callback.id}`), statusCallback: webhook('/ivr/status') });
      await contacts.update({ id: callback.id, operatorCallSid: IsNull() }, { operatorCallSid: sid });
    } catch (err) {
      log.warn('operator leg of a call-back could not be dialled', { contactId: callback.id, err });
      await this.fail(callback, 'not_dialled');
      throw new Conflict('Your phone could not be called; the request is still in the list');
    }
    log.info('call-back started', { contactId: callback.id, messageId });
    bus.publish({ type: 'callback.changed', contactId: messageId, language: message.language ?? 'it' });
    return (await contacts.findOneBy({ id: callback.id }))!;
  }

  /** The operator's phone answered: they join the conference, and the person's number is rung into it. */
  async operatorAnswered(callbackId: string, operatorCallSid: string): Promise<{ conference: string } | null> {
    const { db, protect, telephony, webhook, log } = this.deps;
    const contacts = db.getRepository(Contact);
    const callback = await contacts.findOneBy({ id: callbackId, status: 'connecting' });
    if (!callback?.callbackOfId) return null;
    const message = await contacts.findOneBy({ id: callback.callbackOfId });
    if (!message?.callbackCipher) {
      await this.fail(callback, 'number_gone');
      return null;
    }
    await contacts.update({ id: callbackId }, { operatorCallSid });
    const number = protect.decrypt(message.callbackCipher);
    void telephony.addParticipant({
      conference: conferenceName(callbackId), to: number, label: 'caller', endsCall: true, timeoutSeconds: RING_SECONDS,
      statusCallback: webhook(`/ivr/callback/status/${callbackId}`),
    }).then(
      (sid) => contacts.update({ id: callbackId, status: 'connecting' }, { callSid: sid }),
      async (err) => {
        log.error('call-back number could not be rung', { contactId: callbackId, err });
        await this.fail(callback, 'not_dialled');
      },
    );
    return { conference: conferenceName(callbackId) };
  }

  /**
   * The person's leg: answered (the call-back worked: the number is deleted), or ended. Idempotent:
   * each step is a conditional update a repeated callback cannot pass twice.
   */
  async personLeg(callbackId: string, status: string, durationSeconds: number | null): Promise<void> {
    const { db, now, bus, routing, log } = this.deps;
    const contacts = db.getRepository(Contact);
    const callback = await contacts.findOneBy({ id: callbackId });
    if (!callback?.callbackOfId || !callback.answeredById) return;
    if (status === 'in-progress') {
      const { affected } = await contacts.update({ id: callbackId, status: 'connecting' }, { status: 'connected', answeredAt: now() });
      if (affected !== 1) return;
      await contacts.update({ id: callback.callbackOfId }, { callbackCipher: null, callbackExpiresAt: null, callbackById: null, callbackAt: null });
      await addContactEvent(db, { contactId: callback.callbackOfId, kind: 'called_back', actorId: callback.answeredById, detail: null, at: now() });
      log.info('call-back answered; number deleted', { contactId: callbackId, messageId: callback.callbackOfId });
      bus.publish({ type: 'call.connected', contactId: callbackId, operatorId: callback.answeredById });
      bus.publish({ type: 'contact.changed', contactId: callbackId, operatorId: callback.answeredById });
      bus.publish({ type: 'callback.changed', contactId: callback.callbackOfId, language: callback.language ?? 'it' });
      return;
    }
    if (!['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(status)) return;
    if (callback.status === 'connected') {
      const { affected } = await contacts.update({ id: callbackId, status: 'connected' }, { status: 'completed', endedAt: now(), durationSeconds });
      if (affected !== 1) return;
      await routing.release(callback.answeredById);
      bus.publish({ type: 'call.ended', contactId: callbackId, operatorId: callback.answeredById });
      bus.publish({ type: 'contact.changed', contactId: callbackId, operatorId: callback.answeredById });
      return;
    }
    await this.fail(callback, status);
  }

  /** The operator's leg ended while the person's phone was still ringing (or never answered): nobody spoke. */
  async operatorLegEnded(callback: Contact): Promise<void> {
    if (callback.status === 'connecting') await this.fail(callback, 'operator_left');
  }

  /** Nobody answered (or something failed): the request goes back to the list with its number; the operator is free. */
  private async fail(callback: Contact, why: string): Promise<void> {
    const { db, now, bus, routing, telephony, log } = this.deps;
    const contacts = db.getRepository(Contact);
    const { affected } = await contacts.update({ id: callback.id, status: 'connecting' }, { status: 'no_answer', endedAt: now() });
    if (affected !== 1) return;
    log.info('call-back not answered', { contactId: callback.id, why });
    if (callback.callbackOfId) await this.unclaim(callback.callbackOfId, callback.answeredById);
    const fresh = await contacts.findOneBy({ id: callback.id });
    if (fresh?.operatorCallSid) await telephony.hangup(fresh.operatorCallSid).catch(() => undefined);
    if (fresh?.callSid && !fresh.callSid.startsWith('callback-')) await telephony.hangup(fresh.callSid).catch(() => undefined);
    if (callback.answeredById) {
      await routing.release(callback.answeredById);
      bus.publish({ type: 'call.ended', contactId: callback.id, operatorId: callback.answeredById });
    }
    bus.publish({ type: 'contact.changed', contactId: callback.id, operatorId: callback.answeredById });
    if (callback.callbackOfId) bus.publish({ type: 'callback.changed', contactId: callback.callbackOfId, language: callback.language ?? 'it' });
  }

  private async unclaim(messageId: string, by: string | null): Promise<void> {
    await this.deps.db.getRepository(Contact).update({ id: messageId, ...(by ? { callbackById: by } : {}) }, { callbackById: null, callbackAt: null });
  }
}
