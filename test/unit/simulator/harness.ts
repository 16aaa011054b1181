// A tiny "Approdo server" for the simulator tests: real HTTP on port 0, every webhook's
// X-Twilio-Signature checked with twilio.validateRequest, scripted TwiML per path, and the
// simulator's REST API mounted on the same app and driven through the real twilio client.

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Request } from 'express';
import twilio from 'twilio';
import { Simulator, type SimEvent, type SimulatorOptions } from '../../../ivr/simulator/index.js';
import { createTwilioClient } from '../../../ivr/twilio/rest-client.js';

export const ACCOUNT_SID = 'AC' + '0123456789abcdef'.repeat(2);
export const AUTH_TOKEN = 'test-auth-token-for-the-simulator';
export const HELPLINE = '+39800290290';
export const REST_PREFIX = '/sim/twilio';

export interface Hit {
  path: string;
  method: string;
  params: Record<string, string>;
  url: string; // full URL as signed
  at: number;
}

export type Reply = string | { status?: number; type?: string; body?: string; location?: string };
export type Script = (params: Record<string, string>, hit: Hit) => Reply | Promise<Reply>;

export const VoiceResponse = twilio.twiml.VoiceResponse;
export type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

/** TwiML from a builder, as the server's twiml.ts would make it. */
export function twiml(build: (r: VoiceResponse) => void): string {
  const r = new VoiceResponse();
  build(r);
  return r.toString();
}

export interface HarnessOptions {
  timeScale?: number;
  fallback?: boolean;
  voicePath?: string;
  /** Where the softphone API is mounted (the server mounts it at /sim/phone). */
  phonePath?: string;
}

export class Harness {
  readonly hits: Hit[] = [];
  readonly badSignatures: Hit[] = [];
  private readonly scripts = new Map<string, Script>();
  private readonly waiters = new Set<{ pred: (h: Hit) => boolean; resolve: (h: Hit) => void }>();
  sim!: Simulator;
  client!: ReturnType<typeof createTwilioClient>;
  baseUrl = '';
  private server!: Server;

  /** Scripts the TwiML (or reply) for a webhook path. */
  on(path: string, script: Script | Reply): this {
    this.scripts.set(path, typeof script === 'function' ? script : () => script);
    return this;
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  hitsTo(path: string): Hit[] {
    return this.hits.filter((h) => h.path === path);
  }

  /** Resolves with the first past or future webhook hit matching pred. */
  waitForHit(pred: (h: Hit) => boolean, timeoutMs = 3000): Promise<Hit> {
    const seen = this.hits.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { pred, resolve: (h: Hit) => (clearTimeout(timer), resolve(h)) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching webhook within ${timeoutMs} ms; hits: ${this.hits.map((h) => `${h.method} ${h.path}`).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async start(opts: HarnessOptions = {}, simOverrides: Partial<SimulatorOptions> = {}): Promise<this> {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    this.server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.sim = new Simulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      number: HELPLINE,
      voiceUrl: this.url(opts.voicePath ?? '/ivr/voice'),
      statusCallback: this.url('/ivr/status'),
      ...(opts.fallback === false ? {} : { fallbackUrl: this.url('/ivr/fallback') }),
      timeScale: opts.timeScale ?? 0.01,
      ...simOverrides,
    });
    app.use(REST_PREFIX, this.sim.restRouter());
    app.use(opts.phonePath ?? '/phone', this.sim.phoneRouter());
    app.use(async (req, res) => {
      const hit = this.record(req);
      const script = this.scripts.get(hit.path);
      if (!script) return void res.status(404).type('text/plain').send('no script');
      const reply = await script(hit.params, hit);
      if (typeof reply === 'string') return void res.type('text/xml').send(reply);
      if (reply.location) res.set('Location', reply.location);
      res.status(reply.status ?? 200).type(reply.type ?? 'text/xml').send(reply.body ?? '');
    });
    this.client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: this.url(REST_PREFIX) });
    return this;
  }

  async close(): Promise<void> {
    await this.sim?.close();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private record(req: Request): Hit {
    const url = this.baseUrl + req.originalUrl;
    const params = (req.method === 'POST' ? req.body : {}) as Record<string, string>;
    const hit: Hit = {
      path: req.path,
      method: req.method,
      params: req.method === 'POST' ? params : (req.query as Record<string, string>),
      url,
      at: Date.now(),
    };
    const signature = req.get('x-twilio-signature') ?? '';
    if (!twilio.validateRequest(AUTH_TOKEN, signature, url, params)) this.badSignatures.push(hit);
    this.hits.push(hit);
    for (const w of [...this.waiters]) {
      if (w.pred(hit)) {
        this.waiters.delete(w);
        w.resolve(hit);
      }
    }
    return hit;
  }
}

/** A started harness per test, closed after it; any badly signed webhook fails the test. */
export function useHarness(opts: HarnessOptions = {}, simOverrides: Partial<SimulatorOptions> = {}): () => Harness {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start(opts, simOverrides);
  });
  afterEach(async function () {
    const bad = h.badSignatures.map((x) => `${x.method} ${x.path}`);
    await h.close();
    if (bad.length) throw new Error(`webhooks with a bad X-Twilio-Signature: ${bad.join(', ')}`);
  });
  return () => h;
}

/** A type guard for one kind of event: `call.waitFor(is('say'))` resolves with a say event. */
export const is =
  <K extends SimEvent['kind']>(kind: K) =>
  (e: SimEvent): e is Extract<SimEvent, { kind: K }> =>
    e.kind === kind;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
