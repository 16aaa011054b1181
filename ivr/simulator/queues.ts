import type { Bridge } from './bridge.js';
import type { CallLeg } from './call.leg.js';
import type { Clock } from './clock.js';
import { Interrupt, Scope, deferred } from './interrupt.js';
import { newSid } from './sids.js';

export const DEFAULT_MAX_SIZE = 1000;

/** A dequeuer's offer to a waiting member; the member answers once, after any whisper. */
export interface Take {
  dequeuer: CallLeg;
  whisper: { url: string; method: 'GET' | 'POST' } | null;
  /** The dequeuer left before the bridge (hung up or redirected during the whisper). */
  withdrawn: boolean;
  accept(bridge: Bridge | null): void;
}

export class QueueMember {
  readonly enqueuedAt: Date;
  private readonly taken = deferred<Take>();
  take: Take | null = null;

  constructor(
    readonly call: CallLeg,
    readonly queue: SimQueue,
    now: Date,
  ) {
    this.enqueuedAt = now;
  }

  get whenTaken(): Promise<Take> {
    return this.taken.promise;
  }

  /** A <Dial><Queue> picked this member; resolves with the bridge, or null if the member was gone. */
  offer(dequeuer: CallLeg, whisper: Take['whisper']): Promise<Bridge | null> {
    return new Promise((resolve) => {
      let answered = false;
      this.take = {
        dequeuer,
        whisper,
        withdrawn: false,
        accept: (bridge) => {
          if (answered) return;
          answered = true;
          resolve(bridge);
        },
      };
      this.taken.resolve(this.take);
    });
  }

  withdraw(): void {
    if (this.take) this.take.withdrawn = true;
  }
}

export class SimQueue {
  readonly sid = newSid('QU');
  readonly createdAt: Date;
  updatedAt: Date;
  readonly members: QueueMember[] = [];
  private servedCount = 0;
  private servedSeconds = 0;
  private readonly headWaiters = new Set<() => void>();

  constructor(
    readonly name: string,
    public maxSize: number,
    private readonly clock: Clock,
  ) {
    this.createdAt = clock.now();
    this.updatedAt = this.createdAt;
  }

  get isFull(): boolean {
    return this.members.length >= this.maxSize;
  }

  add(call: CallLeg): QueueMember {
    const member = new QueueMember(call, this, this.clock.now());
    this.members.push(member);
    this.changed();
    for (const wake of [...this.headWaiters]) wake();
    return member;
  }

  position(member: QueueMember): number {
    return this.members.indexOf(member) + 1;
  }

  /** Removes a member (idempotent) and remembers its wait for AvgQueueTime. */
  remove(member: QueueMember): boolean {
    const at = this.members.indexOf(member);
    if (at < 0) return false;
    this.members.splice(at, 1);
    this.servedCount += 1;
    this.servedSeconds += this.waitSeconds(member);
    this.changed();
    // Everyone behind moved up: their softphone views show a new position.
    for (const m of this.members.slice(at)) m.call.touch();
    return true;
  }

  waitSeconds(member: QueueMember): number {
    return Math.round(this.clock.simSeconds(member.enqueuedAt));
  }

  /** Average wait, over members who left and those still waiting. */
  averageWaitSeconds(): number {
    const waiting = this.members.reduce((sum, m) => sum + this.waitSeconds(m), 0);
    const count = this.servedCount + this.members.length;
    return count ? Math.round((this.servedSeconds + waiting) / count) : 0;
  }

  /** Takes the head of the queue, waiting up to simTimeoutMs for one to arrive; null on timeout. */
  async takeHead(simTimeoutMs: number, signal: AbortSignal): Promise<QueueMember | null> {
    const deadline = this.clock.now().getTime() + simTimeoutMs * this.clock.timeScale;
    for (;;) {
      const head = this.members[0];
      if (head) {
        this.remove(head);
        return head;
      }
      const left = deadline - this.clock.now().getTime();
      if (left <= 0) return null;
      const wait = new Scope(signal);
      const arrived = deferred<'arrived'>();
      const wake = () => arrived.resolve('arrived');
      this.headWaiters.add(wake);
      try {
        await Promise.race([arrived.promise, this.clock.sleepReal(left, wait.signal)]);
      } finally {
        this.headWaiters.delete(wake);
        wait.abort(new Interrupt('done'));
        wait.dispose();
      }
    }
  }

  private changed(): void {
    this.updatedAt = this.clock.now();
  }
}

/** Queues by name, created on demand the first time a call is enqueued (or by REST). */
export class QueueRegistry {
  private readonly byName = new Map<string, SimQueue>();

  constructor(private readonly clock: Clock) {}

  ensure(name: string): SimQueue {
    let queue = this.byName.get(name);
    if (!queue) {
      queue = new SimQueue(name, DEFAULT_MAX_SIZE, this.clock);
      this.byName.set(name, queue);
    }
    return queue;
  }

  named(name: string): SimQueue | undefined {
    return this.byName.get(name);
  }

  bySid(sid: string): SimQueue | undefined {
    return this.list().find((q) => q.sid === sid);
  }

  list(): SimQueue[] {
    return [...this.byName.values()];
  }
}
