import type { CallLeg } from './call.leg.js';
import type { Clock } from './clock.js';
import type { Conference, ConferenceEvent, Participant } from './conferences.js';
import { isInterrupt } from './interrupt.js';
import type { WebhookClient } from './webhook.client.js';
import { callParams, rfc2822 } from './webhook.params.js';

export type CallbackEvent = 'initiated' | 'ringing' | 'answered' | 'completed';
export const CALLBACK_EVENTS: readonly CallbackEvent[] = ['initiated', 'ringing', 'answered', 'completed'];

// statusCallbackEvent on <Conference> uses short names.
const CONFERENCE_EVENT_NAMES: Record<ConferenceEvent, string> = {
  'conference-start': 'start',
  'conference-end': 'end',
  'participant-join': 'join',
  'participant-leave': 'leave',
};

interface Deps {
  http: WebhookClient;
  clock: Clock;
  accountSid: string;
  life: AbortSignal;
  log: (message: string, meta?: Record<string, unknown>) => void;
}

/**
 * Call progress and conference callbacks. Sent one after another per call (Twilio does not
 * promise order; sending in order keeps tests deterministic); answers are ignored, failures logged.
 */
export class StatusCallbacks {
  constructor(private readonly deps: Deps) {}

  call(call: CallLeg, event: CallbackEvent): void {
    const cfg = call.statusCallback;
    if (!cfg || !cfg.events.has(event) || this.deps.life.aborted) return;
    const { clock, accountSid } = this.deps;
    const status = event === 'initiated' ? 'initiated' : event === 'answered' ? 'in-progress' : event === 'ringing' ? 'ringing' : call.status;
    const params: Record<string, string> = {
      ...callParams({ ...call, status }, accountSid),
      Timestamp: rfc2822(clock.now()),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(call.callbackSequence++),
    };
    if (event === 'completed') {
      const seconds = call.answeredAt ? Math.round(clock.simSeconds(call.answeredAt, call.endedAt ?? clock.now())) : 0;
      params.CallDuration = String(seconds);
      params.Duration = String(Math.ceil(seconds / 60));
    }
    call.callbacks = call.callbacks.then(() => this.send(cfg.url, cfg.method, params, { callSid: call.sid, event }));
  }

  conference(conf: Conference, event: ConferenceEvent, p?: Participant): void {
    const cfg = conf.statusCallback;
    if (!cfg || !cfg.events.has(CONFERENCE_EVENT_NAMES[event]) || this.deps.life.aborted) return;
    const params: Record<string, string> = {
      AccountSid: this.deps.accountSid,
      ConferenceSid: conf.sid,
      FriendlyName: conf.name,
      StatusCallbackEvent: event,
      Timestamp: rfc2822(this.deps.clock.now()),
      SequenceNumber: String(conf.callbackSequence++),
    };
    if (p) {
      Object.assign(params, {
        CallSid: p.call.sid,
        Muted: String(p.opts.muted),
        Hold: String(p.hold),
        Coaching: 'false',
        EndConferenceOnExit: String(p.opts.endConferenceOnExit),
        StartConferenceOnEnter: String(p.opts.startConferenceOnEnter),
      });
      if (p.opts.label) params.ParticipantLabel = p.opts.label;
    }
    if (event === 'conference-end') {
      params.ReasonConferenceEnded = conf.reasonEnded ?? '';
      if (conf.callSidEndingConference) params.CallSidEndingConference = conf.callSidEndingConference;
    }
    conf.callbacks = conf.callbacks.then(() => this.send(cfg.url, cfg.method, params, { conferenceSid: conf.sid, event }));
  }

  private async send(url: string, method: 'GET' | 'POST', params: Record<string, string>, meta: Record<string, unknown>): Promise<void> {
    try {
      await this.deps.http.send({ url, method, params, signal: this.deps.life, purpose: 'status' });
    } catch (e) {
      if (!isInterrupt(e)) this.deps.log('status callback failed', { ...meta, error: (e as Error).message });
    }
  }
}
