import { Interrupt, interruptOf } from './interrupt.js';

/**
 * Simulated time. Every simulated duration (Pause, Gather timeout, speaking, ringing) is multiplied
 * by timeScale to get real milliseconds, and elapsed real time is divided by it to report simulated
 * seconds (QueueTime, CallDuration), so a call that "lasts" 60 s at timeScale 0.01 takes 0.6 s.
 * Wall-clock dates (start_time, Timestamp) stay real.
 */
export class Clock {
  private readonly pending = new Map<NodeJS.Timeout, (reason: Interrupt) => void>();
  private closed = false;

  constructor(readonly timeScale = 1) {
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new RangeError('timeScale must be a positive number');
  }

  now(): Date {
    return new Date();
  }

  /** Simulated seconds between two real instants. */
  simSeconds(since: Date, until: Date = this.now()): number {
    return Math.max(0, (until.getTime() - since.getTime()) / 1000 / this.timeScale);
  }

  /** Waits a simulated duration; rejects with the signal's Interrupt when it aborts. */
  sleep(simMs: number, signal?: AbortSignal): Promise<void> {
    return this.sleepReal(simMs * this.timeScale, signal);
  }

  /** Waits real milliseconds (for things Twilio does not scale, like a webhook's 15 s limit). */
  sleepReal(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new Interrupt('shutdown'));
    if (signal?.aborted) return Promise.reject(interruptOf(signal));
    return new Promise<void>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.pending.delete(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        settle();
        reject(interruptOf(signal!));
      };
      const timer = setTimeout(() => {
        settle();
        resolve();
      }, Math.max(0, ms));
      this.pending.set(timer, (reason) => {
        settle();
        reject(reason);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Cancels every pending wait; later waits reject at once. */
  close(): void {
    this.closed = true;
    for (const cancel of [...this.pending.values()]) cancel(new Interrupt('shutdown'));
  }
}
