import { Bridge } from './bridge.js';
import { CallLeg, type CallControl, type CallLegInit } from './call.leg.js';
import type { CallStatus, HangupBy } from './call.types.js';
import { Clock } from './clock.js';
import { ConferenceRegistry } from './conferences.js';
import { DocumentLoader, type Next } from './document.loader.js';
import { ANSWER_AFTER_MS, BUSY_AFTER_MS, Endpoints, FAIL_AFTER_MS } from './endpoints.js';
import { Interpreter } from './interpreter.js';
import { Interrupt, Scope, deferred, isInterrupt } from './interrupt.js';
import { QueueRegistry } from './queues.js';
import { newSid } from './sids.js';
import { StatusCallbacks } from './status-callbacks.js';
import { WebhookClient, type HttpMethod, type WebhookTiming } from './webhook.client.js';
import { callParams } from './webhook.params.js';

export type RingResult = 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export interface RuntimeOptions {
  accountSid: string;
  authToken: string;
  timeScale: number;
  log: (message: string, meta?: Record<string, unknown>) => void;
  onWebhook?: (t: WebhookTiming) => void;
}

/** Ended calls kept for GET /Calls and the softphone list before the oldest are forgotten. */
const KEEP_ENDED_CALLS = 500;

/**
 * The simulator's core: the call registry and every call's lifecycle (status, answer, end, REST
 * redirects, ringing), shared by the interpreter, the REST router and the phone router.
 * Only the runtime changes a call's status, so events and status callbacks always agree.
 */
export class Runtime implements CallControl {
  readonly clock: Clock;
  readonly http: WebhookClient;
  readonly documents: DocumentLoader;
  readonly queues: QueueRegistry;
  readonly conferences: ConferenceRegistry;
  readonly endpoints = new Endpoints();
  readonly callbacks: StatusCallbacks;
  readonly interpreter: Interpreter;
  readonly accountSid: string;
  readonly log: RuntimeOptions['log'];
  private readonly lifeCtl = new AbortController();
  private readonly calls = new Map<string, CallLeg>();
  private readonly sessions = new Set<Promise<void>>();
  private readonly closers = new Set<() => void>();
  private closed = false;

  constructor(opts: RuntimeOptions) {
    this.accountSid = opts.accountSid;
    this.log = opts.log;
    this.clock = new Clock(opts.timeScale);
    this.http = new WebhookClient(opts.authToken, undefined, opts.onWebhook);
    this.documents = new DocumentLoader(this.http, opts.accountSid);
    this.queues = new QueueRegistry(this.clock);
    this.callbacks = new StatusCallbacks({ http: this.http, clock: this.clock, accountSid: opts.accountSid, life: this.life, log: opts.log });
    this.conferences = new ConferenceRegistry(this.clock, (conf, event, p) => this.callbacks.conference(conf, event, p));
    this.interpreter = new Interpreter(this);
  }

  /** Aborted by close(): every fetch, wait and callback stops. */
  get life(): AbortSignal {
    return this.lifeCtl.signal;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  call(sid: string): CallLeg | undefined {
    return this.calls.get(sid);
  }

  allCalls(): CallLeg[] {
    return [...this.calls.values()];
  }

  createCall(init: Omit<CallLegInit, 'sid'>): CallLeg {
    if (this.closed) throw new Error('the simulator is closed');
    const call = new CallLeg({ ...init, sid: newSid('CA') }, this);
    this.calls.set(call.sid, call);
    this.forgetOldCalls();
    return call;
  }

  /** An inbound call to the helpline number: rings, and the voice URL is fetched at once. */
  placeInbound(init: Omit<CallLegInit, 'sid' | 'direction'>, voice: Next): CallLeg {
    const call = this.createCall({ ...init, direction: 'inbound' });
    this.setStatus(call, 'ringing');
    this.start(call, voice);
    return call;
  }

  /** A REST-created call: rings the virtual endpoint, and runs `start` once it answers. */
  placeOutbound(init: Omit<CallLegInit, 'sid' | 'direction'>, start: Next, timeoutSec: number, timeLimitSec: number | null): CallLeg {
    const call = this.createCall({ ...init, direction: 'outbound-api' });
    call.pendingStart = start;
    const work = (async () => {
      await null; // the REST answer goes out first, still 'queued', as Twilio's does
      const result = await this.ring(call, timeoutSec, this.life);
      if (result !== 'answered' || !call.isLive) return;
      this.answer(call);
      this.start(call, call.pendingStart ?? start);
      if (timeLimitSec) {
        await this.clock.sleep(timeLimitSec * 1000, call.signal);
        this.end(call, 'completed', 'time-limit');
      }
    })().catch((e) => {
      if (!isInterrupt(e)) this.log('outbound call failed', { callSid: call.sid, error: (e as Error).message });
    });
    this.track(work);
    return call;
  }

  setStatus(call: CallLeg, status: Exclude<CallStatus, 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled'>): void {
    if (!call.isLive || call.status === status) return;
    call.setStatus(status);
    if (status === 'ringing') this.callbacks.call(call, 'ringing');
  }

  answer(call: CallLeg): void {
    if (!call.isLive || call.answeredAt) return;
    call.answeredAt = this.clock.now();
    call.setStatus('in-progress');
    this.callbacks.call(call, 'answered');
  }

  /** The one way a call ends: hangup event, terminal status, bridge released, completed callback. */
  end(call: CallLeg, status: Exclude<CallStatus, 'queued' | 'ringing' | 'in-progress'>, by: HangupBy): void {
    if (!call.isLive) return;
    call.endedAt = this.clock.now();
    call.emit({ kind: 'hangup', by });
    call.setStatus(status);
    call.bridge?.end(call);
    this.callbacks.call(call, 'completed');
    this.log('call ended', { callSid: call.sid, direction: call.direction, status, by });
  }

  hangupByParty(call: CallLeg): void {
    if (call.decline) call.decline();
    else this.end(call, 'completed', 'caller');
  }

  bridge(a: CallLeg, b: CallLeg): Bridge {
    return new Bridge(a, b, this.clock.now());
  }

  /** Starts running TwiML on a call (a new session). */
  start(call: CallLeg, next: Next): void {
    const scope = new Scope(call.signal, this.life);
    const done = this.interpreter.run(call, next, scope.signal).finally(() => scope.dispose());
    call.session = { scope, done };
    this.track(done);
  }

  /**
   * REST update / dequeue: the call abandons its TwiML (leaving any queue, conference or bridge)
   * and runs `next`. A call still ringing keeps `next` for when it answers.
   */
  redirect(call: CallLeg, next: Next): Promise<void> {
    const step = call.redirects.then(async () => {
      if (!call.isLive) return;
      if (call.direction !== 'inbound' && !call.answeredAt) {
        call.pendingStart = next;
        return;
      }
      const previous = call.session;
      if (previous) {
        previous.scope.abort(new Interrupt('redirect'));
        await previous.done;
      }
      // A leg without TwiML of its own (a dialled callee) leaves its bridge here.
      call.bridge?.end(call);
      if (call.isLive) this.start(call, next);
    });
    call.redirects = step.catch(() => {});
    return step;
  }

  /**
   * Rings a virtual endpoint (reference §6: answer / busy / no-answer / fail). Ends the leg unless
   * it answered; a parent abort cancels it and rethrows.
   */
  async ring(leg: CallLeg, timeoutSec: number, signal: AbortSignal): Promise<RingResult> {
    const scope = new Scope(signal, leg.signal);
    let result: RingResult | 'declined';
    try {
      result = await this.ringOnce(leg, timeoutSec, scope.signal);
    } catch (e) {
      if (!isInterrupt(e)) throw e;
      if (signal.aborted) {
        this.end(leg, 'canceled', 'remote');
        throw e;
      }
      return leg.isLive ? 'canceled' : (leg.status as RingResult); // canceled by REST while ringing
    } finally {
      scope.abort(new Interrupt('done'));
      scope.dispose();
    }
    // A callee that hangs up while ringing declines: the caller hears busy.
    if (result === 'declined') this.end(leg, 'busy', 'caller');
    else if (result !== 'answered') this.end(leg, result, 'remote');
    return result === 'declined' ? 'busy' : result;
  }

  private async ringOnce(leg: CallLeg, timeoutSec: number, signal: AbortSignal): Promise<RingResult | 'declined'> {
    const behaviour = this.endpoints.of(leg.to);
    this.callbacks.call(leg, 'initiated');
    if (behaviour === 'fail') {
      await this.clock.sleep(FAIL_AFTER_MS, signal);
      return 'failed';
    }
    this.setStatus(leg, 'ringing');
    const declined = deferred<'declined'>();
    leg.decline = () => declined.resolve('declined');
    const waits = new Scope(signal);
    try {
      const outcomes: Array<Promise<RingResult | 'declined'>> = [
        declined.promise,
        this.clock.sleep(timeoutSec * 1000, waits.signal).then(() => 'no-answer' as const),
      ];
      if (behaviour === 'answer') outcomes.push(this.clock.sleep(ANSWER_AFTER_MS, waits.signal).then(() => 'answered' as const));
      if (behaviour === 'busy') outcomes.push(this.clock.sleep(BUSY_AFTER_MS, waits.signal).then(() => 'busy' as const));
      return await Promise.race(outcomes);
    } finally {
      leg.decline = null;
      waits.abort(new Interrupt('done'));
      waits.dispose();
    }
  }

  /** Requests a URL whose TwiML nobody will run (an action after the call ended). */
  notifyUrl(call: CallLeg, url: string, method: HttpMethod, params: Record<string, string>): void {
    if (this.closed) return;
    call.emit({ kind: 'request', url, method, purpose: 'notify' });
    const sent = this.http
      .send({ url, method, params: { ...callParams(call, this.accountSid), ...params }, signal: this.life, purpose: 'notify' })
      .then(
        () => undefined,
        (e: unknown) => {
          if (!isInterrupt(e)) this.log('notification failed', { callSid: call.sid, error: (e as Error).message });
        },
      );
    this.track(sent);
  }

  /** Registers cleanup for close() (open softphone streams); returns an unregister function. */
  onClose(fn: () => void): () => void {
    this.closers.add(fn);
    return () => this.closers.delete(fn);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lifeCtl.abort(new Interrupt('shutdown'));
    for (const call of this.calls.values()) {
      if (call.isLive) {
        call.endedAt = this.clock.now();
        call.emit({ kind: 'hangup', by: 'shutdown' });
        call.setStatus('completed');
      }
      call.rejectWaiters('the simulator closed');
    }
    this.clock.close();
    for (const fn of [...this.closers]) fn();
    this.closers.clear();
    // Everything is aborted; give unwinding sessions a moment, never forever.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.sessions]),
      new Promise((resolve) => (timer = setTimeout(resolve, 2000))),
    ]);
    clearTimeout(timer);
  }

  private track(work: Promise<void>): void {
    this.sessions.add(work);
    void work.finally(() => this.sessions.delete(work));
  }

  private forgetOldCalls(): void {
    if (this.calls.size <= KEEP_ENDED_CALLS * 2) return;
    const ended = [...this.calls.values()].filter((c) => !c.isLive);
    for (const call of ended.slice(0, ended.length - KEEP_ENDED_CALLS)) this.calls.delete(call.sid);
  }
}
