// Cancellation: every simulated wait and fetch takes an AbortSignal whose reason is an Interrupt,
// so the code that unwinds knows why (a hangup still owes an action request, a redirect does not).

export type InterruptReason =
  | 'hangup' // the call ended
  | 'redirect' // REST update or dequeue: the current TwiML is abandoned
  | 'shutdown' // Simulator.close()
  | 'key' // a key press stops a Gather's prompts
  | 'speech' // the caller's words stop a Gather (input speech): its prompts and its wait
  | 'done'; // an internal wait is no longer needed

export class Interrupt extends Error {
  constructor(readonly reason: InterruptReason) {
    super(`interrupted: ${reason}`);
    this.name = 'Interrupt';
  }
}

export const isInterrupt = (e: unknown): e is Interrupt => e instanceof Interrupt;

/** The Interrupt behind an aborted signal (a foreign reason counts as a shutdown). */
export function interruptOf(signal: AbortSignal): Interrupt {
  return isInterrupt(signal.reason) ? signal.reason : new Interrupt('shutdown');
}

/**
 * A child cancellation scope: aborted by its own abort() or when any parent aborts, with the parent's
 * reason. dispose() unhooks it from the parents so long-lived signals do not collect listeners.
 */
export class Scope {
  private readonly ctl = new AbortController();
  private readonly unlink: Array<() => void> = [];

  constructor(...parents: AbortSignal[]) {
    for (const parent of parents) {
      if (parent.aborted) {
        this.abort(interruptOf(parent));
        continue;
      }
      const onAbort = () => this.abort(interruptOf(parent));
      parent.addEventListener('abort', onAbort, { once: true });
      this.unlink.push(() => parent.removeEventListener('abort', onAbort));
    }
  }

  get signal(): AbortSignal {
    return this.ctl.signal;
  }

  abort(reason: Interrupt): void {
    if (!this.ctl.signal.aborted) this.ctl.abort(reason);
  }

  dispose(): void {
    for (const unlink of this.unlink.splice(0)) unlink();
  }
}

/** Settles like p, or rejects with the signal's Interrupt if it aborts first; leaves no listener behind. */
export async function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw interruptOf(signal);
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(interruptOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([p, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Never settles unless the signal aborts (silence on hold). */
export const forever = (signal: AbortSignal): Promise<never> => raceAbort(new Promise<never>(() => {}), signal);

export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
