import { randomUUID } from 'node:crypto';
import { In, IsNull, LessThan, LessThanOrEqual, MoreThan, Not, type DataSource } from 'typeorm';
import {
  afterMessage, answerMenu, holdKey, holdRound, overflowNotice, priorityOf, startBlocked, startCall, toVoicemail,
  type CallerLine, type HoldInstruction, type IvrInput, type IvrState, type IvrTurn, type Utterance,
} from '../../ivr/flow/flow.js';
import type { Language } from '../../ivr/languages.js';
import type { Telephony } from '../../ivr/twilio/telephony.js';
import type { Bus } from '../bus.js';
import type { ContactStatus } from '../contracts/enums.js';
import { rowFinder, rowInserter } from '../db/row-inserter.js';
import type { Logger } from '../log.js';
import type { DataProtection } from '../privacy/crypto.js';
import type { RoutingService } from '../routing/routing.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { CallbacksService } from './callbacks.service.js';
import type { BlocksService } from './blocks.service.js';
import { Contact } from './contact.entity.js';

/** Calls on for longer than this are checked against Twilio by the reconciliation job. */
const RECONCILE_AFTER_MS = 5 * 60_000;

export const TERMINAL_CALL_STATUSES = ['completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
const WAITING: ContactStatus[] = ['queued', 'offered'];

export interface CallsDeps {
  db: DataSource;
  bus: Bus;
  now: () => Date;
  protect: DataProtection;
  routing: RoutingService;
  settings: SettingsService;
  blocks: BlocksService;
  callbacks: CallbacksService;
  telephony: Telephony;
  log: Logger;
  webhook: (path: string) => string;
}

export const conferenceName = (contactId: string) => `approdo-${contactId}`;

const stateOf = (c: Contact): IvrState => ({
  step: c.ivrStep, attempts: c.ivrAttempts, language: c.language, purpose: c.purpose, danger: c.danger, cannotTalkFreely: c.cannotTalkFreely,
});

const stateColumns = (s: IvrState) => ({
  ivrStep: s.step, ivrAttempts: s.attempts, language: s.language, purpose: s.purpose, danger: s.danger,
  cannotTalkFreely: s.cannotTalkFreely, priority: priorityOf(s),
});

/** What a webhook about the caller's line tells us of it. */
export interface Line { callSid: string; from: string }

/** What happens after the caller leaves the queue. */
export type AfterQueue =
  | { kind: 'oncall'; notice: Utterance[]; number: string; dialSeconds: number; index: number }
  | { kind: 'turn'; turn: IvrTurn }
  | { kind: 'done' }
  | { kind: 'unknown' };

/**
 * The caller's side of a contact, driven by Twilio's webhooks: the call arrives, walks the IVR,
 * waits in the queue, is bridged to the operator who accepted it — or, when nobody answers in
 * time, goes to the on-call colleague and then to a message — and ends.
 */
export class CallsService {
  private readonly insertContact: (c: Contact) => Promise<void>;
  /** The contact of a call, by its CallSid: every webhook's first read. */
  private readonly byCallSid: (callSid: string) => Promise<Contact | null>;

  constructor(private readonly deps: CallsDeps) {
    this.insertContact = rowInserter(deps.db, Contact);
    this.byCallSid = rowFinder(deps.db, Contact, 'callSid');
  }

  private line(from: string): CallerLine {
    return { numberWithheld: this.deps.protect.callerHash(from) === null };
  }

  /** A call arrives: the contact is created (once, even if Twilio retries) and the IVR starts. */
  async incoming(p: Line & { region: string | null }): Promise<IvrTurn> {
    const { db, now, protect, log, blocks } = this.deps;
    const callerHash = protect.callerHash(p.from);
    const blocked = await blocks.isBlocked(protect.callerHashes(p.from));
    const turn = blocked ? startBlocked() : startCall();
    const contact = db.getRepository(Contact).create({
      id: randomUUID(), callSid: p.callSid, callerHash, status: 'ivr',
      ...stateColumns(turn.state), startedAt: now(), queuedAt: null, offeredToId: null, offerExpiresAt: null,
      declinedBy: [], answeredById: null, answeredAt: null, operatorCallSid: null, endedAt: null, durationSeconds: null,
      region: p.region, callbackCipher: null, callbackExpiresAt: null, messageAt: null, messageUrl: null, messageSeconds: null,
      callerType: null, pertinence: null, contactClass: null, reasons: null, outcomes: null, notesCipher: null,
      recordSavedAt: null, recordSavedById: null, minor: false, callbackOfId: null, callbackById: null, callbackAt: null,
      transferToId: null, transferCallSid: null,
    });
    try {
      await this.insertContact(contact);
    } catch (err) {
      // Twilio retrying the webhook: the unique callSid keeps one contact, and the caller hears the greeting again.
      if (await db.getRepository(Contact).existsBy({ callSid: p.callSid })) return turn;
      throw err;
    }
    log.info(blocked ? 'blocked caller called' : 'call arrived', { contactId: contact.id });
    return turn;
  }

  /** A menu's answer (digits or silence). Null for a call we do not know. */
  async answer(p: Line, input: IvrInput): Promise<IvrTurn | null> {
    const { db, now, bus } = this.deps;
    const contacts = db.getRepository(Contact);
    const contact = await this.byCallSid(p.callSid);
    if (!contact) return null;
    const turn = answerMenu(stateOf(contact), input, this.line(p.from));
    const entersQueue = contact.status === 'ivr' && turn.state.step === 'queue';
    const keepNumber = turn.instruction.kind === 'record' && turn.instruction.keepNumber;
    await contacts.update({ id: contact.id, status: contact.status }, {
      ...stateColumns(turn.state),
      ...(entersQueue ? { status: 'queued' as const, queuedAt: now(), ...(await this.aboutAChild(contact) ? { minor: true } : {}) } : {}),
      ...(keepNumber ? await this.callbackNumber(p.from) : {}),
    });
    if (entersQueue) bus.publish({ type: 'contact.queued', contactId: contact.id });
    return turn;
  }

  /**
   * A repeat caller whose earlier call is in a case involving a child: the call goes to operators
   * trained for minors, as a supervisor's mark would send it. One indexed look-up, once per call.
   */
  private async aboutAChild(contact: Contact): Promise<boolean> {
    if (!contact.callerHash) return false;
    const rows = await this.deps.db.query(
      'SELECT 1 AS hit FROM contacts k JOIN cases c ON c.id = k.caseId WHERE k.callerHash = ? AND c.minorsInvolved = ? LIMIT 1',
      [contact.callerHash, 1],
    ) as unknown[];
    return rows.length > 0;
  }

  /** The caller said yes to a call-back: the number, encrypted, until the retention runs out. */
  private async callbackNumber(from: string): Promise<Pick<Contact, 'callbackCipher' | 'callbackExpiresAt'>> {
    const { callbackRetentionHours } = await this.deps.settings.ivr();
    return {
      callbackCipher: this.deps.protect.encrypt(from.replace(/[^\d+]/g, '')),
      callbackExpiresAt: new Date(this.deps.now().getTime() + callbackRetentionHours * 3600_000),
    };
  }

  /**
   * One round of the hold loop: position and expected wait while waiting; past the wait limit the
   * caller leaves the queue for the on-call colleague. Null for a call we do not know or that is over.
   */
  async holdRound(callSid: string): Promise<HoldInstruction | null> {
    const { now } = this.deps;
    const contact = await this.byCallSid(callSid);
    if (!contact) return null;
    if (contact.status === 'connecting' || contact.status === 'connected') return { kind: 'hold', say: [] };
    if (!WAITING.includes(contact.status)) return null;
    const settings = await this.deps.settings.ivr();
    const queuedAt = contact.queuedAt ?? contact.startedAt;
    const [position, expectedMinutes] = await Promise.all([this.positionOf(contact), this.expectedMinutes(contact.language)]);
    const round = holdRound(stateOf(contact), {
      position, expectedMinutes,
      waitedSeconds: (now().getTime() - queuedAt.getTime()) / 1000,
      limitSeconds: contact.danger ? settings.dangerWaitLimitSeconds : settings.waitLimitSeconds,
      beingOffered: contact.status === 'offered',
    });
    return round.kind === 'leave' ? this.leaveQueue(contact, round) : round;
  }

  /** A key pressed while holding: 9 raises the priority to danger, 1 leaves a message. */
  async holdKey(callSid: string, key: string): Promise<HoldInstruction | null> {
    const { db, bus } = this.deps;
    const contacts = db.getRepository(Contact);
    const contact = await this.byCallSid(callSid);
    if (!contact || !WAITING.includes(contact.status)) return contact ? { kind: 'hold', say: [] } : null;
    const { state, instruction } = holdKey(stateOf(contact), key);
    if (instruction.kind === 'leave') return this.leaveQueue(contact, instruction);
    if (state.danger !== contact.danger) {
      await contacts.update({ id: contact.id, status: In(WAITING) }, stateColumns(state));
      this.deps.log.info('caller in danger while holding', { contactId: contact.id });
      // A higher priority may change who is offered first.
      bus.publish({ type: 'contact.queued', contactId: contact.id });
      bus.publish({ type: 'contact.changed', contactId: contact.id, operatorId: contact.offeredToId });
    }
    return instruction;
  }

  /** Out of the queue, by compare-and-set: a caller whose offer is ringing stays where they are. */
  private async leaveQueue(contact: Contact, leave: Extract<HoldInstruction, { kind: 'leave' }>): Promise<HoldInstruction> {
    const status: ContactStatus = leave.to === 'overflow' ? 'overflow' : 'voicemail';
    const { affected } = await this.deps.db.getRepository(Contact).update(
      { id: contact.id, status: 'queued' },
      { status, ivrStep: leave.to === 'overflow' ? 'overflow' : 'consent', ivrAttempts: 0 },
    );
    if (affected !== 1) return { kind: 'hold', say: [] };
    this.deps.log.info('caller left the queue', { contactId: contact.id, to: leave.to });
    this.deps.bus.publish({ type: 'contact.changed', contactId: contact.id, operatorId: null });
    return leave;
  }

  /** The Enqueue action: why the caller left the queue decides what comes next. */
  async afterQueue(p: Line, queueResult: string): Promise<AfterQueue> {
    if (['bridged', 'redirected', 'redirected-from-bridged', 'hangup', 'bridging-in-process'].includes(queueResult)) return { kind: 'done' };
    const contact = await this.byCallSid(p.callSid);
    if (!contact || queueResult !== 'leave') return { kind: 'unknown' };
    if (contact.status === 'overflow') return this.onCall(contact, p, 0);
    if (contact.status === 'voicemail') return { kind: 'turn', turn: await this.startMessage(contact, p) };
    return { kind: 'unknown' };
  }

  /** The next on-call number, or, when every one has been tried, a message. */
  async onCallAttempt(p: Line, index: number, dialStatus: string): Promise<AfterQueue> {
    const contact = await this.byCallSid(p.callSid);
    if (!contact || contact.status !== 'overflow') return contact ? { kind: 'done' } : { kind: 'unknown' };
    // Someone answered and the conversation is over.
    if (dialStatus === 'completed' || dialStatus === 'answered') return { kind: 'done' };
    return this.onCall(contact, p, index + 1);
  }

  private async onCall(contact: Contact, p: Line, index: number): Promise<AfterQueue> {
    const [numbers, settings] = await Promise.all([this.deps.settings.onCallNumbersFor(contact.region), this.deps.settings.ivr()]);
    const number = numbers[index];
    if (number) {
      this.deps.log.info('caller sent to on-call', { contactId: contact.id, attempt: index + 1 });
      return { kind: 'oncall', index, number, dialSeconds: settings.onCallDialSeconds, notice: index === 0 ? overflowNotice(stateOf(contact)) : [] };
    }
    await this.deps.db.getRepository(Contact).update({ id: contact.id, status: 'overflow' }, { status: 'voicemail' });
    return { kind: 'turn', turn: await this.startMessage(contact, p) };
  }

  private async startMessage(contact: Contact, p: Line): Promise<IvrTurn> {
    const turn = toVoicemail(stateOf(contact), this.line(p.from));
    await this.deps.db.getRepository(Contact).update({ id: contact.id }, stateColumns(turn.state));
    return turn;
  }

  /** The message is recorded (Twilio keeps the audio; we keep where and how long). */
  async recorded(p: Line, recording: { url: string | null; seconds: number | null }): Promise<Utterance[] | null> {
    const { db, now, bus } = this.deps;
    const contacts = db.getRepository(Contact);
    const contact = await this.byCallSid(p.callSid);
    if (!contact) return null;
    if (recording.url) {
      await contacts.update({ id: contact.id }, { messageUrl: recording.url, messageSeconds: recording.seconds, messageAt: now() });
      bus.publish({ type: 'contact.changed', contactId: contact.id, operatorId: null });
      if (contact.callbackCipher) bus.publish({ type: 'callback.changed', contactId: contact.id, language: contact.language ?? 'it' });
    }
    return afterMessage(stateOf(contact), contact.callbackCipher !== null);
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
  async statusChanged(p: { callSid: string; status: string; durationSeconds: number | null; at?: Date }): Promise<void> {
    if (!(TERMINAL_CALL_STATUSES as readonly string[]).includes(p.status)) return;
    const { db, now, bus, routing, telephony, log } = this.deps;
    const contacts = db.getRepository(Contact);
    const contact = await this.byCallSid(p.callSid);
    if (contact) {
      const ended = endedStatus(contact);
      if (!ended) return;
      const { affected } = await contacts.update(
        { id: contact.id, status: contact.status },
        { status: ended, endedAt: p.at ?? now(), durationSeconds: p.durationSeconds, offeredToId: null, offerExpiresAt: null, transferToId: null, transferCallSid: null },
      );
      if (affected !== 1) return;
      // Hung up while being handed over: the colleague brought in is free again, their phone hung up.
      if (contact.transferToId) {
        if (contact.transferCallSid) await telephony.hangup(contact.transferCallSid).catch(() => undefined);
        await routing.returnFromTransfer(contact.transferToId);
      }
      log.info('call ended', { contactId: contact.id, status: ended, durationSeconds: p.durationSeconds });
      if (contact.status === 'offered') await routing.withdraw(contact, 'caller_hung_up');
      const talked = contact.status === 'connected' || contact.status === 'connecting';
      if (talked && contact.answeredById) {
        if (contact.status === 'connecting' && contact.operatorCallSid) await telephony.hangup(contact.operatorCallSid).catch(() => undefined);
        await routing.release(contact.answeredById);
      }
      bus.publish({ type: 'call.ended', contactId: contact.id, operatorId: contact.answeredById });
      bus.publish({ type: 'contact.changed', contactId: contact.id, operatorId: contact.answeredById });
      return;
    }
    // The operator's leg ended before anyone talked (no answer, busy, rejected): requeue the caller,
    // or, on a call-back, give the request back to the list.
    const leg = await contacts.findOneBy({ operatorCallSid: p.callSid, status: 'connecting' });
    if (leg?.callbackOfId) await this.deps.callbacks.operatorLegEnded(leg);
    else if (leg?.answeredById) await routing.requeue(leg.id, leg.answeredById, 'away');
  }

  /**
   * Calls the database still thinks are on, checked against Twilio: a status callback lost (a node
   * crashed as it arrived, a network cut) must not leave a caller "connected" or an operator
   * "on call" for ever. Contacts on for longer than `olderThanMs` are asked about, a few at a time.
   */
  async reconcile(olderThanMs = RECONCILE_AFTER_MS): Promise<number> {
    const { db, now, telephony, log } = this.deps;
    const stale = await db.getRepository(Contact).find({
      where: { status: In(['connecting', 'connected']), startedAt: LessThan(new Date(now().getTime() - olderThanMs)) },
      select: { id: true, callSid: true, callbackOfId: true },
      order: { startedAt: 'ASC' },
      take: 20,
    });
    let closed = 0;
    for (const c of stale) {
      if (c.callSid.startsWith('callback-')) continue;
      try {
        const { status, durationSeconds } = await telephony.callStatus(c.callSid);
        if (!(TERMINAL_CALL_STATUSES as readonly string[]).includes(status)) continue;
        log.warn('a call had ended without its status callback; closing it', { contactId: c.id, status });
        if (c.callbackOfId) await this.deps.callbacks.personLeg(c.id, status, durationSeconds);
        else await this.statusChanged({ callSid: c.callSid, status, durationSeconds });
        closed++;
      } catch (err) {
        log.warn('call status could not be checked', { contactId: c.id, err });
      }
    }
    return closed;
  }

  /** Call-back numbers past their retention are deleted (the message itself stays). */
  async expireCallbackNumbers(): Promise<number> {
    const { affected } = await this.deps.db.getRepository(Contact).update(
      { callbackExpiresAt: LessThanOrEqual(this.deps.now()), callbackCipher: Not(IsNull()) },
      { callbackCipher: null },
    );
    if (affected) this.deps.log.info('call-back numbers expired', { count: affected });
    return affected ?? 0;
  }

  /** Place in the line: waiting callers of the same language an operator would take first, plus one. */
  private async positionOf(c: Contact): Promise<number> {
    const queuedAt = c.queuedAt ?? c.startedAt;
    const contacts = this.deps.db.getRepository(Contact);
    const same = { status: In(WAITING), language: c.language ?? 'it', id: Not(c.id) };
    const ahead = await contacts.count({
      where: [
        { ...same, priority: MoreThan(c.priority) },
        { ...same, priority: c.priority, queuedAt: LessThan(queuedAt) },
      ],
    });
    return ahead + 1;
  }

  /** From today's answered calls in this language: the average wait, in minutes; null without history. */
  private async expectedMinutes(language: Language | null): Promise<number | null> {
    const since = new Date(this.deps.now().getTime() - 24 * 3600_000);
    const answered = await this.deps.db.getRepository(Contact).find({
      select: { queuedAt: true, answeredAt: true },
      where: { language: language ?? 'it', answeredAt: MoreThan(since), queuedAt: Not(IsNull()) },
      order: { answeredAt: 'DESC' },
      take: 50,
    });
    if (!answered.length) return null;
    const mean = answered.reduce((s, c) => s + (c.answeredAt!.getTime() - c.queuedAt!.getTime()), 0) / answered.length;
    return Math.round(mean / 60_000);
  }
}

/** How a live contact ends when the caller's line does; null if it has ended already. */
function endedStatus(c: Contact): ContactStatus | null {
  switch (c.status) {
    case 'connecting': case 'connected': return 'completed';
    case 'overflow': return 'oncall';
    case 'voicemail': return c.messageAt || c.callbackCipher ? 'message' : 'abandoned';
    case 'ivr': case 'queued': case 'offered': return 'abandoned';
    default: return null;
  }
}
