import type { CallLeg } from './call.leg.js';
import type { Clock } from './clock.js';
import { deferred } from './interrupt.js';
import { newSid } from './sids.js';

export type ConferenceStatus = 'init' | 'in-progress' | 'completed';
export type Beep = 'true' | 'false' | 'onEnter' | 'onExit';

export interface ParticipantOptions {
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  muted: boolean;
  beep: Beep;
  label: string | null;
  /** Coaching (whisper): heard only by the participant whose call is `callSidToCoach`. */
  coaching: boolean;
  callSidToCoach: string | null;
}

export type ConferenceEvent = 'conference-start' | 'conference-end' | 'participant-join' | 'participant-leave';

export interface ConferenceCallbackConfig {
  url: string;
  method: 'GET' | 'POST';
  events: ReadonlySet<string>; // start end join leave …, as in statusCallbackEvent
}

export class Participant {
  readonly joinedAt: Date;
  hold = false;
  private readonly removed = deferred<void>();

  constructor(
    readonly call: CallLeg,
    public opts: ParticipantOptions,
    now: Date,
  ) {
    this.joinedAt = now;
  }

  /** Resolves when REST removes this participant: its <Dial> returns. */
  get whenRemoved(): Promise<void> {
    return this.removed.promise;
  }

  remove(): void {
    this.removed.resolve();
  }
}

/**
 * A conference room (reference §2.2): starts once it holds two participants, one of them with
 * startConferenceOnEnter; ends when an endConferenceOnExit participant leaves, when the last one
 * leaves, or on REST Status=completed. Ending releases everyone's <Dial>.
 */
export class Conference {
  readonly sid = newSid('CF');
  readonly createdAt: Date;
  updatedAt: Date;
  status: ConferenceStatus = 'init';
  reasonEnded: string | null = null;
  callSidEndingConference: string | null = null;
  statusCallback: ConferenceCallbackConfig | null = null;
  callbackSequence = 0;
  /** Conference callbacks go out one after another, in the order things happened. */
  callbacks: Promise<void> = Promise.resolve();
  readonly participants = new Map<string, Participant>();
  private readonly startedDeferred = deferred<void>();
  private readonly endedDeferred = deferred<void>();

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly onEvent: (conf: Conference, event: ConferenceEvent, p?: Participant) => void,
  ) {
    this.createdAt = clock.now();
    this.updatedAt = this.createdAt;
  }

  get whenStarted(): Promise<void> {
    return this.startedDeferred.promise;
  }

  get whenEnded(): Promise<void> {
    return this.endedDeferred.promise;
  }

  callSids(): string[] {
    return [...this.participants.keys()];
  }

  join(call: CallLeg, opts: ParticipantOptions, callback: ConferenceCallbackConfig | null): Participant {
    const p = new Participant(call, opts, this.clock.now());
    // The first participant's statusCallback settings win.
    if (!this.participants.size && !this.statusCallback) this.statusCallback = callback;
    this.participants.set(call.sid, p);
    this.updatedAt = this.clock.now();
    call.conferenceSeat = {
      name: this.name,
      participants: () => [...this.participants.values()].map((x) => ({ callSid: x.call.sid, to: x.call.to, from: x.call.from })),
    };
    this.broadcast('joined', call.sid);
    if (opts.beep === 'true' || opts.beep === 'onEnter') this.beep(call, 'enter');
    this.onEvent(this, 'participant-join', p);
    const canStart = [...this.participants.values()].some((x) => x.opts.startConferenceOnEnter);
    if (this.status === 'init' && this.participants.size >= 2 && canStart) {
      this.status = 'in-progress';
      this.broadcast('started');
      this.onEvent(this, 'conference-start');
      this.startedDeferred.resolve();
    }
    return p;
  }

  leave(p: Participant): void {
    if (this.participants.get(p.call.sid) !== p) return;
    this.participants.delete(p.call.sid);
    this.updatedAt = this.clock.now();
    p.call.conferenceSeat = null;
    if (p.call.isLive) p.call.emit({ kind: 'conference', name: this.name, state: 'left', participants: this.callSids(), callSid: p.call.sid });
    this.broadcast('left', p.call.sid);
    if (p.opts.beep === 'true' || p.opts.beep === 'onExit') this.beep(p.call, 'exit');
    this.onEvent(this, 'participant-leave', p);
    if (this.status === 'completed') return;
    if (p.opts.endConferenceOnExit) this.end('participant-with-end-conference-on-exit-left', p.call.sid);
    else if (!this.participants.size) this.end('last-participant-left', p.call.sid);
  }

  end(reason: string, bySid: string | null = null): void {
    if (this.status === 'completed') return;
    this.status = 'completed';
    this.reasonEnded = reason;
    this.callSidEndingConference = bySid;
    this.updatedAt = this.clock.now();
    this.broadcast('ended');
    // Everyone still inside is out now (their <Dial> returns); as on Twilio, each leave is
    // reported before the conference's end.
    for (const p of [...this.participants.values()]) {
      this.participants.delete(p.call.sid);
      p.call.conferenceSeat = null;
      this.onEvent(this, 'participant-leave', p);
    }
    this.onEvent(this, 'conference-end');
    this.startedDeferred.resolve();
    this.endedDeferred.resolve();
  }

  private broadcast(state: 'joined' | 'started' | 'left' | 'ended', callSid?: string): void {
    const participants = this.callSids();
    for (const p of this.participants.values()) {
      if (!p.call.isLive) continue;
      p.call.emit({ kind: 'conference', name: this.name, state, participants, ...(callSid ? { callSid } : {}) });
    }
  }

  private beep(who: CallLeg, reason: 'enter' | 'exit'): void {
    for (const p of this.participants.values()) {
      if (p.call !== who && p.call.isLive) p.call.emit({ kind: 'beep', reason });
    }
  }
}

/** Rooms by friendly name; a name whose conference completed gets a new conference (new CF sid). */
export class ConferenceRegistry {
  private readonly all: Conference[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly onEvent: (conf: Conference, event: ConferenceEvent, p?: Participant) => void,
  ) {}

  ensure(name: string): Conference {
    const live = this.all.find((c) => c.name === name && c.status !== 'completed');
    if (live) return live;
    const conf = new Conference(name, this.clock, this.onEvent);
    this.all.push(conf);
    // Keep the registry bounded in a long-running demo: forget the oldest completed rooms.
    const completed = this.all.filter((c) => c.status === 'completed');
    if (completed.length > 200) this.all.splice(this.all.indexOf(completed[0]), 1);
    return conf;
  }

  bySidOrName(id: string): Conference | undefined {
    if (/^CF[0-9a-f]{32}$/i.test(id)) return this.all.find((c) => c.sid === id);
    return this.all.find((c) => c.name === id && c.status !== 'completed') ?? this.all.filter((c) => c.name === id).pop();
  }

  list(): Conference[] {
    return [...this.all];
  }
}
