import type twilio from 'twilio';

// The Telephony port: what the server asks of the phone network. One implementation, over the
// official twilio client; in simulator mode that client talks to the simulator's REST endpoints,
// so the code that ships is the code the tests run.

export interface Telephony {
  /** Calls `to` (a number or `client:<identity>`); when it answers, Twilio fetches `url`. */
  dial(o: { to: string; url: string; statusCallback: string }): Promise<string>;
  /** Moves a live call to the TwiML at `url` (out of the queue, into a conference…). */
  redirect(callSid: string, url: string): Promise<void>;
  hangup(callSid: string): Promise<void>;
}

export interface RetryPolicy { attempts: number; baseDelayMs: number }

/** Network errors and 5xx/429 are worth retrying; a 4xx (unknown call, bad number) is not. */
export function retryable(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return status >= 500 || status === 429;
  return true;
}

export async function withRetry<T>(op: () => Promise<T>, policy: RetryPolicy, sleep = defaultSleep): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (attempt >= policy.attempts || !retryable(err)) throw err;
      await sleep(policy.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class TwilioTelephony implements Telephony {
  constructor(
    private readonly client: twilio.Twilio,
    private readonly from: string,
    private readonly retry: RetryPolicy = { attempts: 3, baseDelayMs: 200 },
  ) {}

  async dial(o: { to: string; url: string; statusCallback: string }): Promise<string> {
    const call = await withRetry(() => this.client.calls.create({
      to: o.to, from: this.from, url: o.url, method: 'POST',
      statusCallback: o.statusCallback, statusCallbackMethod: 'POST', statusCallbackEvent: ['completed'],
    }), this.retry);
    return call.sid;
  }

  async redirect(callSid: string, url: string): Promise<void> {
    await withRetry(() => this.client.calls(callSid).update({ url, method: 'POST' }), this.retry);
  }

  async hangup(callSid: string): Promise<void> {
    await withRetry(() => this.client.calls(callSid).update({ status: 'completed' }), this.retry);
  }
}
