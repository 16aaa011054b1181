import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { answerMenu, holdMessage, priorityOf, startCall, type IvrInput, type IvrState, type IvrTurn, type Utterance } from '../../ivr/flow/flow.js';
import type { Language } from '../../ivr/languages.js';
import type { Telephony } from '../../ivr/twilio/telephony.js';
import type { Bus } from '../bus.js';
import type { Logger } from '../log.js';
import type { DataProtection } from '../privacy/crypto.js';
import type { RoutingService } from '../routing/routing.service.js';
import { rowInserter } from '../db/row-inserter.js';
import { Contact } from './contact.entity.js';

export const TERMINAL_CALL_STATUSES = ['completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;

export interface CallsDeps {
  db: DataSource;
  bus: Bus;
  now: () => Date;
  protect: DataProtection;
  routing: RoutingService;
  telephony: Telephony;
  log: Logger;
  webhook: (path: string) => string;
}

export const conferenceName = (contactId: string) => `approdo-${contactId}`;

const stateOf = (c: Contact): IvrState => ({
  step: c.ivrStep, attempts: c.ivrAttempts, language: c.language, purpose: c.purpose, danger: c.danger, cannotTalkFreely: c.cannotTalkFreely,
});

/**
 * The caller's side of a contact, driven by Twilio's webhooks: the call arrives, walks the IVR,
 * waits in the queue, is bridged to the operator who accepted it, and ends.
 */
export class CallsService {
  private readonly insertContact: (c: Contact) => Promise<void>;

  constructor(private readonly deps: CallsDeps) {
    this.insertContact = rowInserter(deps.db, Contact);
  }

  /** A call arrives: the contact is created (once, even if Twilio retries) and the IVR starts. */
  async incoming(p: { callSid: string; from: string }): Promise<IvrTurn> {
    const { db, now, protect, log } = this.deps;
    const turn = startCall();
    const contacts = db.getRepository(Contact);
    const contact = contacts.create({
      id: randomUUID(), callSid: p.callSid, callerHash: protect.callerHash(p.from), status: 'ivr',
      ivrStep: turn.state.step, ivrAttempts: 0, language: null, purpose: null, danger: false, cannotTalkFreely: false,
      priority: priorityOf(turn.state), startedAt: now(), queuedAt: null, offeredToId: null, offerExpiresAt: null,
      declinedBy: [], answeredById: null, answeredAt: null, operatorCallSid: null, endedAt: null, durationSeconds: null,
      callerType: null, pertinence: null, contactClass: null, reasons: null, outcomes: null, notesCipher: null,
      recordSavedAt: null, recordSavedById: null,
    });
    try {
      await this.insertContact(contact);
    } catch (err) {
      // Twilio retrying the webhook: the unique callSid keeps one contact, and the caller hears the greeting again.
      if (await contacts.existsBy({ callSid: p.callSid })) return turn;
      throw err;
    }
    log.info('call arrived', { contactId: contact.id });
    return turn;
  }

  /** A menu's answer (digits or silence). Null for a call we do not know. */
  async answer(callSid: string, input: IvrInput): Promise<IvrTurn | null> {
    const { db, now, bus } = this.deps;
    const contacts = db.getRepository(Contact);
    const contact = await contacts.findOneBy({ callSid });
    if (!contact) return null;
    const turn = answerMenu(stateOf(contact), input);
    const s = turn.state;
    const entersQueue = contact.status === 'ivr' && s.step === 'queue';
    await contacts.update({ id: contact.id, status: contact.status }, {
      ivrStep: s.step, ivrAttempts: s.attempts, language: s.language, purpose: s.purpose, danger: s.danger,
      cannotTalkFreely: s.cannotTalkFreely, priority: priorityOf(s),
      ...(entersQueue ? { status: 'queued' as const, queuedAt: now() } : {}),
    });
    if (entersQueue) bus.publish({ type: 'contact.queued', contactId: contact.id });
    return turn;
  }

  /**
   * One round of the hold loop: the hold message while waiting, silence while being moved to the
   * operator, null for a call we do not know (or that is over), which the on-call number takes.
   */
  async holdRound(callSid: string): Promise<Utterance[] | null> {
    const contact = await this.deps.db.getRepository(Contact).findOneBy({ callSid });
    if (!contact) return null;
    if (contact.status === 'queued' || contact.status === 'offered') return holdMessage(contact);
    if (contact.status === 'connecting' || contact.status === 'connected') return [];
    return null;
  }

  /**
   * The operator picked up: the contact is connected and the caller is moved from the queue into
   * the conference. The move happens after this webhook answers, so a slow REST call never
   * delays the operator's TwiML.
   */
  async operatorAnswered(contactId: string, operatorCallSid: string): Promise<{ language: Language; conference: string } | null> {
    const { db, now, bus, telephony, webhook, log } = this.deps;
    const contacts = db.getRepository(Contact);
    const contact = await contacts.findOneBy({ id: contactId });
    if (!contact || contact.status !== 'connecting' || !contact.answeredById) return null;
    const { affected } = await contacts.update(
      { id: contactId, status: 'connecting' },
      { status: 'connected', answeredAt: now(), operatorCallSid },
    );
    if (affected !== 1) return null;
    const operatorId = contact.answeredById;
    void telephony.redirect(contact.callSid, webhook(`/ivr/connect/${contactId}`)).catch(async (err) => {
      log.error('caller could not be moved into the conference', { contactId, err });
      await telephony.hangup(operatorCallSid).catch(() => undefined);
    });
    bus.publish({ type: 'call.connected', contactId, operatorId });
    bus.publish({ type: 'contact.changed', contactId, operatorId });
    return { language: 'it', conference: conferenceName(contactId) };
  }

  /** The caller's leg, redirected out of the queue, asks what to do: join the conference. */
  async callerJoins(contactId: string): Promise<{ language: Language; conference: string } | null> {
    const contact = await this.deps.db.getRepository(Contact).findOneBy({ id: contactId });
    if (!contact || contact.status !== 'connected') return null;
    return { language: contact.language ?? 'it', conference: conferenceName(contactId) };
  }

  /**
   * Call status callbacks, for the caller's leg and the operator's. Idempotent and order-tolerant:
   * only terminal statuses act, each through a conditional update that a repeat cannot pass again.
   */
  async statusChanged(p: { callSid: string; status: string; durationSeconds: number | null }): Promise<void> {
    if (!(TERMINAL_CALL_STATUSES as readonly string[]).includes(p.status)) return;
    const { db, now, bus, routing, telephony, log } = this.deps;
    const contacts = db.getRepository(Contact);
    const contact = await contacts.findOneBy({ callSid: p.callSid });
    if (contact) {
      if (contact.status === 'completed' || contact.status === 'abandoned') return;
      const talked = contact.status === 'connected' || contact.status === 'connecting';
      const { affected } = await contacts.update(
        { id: contact.id, status: In(['ivr', 'queued', 'offered', 'connecting', 'connected']) },
        { status: talked ? 'completed' : 'abandoned', endedAt: now(), durationSeconds: p.durationSeconds, offeredToId: null, offerExpiresAt: null },
      );
      if (affected !== 1) return;
      log.info('call ended', { contactId: contact.id, status: talked ? 'completed' : 'abandoned', durationSeconds: p.durationSeconds });
      if (contact.status === 'offered') await routing.withdraw(contact, 'caller_hung_up');
      if (talked && contact.answeredById) {
        if (contact.status === 'connecting' && contact.operatorCallSid) await telephony.hangup(contact.operatorCallSid).catch(() => undefined);
        await routing.release(contact.answeredById);
      }
      bus.publish({ type: 'call.ended', contactId: contact.id, operatorId: contact.answeredById });
      bus.publish({ type: 'contact.changed', contactId: contact.id, operatorId: contact.answeredById });
      return;
    }
    // The operator's leg ended before anyone talked (no answer, busy, rejected): requeue the caller.
    const leg = await contacts.findOneBy({ operatorCallSid: p.callSid, status: 'connecting' });
    if (leg?.answeredById) await routing.requeue(leg.id, leg.answeredById, 'away');
  }
}
