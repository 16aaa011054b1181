import type { SimCall } from './call.types.js';
import type { EndpointBehaviour } from './endpoints.js';
import type { NodeHandler } from './http.js';
import { phoneRouter } from './phone.router.js';
import { restRouter } from './rest.router.js';
import { Runtime } from './runtime.js';
import { randomItalianMobile } from './sids.js';
import type { WebhookTiming } from './webhook.client.js';

export type {
  CallDirection,
  CallStatus,
  HangupBy,
  QueueResult,
  RequestPurpose,
  SimCall,
  SimCallView,
  SimEvent,
  SimEventBody,
  SimEventOf,
} from './call.types.js';
export type { EndpointBehaviour } from './endpoints.js';
export type { NodeHandler } from './http.js';
export type { WebhookPurpose, WebhookTiming } from './webhook.client.js';

export interface SimulatorOptions {
  accountSid: string; // 'AC' + 32 hex
  authToken: string; // signs webhooks; checks REST Basic auth
  number: string; // the helpline number callers dial, e.g. '+39800290290'
  voiceUrl: string; // absolute, e.g. 'http://127.0.0.1:3000/ivr/voice'
  statusCallback: string; // absolute: the number's status callback ('completed' for inbound calls)
  fallbackUrl?: string; // absolute, e.g. '.../ivr/fallback'
  timeScale?: number; // multiplies every simulated duration; default 1; tests use ~0.01
  log?: (message: string, meta?: Record<string, unknown>) => void; // never receives phone numbers
  onWebhook?: (t: WebhookTiming) => void; // each webhook's purpose, duration and status (benchmarks)
}

const E164 = /^\+[1-9]\d{5,14}$/;

function absolute(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${name} must be an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`${name} must be http or https`);
  return value;
}

/**
 * A Twilio-compatible telephony simulator: virtual callers dial the helpline number, the number's
 * webhooks are called signed as Twilio signs them, their TwiML is interpreted with Twilio's
 * defaults and timing, and a REST API in twilio-node's shape drives live calls.
 */
export class Simulator {
  private readonly rt: Runtime;

  constructor(private readonly opts: SimulatorOptions) {
    if (!/^AC[0-9a-fA-F]{32}$/.test(opts.accountSid)) throw new TypeError("accountSid must be 'AC' and 32 hex digits");
    if (!opts.authToken) throw new TypeError('authToken is required');
    if (!E164.test(opts.number)) throw new TypeError('number must be E.164');
    absolute('voiceUrl', opts.voiceUrl);
    absolute('statusCallback', opts.statusCallback);
    if (opts.fallbackUrl) absolute('fallbackUrl', opts.fallbackUrl);
    this.rt = new Runtime({
      accountSid: opts.accountSid,
      authToken: opts.authToken,
      timeScale: opts.timeScale ?? 1,
      log: opts.log ?? (() => {}),
      onWebhook: opts.onWebhook,
    });
  }

  /**
   * Twilio REST under '/2010-04-01/Accounts/:AccountSid/...', as a Connect-style handler: the host
   * mounts it at any prefix (`app.use('/sim/twilio', sim.restRouter())`).
   */
  restRouter(): NodeHandler {
    return restRouter(this.rt, this.opts.authToken);
  }

  /** JSON API for the caller softphone page, as a Connect-style handler behind the host's staff auth. */
  phoneRouter(): NodeHandler {
    return phoneRouter({ runtime: this.rt, placeCall: (o) => this.placeCall(o) });
  }

  /** An inbound call from a virtual caller's phone to the helpline number. */
  async placeCall(opts: { from?: string } = {}): Promise<SimCall> {
    const from = opts.from ?? randomItalianMobile();
    // Twilio reports a withheld caller ID as "anonymous" (or "unknown"): callers may hide their number.
    const withheld = from === 'anonymous' || from === 'unknown';
    if (!withheld && !E164.test(from) && !from.startsWith('client:')) throw new TypeError('from must be E.164, client:<identity>, anonymous or unknown');
    const { number, voiceUrl, statusCallback, fallbackUrl } = this.opts;
    return this.rt.placeInbound(
      {
        from,
        to: number,
        virtualCaller: true,
        statusCallback: { url: statusCallback, method: 'POST', events: new Set(['completed']) },
        fallback: fallbackUrl ? { url: fallbackUrl, method: 'POST' } : null,
      },
      { kind: 'fetch', url: voiceUrl, method: 'POST', purpose: 'voice' },
    );
  }

  call(sid: string): SimCall | undefined {
    return this.rt.call(sid);
  }

  calls(): SimCall[] {
    return this.rt.allCalls();
  }

  /** What a virtual endpoint does when rung: by address, or '*' for every other one. */
  setEndpointBehaviour(address: string, b: EndpointBehaviour): void {
    this.rt.endpoints.set(address, b);
  }

  /** Stops every timer, fetch and stream; live calls end with hangup {by: 'shutdown'}. */
  close(): Promise<void> {
    return this.rt.close();
  }
}
