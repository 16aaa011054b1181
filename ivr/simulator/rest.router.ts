import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import twilio from 'twilio';
import type { CallLeg, StatusCallbackConfig } from './call.leg.js';
import type { Beep, Conference } from './conferences.js';
import type { SimQueue } from './queues.js';
import type { Next } from './document.loader.js';
import type { Runtime } from './runtime.js';
import { CALLBACK_EVENTS, type CallbackEvent } from './status-callbacks.js';
import { TwimlParseError, parseTwiml } from './twiml.parser.js';
import type { HttpMethod } from './webhook.client.js';
import {
  accountUri,
  participantView,
  presentCall,
  presentConference,
  presentList,
  presentMember,
  presentParticipant,
  presentQueue,
} from './rest.presenter.js';

type Form = Record<string, unknown>;

/** A Twilio REST error: `{code, message, more_info, status}` (RestException in twilio-node). */
class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (req: Request) => new RestError(404, 20404, `The requested resource ${req.originalUrl.split('?')[0]} was not found`);
const invalid = (code: number, message: string) => new RestError(400, code, message);

type ConferenceEvents = Array<'start' | 'end' | 'join' | 'leave' | 'mute' | 'hold' | 'modify' | 'speaker' | 'announcement'>;
const BEEPS: readonly Beep[] = ['true', 'false', 'onEnter', 'onExit'];
const TO = /^(client:[A-Za-z0-9_.@-]{1,256}|\+[1-9]\d{5,14})$/;
const MAX_TWIML = 4000;

function one(form: Form, key: string): string | undefined {
  const v = form[key];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last : undefined;
}

function many(form: Form, key: string): string[] {
  const v = form[key];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string');
}

function bool(form: Form, key: string, dflt: boolean): boolean {
  const v = one(form, key);
  return v === undefined ? dflt : v.toLowerCase() === 'true';
}

function method(form: Form, key: string): HttpMethod {
  const v = (one(form, key) ?? 'POST').toUpperCase();
  if (v !== 'GET' && v !== 'POST') throw invalid(21014, `${key} must be GET or POST`);
  return v;
}

function absoluteUrl(form: Form, key: string): string | undefined {
  const v = one(form, key);
  if (v === undefined || v === '') return undefined;
  try {
    const url = new URL(v);
    if (url.protocol === 'http:' || url.protocol === 'https:') return v;
  } catch {
    // reported below
  }
  throw invalid(21205, `${key} is not a valid absolute URL`);
}

function seconds(form: Form, key: string, dflt: number, max: number): number {
  const v = one(form, key);
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalid(21014, `${key} must be a whole number from 1 to ${max}`);
  return n;
}

function inlineTwiml(twiml: string): Next {
  if (twiml.length > MAX_TWIML) throw invalid(32018, `Twiml is longer than ${MAX_TWIML} characters`);
  try {
    parseTwiml(twiml);
  } catch (e) {
    if (e instanceof TwimlParseError) throw invalid(12100, `Twiml is not valid TwiML: ${e.message}`);
    throw e;
  }
  return { kind: 'inline', twiml };
}

/** Url or Twiml, as REST create/update take them (Twiml wins when both are given). */
function nextFrom(form: Form): Next | null {
  const twiml = one(form, 'Twiml');
  if (twiml) return inlineTwiml(twiml);
  const url = absoluteUrl(form, 'Url');
  return url ? { kind: 'fetch', url, method: method(form, 'Method'), purpose: 'voice' } : null;
}

function statusCallbackFrom(form: Form): StatusCallbackConfig | null {
  const url = absoluteUrl(form, 'StatusCallback');
  if (!url) return null;
  const asked = many(form, 'StatusCallbackEvent')
    .flatMap((e) => e.split(/\s+/))
    .filter((e): e is CallbackEvent => CALLBACK_EVENTS.includes(e as CallbackEvent));
  return { url, method: method(form, 'StatusCallbackMethod'), events: new Set<CallbackEvent>(asked.length ? asked : ['completed']) };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/**
 * Twilio's REST API for the resources a helpline uses (reference §4.1), answering twilio-node:
 * Basic auth AccountSid:AuthToken, form-encoded PascalCase bodies, snake_case JSON.
 */
export function restRouter(rt: Runtime, authToken: string): Router {
  const router = express.Router();
  const { accountSid } = rt;
  const expected = digest(`${accountSid}:${authToken}`);
  const base = '/2010-04-01/Accounts/:AccountSid';

  router.use('/2010-04-01', express.urlencoded({ extended: false, limit: '64kb' }));

  const authorised = (req: Request): boolean => {
    const header = req.get('authorization') ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (!m) return false;
    const given = digest(Buffer.from(m[1], 'base64').toString('utf8'));
    return timingSafeEqual(given, expected) && req.params.AccountSid === accountSid;
  };

  type Handler = (req: Request, res: Response) => void;
  const route = (verb: 'get' | 'post' | 'delete', path: string, handle: Handler) => {
    router[verb](`${base}${path}`, (req: Request, res: Response) => {
      if (!authorised(req)) {
        res.set('WWW-Authenticate', 'Basic realm="Twilio API"');
        throw new RestError(401, 20003, 'Authenticate');
      }
      if (rt.isClosed) throw new RestError(503, 20503, 'The simulator is shut down');
      handle(req, res);
    });
  };
  const form = (req: Request): Form => (req.body && typeof req.body === 'object' ? (req.body as Form) : {});
  const query = (req: Request): Form => req.query as Form;
  const pageSize = (req: Request): number => Math.min(1000, Math.max(1, Number(one(query(req), 'PageSize')) || 50));
  const found = <T>(req: Request, value: T | undefined): T => {
    if (value === undefined) throw notFound(req);
    return value;
  };
  const findCall = (req: Request): CallLeg => found(req, rt.call(String(req.params.CallSid)));
  const findConference = (req: Request): Conference => found(req, rt.conferences.bySidOrName(String(req.params.ConferenceSid)));
  const findQueue = (req: Request): SimQueue => found(req, rt.queues.bySid(String(req.params.QueueSid)));

  // Calls
  route('post', '/Calls.json', (req, res) => {
    const f = form(req);
    const to = one(f, 'To');
    const from = one(f, 'From');
    if (!to) throw invalid(21201, "No 'To' number is specified");
    if (!from) throw invalid(21213, "No 'From' number is specified");
    if (!TO.test(to)) throw invalid(21211, `Invalid 'To' Phone Number: ${to.startsWith('client:') ? to : 'not E.164'}`);
    const start = nextFrom(f);
    if (!start) throw invalid(21205, 'Url parameter is required');
    const fallbackUrl = absoluteUrl(f, 'FallbackUrl');
    const call = rt.placeOutbound(
      {
        from,
        to,
        statusCallback: statusCallbackFrom(f),
        fallback: fallbackUrl ? { url: fallbackUrl, method: method(f, 'FallbackMethod') } : null,
      },
      start,
      seconds(f, 'Timeout', 60, 600),
      one(f, 'TimeLimit') ? seconds(f, 'TimeLimit', 14_400, 86_400) : null,
    );
    res.status(201).json(presentCall(call, accountSid, rt.clock));
  });

  route('get', '/Calls.json', (req, res) => {
    const q = query(req);
    const status = one(q, 'Status');
    const parent = one(q, 'ParentCallSid');
    const calls = rt
      .allCalls()
      .filter((c) => (!status || c.status === status) && (!parent || c.parentCallSid === parent))
      .reverse();
    const size = pageSize(req);
    res.json(presentList('calls', calls.slice(0, size).map((c) => presentCall(c, accountSid, rt.clock)), `${accountUri(accountSid)}/Calls.json`, size));
  });

  route('get', '/Calls/:CallSid.json', (req, res) => {
    res.json(presentCall(findCall(req), accountSid, rt.clock));
  });

  route('post', '/Calls/:CallSid.json', (req, res) => {
    const call = findCall(req);
    const f = form(req);
    const status = one(f, 'Status');
    const next = nextFrom(f);
    if (status !== undefined && status !== 'completed' && status !== 'canceled') {
      throw invalid(21218, 'Status must be completed or canceled');
    }
    if (next && !status && !call.isLive) throw invalid(21220, 'Call is not in-progress. Cannot redirect.');
    const fallbackUrl = absoluteUrl(f, 'FallbackUrl');
    if (fallbackUrl) call.fallback = { url: fallbackUrl, method: method(f, 'FallbackMethod') };
    if (status === 'completed' || status === 'canceled') {
      // canceled only touches an outgoing call still ringing; completed ends any live call.
      if (call.direction !== 'inbound' && !call.answeredAt && call.isLive) rt.end(call, 'canceled', 'rest');
      else if (status === 'completed') rt.end(call, 'completed', 'rest');
    } else if (next) {
      void rt.redirect(call, next.kind === 'fetch' ? { ...next, purpose: 'redirect' } : next);
    }
    res.json(presentCall(call, accountSid, rt.clock));
  });

  // Queues
  route('get', '/Queues.json', (req, res) => {
    const size = pageSize(req);
    res.json(presentList('queues', rt.queues.list().map((q) => presentQueue(q, accountSid)), `${accountUri(accountSid)}/Queues.json`, size));
  });

  route('post', '/Queues.json', (req, res) => {
    const f = form(req);
    const name = one(f, 'FriendlyName');
    if (!name || name.length > 64) throw invalid(20001, 'FriendlyName is required (at most 64 characters)');
    if (rt.queues.named(name)) throw invalid(22003, 'A queue with this FriendlyName already exists');
    const queue = rt.queues.ensure(name);
    queue.maxSize = seconds(f, 'MaxSize', queue.maxSize, 5000);
    res.status(201).json(presentQueue(queue, accountSid));
  });

  route('get', '/Queues/:QueueSid.json', (req, res) => {
    res.json(presentQueue(findQueue(req), accountSid));
  });

  route('get', '/Queues/:QueueSid/Members.json', (req, res) => {
    const queue = findQueue(req);
    const size = pageSize(req);
    res.json(
      presentList(
        'queue_members',
        queue.members.map((m) => presentMember(m, accountSid)),
        `${accountUri(accountSid)}/Queues/${queue.sid}/Members.json`,
        size,
      ),
    );
  });

  const findMember = (req: Request) => {
    const queue = findQueue(req);
    const id = String(req.params.CallSid);
    const member = id === 'Front' ? queue.members[0] : queue.members.find((m) => m.call.sid === id);
    if (!member) throw notFound(req);
    return member;
  };

  route('get', '/Queues/:QueueSid/Members/:CallSid.json', (req, res) => {
    res.json(presentMember(findMember(req), accountSid));
  });

  // Dequeue: the member leaves the queue now and runs the TwiML at Url (its Enqueue action, if
  // any, hears QueueResult=redirected).
  route('post', '/Queues/:QueueSid/Members/:CallSid.json', (req, res) => {
    const member = findMember(req);
    const f = form(req);
    const url = absoluteUrl(f, 'Url');
    if (!url) throw invalid(21205, 'Url parameter is required');
    const body = presentMember(member, accountSid);
    member.queue.remove(member);
    member.call.queueSeat = null;
    void rt.redirect(member.call, { kind: 'fetch', url, method: method(f, 'Method'), purpose: 'redirect' });
    res.json(body);
  });

  // Conferences
  route('get', '/Conferences.json', (req, res) => {
    const q = query(req);
    const name = one(q, 'FriendlyName');
    const status = one(q, 'Status');
    const size = pageSize(req);
    const list = rt
      .conferences.list()
      .filter((c) => (!name || c.name === name) && (!status || c.status === status))
      .reverse();
    res.json(presentList('conferences', list.map((c) => presentConference(c, accountSid)), `${accountUri(accountSid)}/Conferences.json`, size));
  });

  route('get', '/Conferences/:ConferenceSid.json', (req, res) => {
    res.json(presentConference(findConference(req), accountSid));
  });

  route('post', '/Conferences/:ConferenceSid.json', (req, res) => {
    const conf = findConference(req);
    const status = one(form(req), 'Status');
    if (status !== undefined && status !== 'completed') throw invalid(21218, 'Status can only be completed');
    if (one(form(req), 'AnnounceUrl')) throw invalid(20001, 'AnnounceUrl is not simulated');
    if (status === 'completed') conf.end('conference-ended-via-api');
    res.json(presentConference(conf, accountSid));
  });

  route('get', '/Conferences/:ConferenceSid/Participants.json', (req, res) => {
    const conf = findConference(req);
    const size = pageSize(req);
    res.json(
      presentList(
        'participants',
        [...conf.participants.values()].map((p) => presentParticipant(participantView(p), conf, accountSid)),
        `${accountUri(accountSid)}/Conferences/${conf.sid}/Participants.json`,
        size,
      ),
    );
  });

  // Adds a participant by calling it: the callee, once it answers, runs <Dial><Conference>.
  route('post', '/Conferences/:ConferenceSid/Participants.json', (req, res) => {
    const f = form(req);
    const id = String(req.params.ConferenceSid);
    const conf = /^CF[0-9a-f]{32}$/i.test(id) ? rt.conferences.bySidOrName(id) : rt.conferences.ensure(id);
    if (!conf || conf.status === 'completed') throw notFound(req);
    const to = one(f, 'To');
    const from = one(f, 'From');
    if (!to || !TO.test(to)) throw invalid(21211, "Invalid 'To' Phone Number");
    if (!from) throw invalid(21213, "No 'From' number is specified");
    const beep = one(f, 'Beep') ?? 'true';
    if (!BEEPS.includes(beep as Beep)) throw invalid(21014, 'Beep must be true, false, onEnter or onExit');
    const opts = {
      startConferenceOnEnter: bool(f, 'StartConferenceOnEnter', true),
      endConferenceOnExit: bool(f, 'EndConferenceOnExit', false),
      muted: bool(f, 'Muted', false),
      beep: beep as Beep,
      label: one(f, 'Label') ?? null,
    };
    const waitUrl = absoluteUrl(f, 'WaitUrl');
    const conferenceCallback = absoluteUrl(f, 'ConferenceStatusCallback');
    const events = many(f, 'ConferenceStatusCallbackEvent').flatMap((e) => e.split(/\s+/)).filter(Boolean);
    // The callee runs the same TwiML a <Dial><Conference> would give it.
    const response = new twilio.twiml.VoiceResponse();
    const timeLimit = one(f, 'TimeLimit') ? seconds(f, 'TimeLimit', 14_400, 86_400) : undefined;
    response.dial(timeLimit ? { timeLimit } : {}).conference(
      {
        startConferenceOnEnter: opts.startConferenceOnEnter,
        endConferenceOnExit: opts.endConferenceOnExit,
        muted: opts.muted,
        beep: opts.beep,
        ...(opts.label ? { participantLabel: opts.label } : {}),
        ...(waitUrl ? { waitUrl, waitMethod: method(f, 'WaitMethod') } : {}),
        ...(conferenceCallback ? { statusCallback: conferenceCallback, statusCallbackEvent: events as ConferenceEvents } : {}),
      },
      conf.name,
    );
    const call = rt.placeOutbound(
      { from, to, statusCallback: statusCallbackFrom(f) },
      { kind: 'inline', twiml: response.toString() },
      seconds(f, 'Timeout', 60, 600),
      null,
    );
    res.status(201).json(
      presentParticipant({ callSid: call.sid, opts, hold: false, joinedAt: call.createdAt, status: 'queued' }, conf, accountSid),
    );
  });

  const findParticipant = (req: Request) => {
    const conf = findConference(req);
    const p = conf.participants.get(String(req.params.CallSid));
    if (!p) throw notFound(req);
    return { conf, p };
  };

  route('get', '/Conferences/:ConferenceSid/Participants/:CallSid.json', (req, res) => {
    const { conf, p } = findParticipant(req);
    res.json(presentParticipant(participantView(p), conf, accountSid));
  });

  route('post', '/Conferences/:ConferenceSid/Participants/:CallSid.json', (req, res) => {
    const { conf, p } = findParticipant(req);
    const f = form(req);
    if (one(f, 'Muted') !== undefined) p.opts.muted = bool(f, 'Muted', p.opts.muted);
    if (one(f, 'EndConferenceOnExit') !== undefined) p.opts.endConferenceOnExit = bool(f, 'EndConferenceOnExit', false);
    if (one(f, 'Hold') !== undefined) {
      p.hold = bool(f, 'Hold', false);
      p.call.emit({ kind: 'notice', message: p.hold ? 'put on hold (hold music is not simulated)' : 'taken off hold' });
    }
    res.json(presentParticipant(participantView(p), conf, accountSid));
  });

  route('delete', '/Conferences/:ConferenceSid/Participants/:CallSid.json', (req, res) => {
    findParticipant(req).p.remove();
    res.status(204).end();
  });

  router.use('/2010-04-01', (req: Request) => {
    throw notFound(req);
  });

  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!req.originalUrl.includes('/2010-04-01/')) return next(err);
    const status = (err as { status?: number }).status;
    const e =
      err instanceof RestError
        ? err
        : status && status >= 400 && status < 500
          ? new RestError(400, 20001, 'The request body could not be read')
          : new RestError(500, 20500, 'Internal simulator error');
    if (e.status === 500) rt.log('REST handler failed', { path: req.path, error: (err as Error).message });
    res.status(e.status).json({ code: e.code, message: e.message, more_info: `https://www.twilio.com/docs/errors/${e.code}`, status: e.status });
  });

  return router;
}
