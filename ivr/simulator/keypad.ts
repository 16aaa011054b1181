import type { Clock } from './clock.js';
import { Interrupt, Scope, deferred } from './interrupt.js';

/** One listener at a time (the verb running); what comes while none listens is lost. */
class Input<T> {
  private sink: ((value: T) => void) | null = null;

  listen(sink: (value: T) => void): () => void {
    this.sink = sink;
    return () => {
      if (this.sink === sink) this.sink = null;
    };
  }

  push(value: T): void {
    this.sink?.(value);
  }
}

/**
 * A phone's keypad. Twilio only hears DTMF while something listens (a Gather, a Record, a Dial
 * with hangupOnStar); keys pressed at any other moment are lost, as on a real call.
 */
export class Keypad extends Input<string> {}

/**
 * A phone's microphone, as far as Twilio listens to it: only a Gather whose input includes speech
 * hears words (as text: there is no audio). Words said at any other moment are lost.
 */
export class Microphone extends Input<string> {}

/** Collects the keys a Gather or Record hears, one at a time, with a per-key timeout. */
export class KeyBuffer {
  private readonly keys: string[] = [];
  private heard = false;
  private wake: (() => void) | null = null;
  private firstKey: (() => void) | null = null;
  private readonly stop: () => void;

  constructor(
    keypad: Keypad,
    private readonly clock: Clock,
  ) {
    this.stop = keypad.listen((key) => {
      this.keys.push(key);
      this.heard = true;
      this.firstKey?.();
      this.firstKey = null;
      this.wake?.();
    });
  }

  /** Whether any key has been heard, even one already taken. */
  get heardAny(): boolean {
    return this.heard;
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
