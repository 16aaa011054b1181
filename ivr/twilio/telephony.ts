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
  /**
   * Calls `to` into the conference named `conference` as one more participant; returns its call SID.
   * `statusCallback` hears when it is answered and when it ends; `endsCall`: the call ends when it leaves.
   */
  addParticipant(o: ParticipantRequest): Promise<string>;
  /** A call's status as Twilio has it now ('in-progress', 'completed', …) and its duration once ended. */
  callStatus(callSid: string): Promise<{ status: string; durationSeconds: number | null }>;
  /** Changes a participant, named by call SID or label: hold (with music), muted, coaching. */
  updateParticipant(conference: string, participant: string, change: ParticipantChange): Promise<void>;
}

export interface ParticipantRequest {
  conference: string;
  to: string;
  /** Unique within the conference; later changes may name the participant by it. */
  label: string;
  statusCallback?: string;
  /** The call ends when this participant leaves. */
  endsCall?: boolean;
  timeoutSeconds?: number;
  /** Hears but is not heard (a supervisor listening). */
  muted?: boolean;
  /** Heard only by the participant on this call (a supervisor coaching the operator). */
  coach?: string;
  /** A beep when they join; off for anyone the caller must not notice. */
  beep?: boolean;
}

export interface ParticipantChange { hold?: boolean; muted?: boolean; coach?: string | null; endsCall?: boolean }

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

  async addParticipant(o: ParticipantRequest): Promise<string> {
    // The conference's friendly name stands for its SID here (twilio-voice.md §5).
    const p = await withRetry(() => this.client.conferences(o.conference).participants.create({
      from: this.from, to: o.to, label: o.label, beep: o.beep === false ? 'false' : 'onEnter', endConferenceOnExit: o.endsCall ?? false, startConferenceOnEnter: true,
      ...(o.muted ? { muted: true } : {}),
      ...(o.coach ? { coaching: true, callSidToCoach: o.coach } : {}),
      ...(o.timeoutSeconds ? { timeout: o.timeoutSeconds } : {}),
      ...(o.statusCallback ? { statusCallback: o.statusCallback, statusCallbackMethod: 'POST', statusCallbackEvent: ['answered', 'completed'] } : {}),
    }), this.retry);
    return p.callSid;
  }

  async updateParticipant(conference: string, participant: string, change: ParticipantChange): Promise<void> {
    // Only creating a participant accepts the conference's friendly name: changes need its SID.
    const [live] = await withRetry(() => this.client.conferences.list({ friendlyName: conference, status: 'in-progress', limit: 1 }), this.retry);
    if (!live) throw Object.assign(new Error(`No conference ${conference} in progress`), { status: 404 });
    await withRetry(() => this.client.conferences(live.sid).participants(participant).update({
      ...(change.hold !== undefined ? { hold: change.hold } : {}),
      ...(change.muted !== undefined ? { muted: change.muted } : {}),
      ...(change.endsCall !== undefined ? { endConferenceOnExit: change.endsCall } : {}),
      ...(change.coach !== undefined ? (change.coach ? { coaching: true, callSidToCoach: change.coach } : { coaching: false }) : {}),
    }), this.retry);
  }

  async callStatus(callSid: string): Promise<{ status: string; durationSeconds: number | null }> {
    const call = await withRetry(() => this.client.calls(callSid).fetch(), this.retry);
    const seconds = Number(call.duration);
    return { status: call.status, durationSeconds: call.duration != null && Number.isFinite(seconds) ? seconds : null };
  }
}
