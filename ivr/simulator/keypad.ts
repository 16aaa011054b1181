import type { Clock } from './clock.js';
import { Interrupt, Scope, deferred } from './interrupt.js';

/**
 * A phone's keypad. Twilio only hears DTMF while something listens (a Gather, a Record, a Dial
 * with hangupOnStar); keys pressed at any other moment are lost, as on a real call.
 */
export class Keypad {
  private sink: ((key: string) => void) | null = null;

  listen(sink: (key: string) => void): () => void {
    this.sink = sink;
    return () => {
      if (this.sink === sink) this.sink = null;
    };
  }

  push(key: string): void {
    this.sink?.(key);
  }
}

/** Collects the keys a Gather or Record hears, one at a time, with a per-key timeout. */
export class KeyBuffer {
  private readonly keys: string[] = [];
  private wake: (() => void) | null = null;
  private firstKey: (() => void) | null = null;
  private readonly stop: () => void;

  constructor(
    keypad: Keypad,
    private readonly clock: Clock,
  ) {
    this.stop = keypad.listen((key) => {
      this.keys.push(key);
      this.firstKey?.();
      this.firstKey = null;
      this.wake?.();
    });
  }

  /** Calls fn once, on the first key heard (now if one is already buffered). */
  onFirstKey(fn: () => void): void {
    if (this.keys.length) fn();
    else this.firstKey = fn;
  }

  /** The next key, or null when simTimeoutMs pass without one. */
  async next(simTimeoutMs: number, signal: AbortSignal): Promise<string | null> {
    if (this.keys.length) return this.keys.shift()!;
    const wait = new Scope(signal);
    const arrived = deferred<'key'>();
    this.wake = () => arrived.resolve('key');
    try {
      const first = await Promise.race([
        arrived.promise,
        this.clock.sleep(simTimeoutMs, wait.signal).then(() => 'timeout' as const),
      ]);
      return first === 'key' ? this.keys.shift()! : null;
    } finally {
      this.wake = null;
      wait.abort(new Interrupt('done'));
      wait.dispose();
    }
  }

  close(): void {
    this.stop();
    this.firstKey = null;
    this.wake = null;
  }
}
