import type { CallLeg } from './call.leg.js';
import { deferred } from './interrupt.js';

/**
 * Two legs talking to each other (Dial Number/Client, Dial Queue). Either leg leaving ends it;
 * whoever still holds TwiML then carries on with it.
 */
export class Bridge {
  readonly startedAt: Date;
  private readonly done = deferred<CallLeg | null>();
  private open = true;
  /** The leg whose leaving ended the bridge (null: ended from outside); undefined while open. */
  endedBy: CallLeg | null | undefined = undefined;

  constructor(
    readonly a: CallLeg,
    readonly b: CallLeg,
    now: Date,
  ) {
    this.startedAt = now;
    a.bridge = this;
    b.bridge = this;
    a.emit({ kind: 'bridged', with: b.sid });
    b.emit({ kind: 'bridged', with: a.sid });
  }

  /** Resolves with the leg that ended the bridge (null: ended from outside, e.g. a time limit). */
  get ended(): Promise<CallLeg | null> {
    return this.done.promise;
  }

  get isOpen(): boolean {
    return this.open;
  }

  other(leg: CallLeg): CallLeg {
    return leg === this.a ? this.b : this.a;
  }

  end(by: CallLeg | null): void {
    if (!this.open) return;
    this.open = false;
    this.endedBy = by;
    for (const leg of [this.a, this.b]) {
      if (leg.bridge === this) leg.bridge = null;
      if (leg.isLive) leg.emit({ kind: 'unbridged', with: this.other(leg).sid });
    }
    this.done.resolve(by);
  }
}
