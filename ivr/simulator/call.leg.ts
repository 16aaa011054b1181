import type {
  CallDirection,
  CallStatus,
  SimCall,
  SimCallView,
  SimEvent,
  SimEventBody,
} from './call.types.js';
import { TERMINAL_STATUSES } from './call.types.js';
import type { Bridge } from './bridge.js';
import { Interrupt, type Scope } from './interrupt.js';
import { Keypad, Microphone } from './keypad.js';
import type { Next } from './document.loader.js';
import type { CallbackEvent } from './status-callbacks.js';

/** What a phone's buttons do; the runtime decides (a ringing callee declines, a live call ends). */
export interface CallControl {
  hangupByParty(call: CallLeg): void;
}

export interface StatusCallbackConfig {
  url: string;
  method: 'GET' | 'POST';
  events: ReadonlySet<CallbackEvent>;
}

export interface QueueSeat {
  name: string;
  position(): number;
}

export interface ConferenceSeat {
  name: string;
  participants(): Array<{ callSid: string; to: string; from: string }>;
}

export interface CallLegInit {
  sid: string;
  from: string;
  to: string;
  direction: CallDirection;
  parentCallSid?: string | null;
  statusCallback?: StatusCallbackConfig | null;
  fallback?: { url: string; method: 'GET' | 'POST' } | null;
  /** Placed by placeCall() (a virtual caller's phone), as opposed to REST or <Dial> legs. */
  virtualCaller?: boolean;
}

const MAX_EVENTS = 1000;
const TERMINAL = new Set<CallStatus>(TERMINAL_STATUSES);

interface Waiter {
  pred: (e: SimEvent) => boolean;
  resolve: (e: SimEvent) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** One call leg: its state, its event log, and the hooks the runtime hangs on it. */
export class CallLeg implements SimCall {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly direction: CallDirection;
  readonly parentCallSid: string | null;
  readonly virtualCaller: boolean;
  readonly createdAt = new Date();
  readonly events: SimEvent[] = [];
  readonly keypad = new Keypad();
  readonly microphone = new Microphone();
  /** Aborted (with Interrupt 'hangup' or 'shutdown') when the call ends. */
  readonly life = new AbortController();

  status: CallStatus = 'queued';
  answeredAt: Date | null = null;
  endedAt: Date | null = null;
  statusCallback: StatusCallbackConfig | null;
  fallback: { url: string; method: 'GET' | 'POST' } | null;

  // Runtime wiring.
  session: { scope: Scope; done: Promise<void> } | null = null;
  /** Serialises REST redirects so two updates never leave two sessions running. */
  redirects: Promise<void> = Promise.resolve();
  /** The document to run once an outbound call is answered (a REST update may replace it). */
  pendingStart: Next | null = null;
  bridge: Bridge | null = null;
  queueSeat: QueueSeat | null = null;
  conferenceSeat: ConferenceSeat | null = null;
  /** Set while an outbound leg rings: hanging up then declines the call. */
  decline: (() => void) | null = null;
  callbackSequence = 0;
  callbacks: Promise<void> = Promise.resolve();

  private seq = 0;
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<() => void>();
  private readonly endedPromise: Promise<void>;
  private resolveEnded!: () => void;

  constructor(
    init: CallLegInit,
    private readonly control: CallControl,
  ) {
    this.sid = init.sid;
    this.from = init.from;
    this.to = init.to;
    this.direction = init.direction;
    this.parentCallSid = init.parentCallSid ?? null;
    this.statusCallback = init.statusCallback ?? null;
    this.fallback = init.fallback ?? null;
    this.virtualCaller = init.virtualCaller ?? false;
    this.endedPromise = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  get isLive(): boolean {
    return !TERMINAL.has(this.status);
  }

  get signal(): AbortSignal {
    return this.life.signal;
  }

  emit(body: SimEventBody): SimEvent {
    const event = { ...body, seq: this.seq++, at: new Date().toISOString() } as SimEvent;
    this.events.push(event);
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    for (const w of [...this.waiters]) {
      if (w.pred(event)) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(event);
      }
    }
    this.touch();
    return event;
  }

  /** Tells listeners (the softphone stream) that the view changed without a new event. */
  touch(): void {
    for (const listener of [...this.listeners]) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Only the runtime changes status, so callbacks and events stay in step. */
  setStatus(status: CallStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit({ kind: 'status', status });
    if (TERMINAL.has(status)) {
      this.life.abort(new Interrupt('hangup'));
      this.resolveEnded();
    }
  }

  press(digits: string): void {
    if (!/^[0-9*#]+$/.test(digits)) throw new RangeError('digits must be 0-9, * or #');
    if (!this.isLive) throw new Error(`call ${this.sid} has ended`);
    this.emit({ kind: 'digits', digits });
    for (const key of digits) this.keypad.push(key);
  }

  speak(text: string): void {
    if (typeof text !== 'string' || !/\S/.test(text)) throw new RangeError('say some words');
    if (!this.isLive) throw new Error(`call ${this.sid} has ended`);
    this.emit({ kind: 'spoke', text });
    this.microphone.push(text);
  }

  hangup(): void {
    if (this.isLive) this.control.hangupByParty(this);
  }

  waitFor<E extends SimEvent>(pred: (e: SimEvent) => e is E, timeoutMs?: number): Promise<E>;
  waitFor(pred: (e: SimEvent) => boolean, timeoutMs?: number): Promise<SimEvent>;
  waitFor(pred: (e: SimEvent) => boolean, timeoutMs = 5000): Promise<SimEvent> {
    const existing = this.events.find(pred);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        pred,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`waitFor timed out after ${timeoutMs} ms on call ${this.sid} (${this.status}); ${this.describeLast()}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  ended(): Promise<void> {
    return this.endedPromise;
  }

  /** Rejects pending waitFor()s (on close), so a test fails fast instead of timing out. */
  rejectWaiters(reason: string): void {
    for (const w of [...this.waiters]) {
      clearTimeout(w.timer);
      w.reject(new Error(`${reason}; ${this.describeLast()}`));
    }
    this.waiters.clear();
  }

  toJSON(): SimCallView {
    const conference = this.conferenceSeat;
    const queue = this.queueSeat;
    return {
      sid: this.sid,
      from: this.from,
      to: this.to,
      status: this.status,
      direction: this.direction,
      startedAt: this.createdAt.toISOString(),
      endedAt: this.endedAt ? this.endedAt.toISOString() : null,
      events: [...this.events],
      conference: conference ? { name: conference.name, participants: conference.participants() } : null,
      queue: queue ? { name: queue.name, position: queue.position() } : null,
    };
  }

  private describeLast(): string {
    const last = this.events.slice(-12);
    if (!last.length) return 'no events';
    const lines = last.map(({ seq, at: _at, kind, ...rest }) => `#${seq} ${kind} ${JSON.stringify(rest)}`);
    return `last events:\n  ${lines.join('\n  ')}`;
  }
}
