import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
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
  asForm,
  formBody,
  type Form,
  type Method,
  type NodeHandler,
  type Params,
  pass,
  pathOf,
  queryOf,
  readBody,
  type Reply,
  type Route,
  routeTable,
  sendJson,
} from './http.js';
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

// Names the resource as the client asked for it, mount prefix included (Connect's originalUrl).
const resourceOf = (req: IncomingMessage) => ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0];
const notFound = (x: { resource: string }) => new RestError(404, 20404, `The requested resource ${x.resource} was not found`);
const invalid = (code: number, message: string) => new RestError(400, code, message);

type ConferenceEvents = Array<'start' | 'end' | 'join' | 'leave' | 'mute' | 'hold' | 'modify' | 'speaker' | 'announcement'>;
const BEEPS: readonly Beep[] = ['true', 'false', 'onEnter', 'onExit'];
const TO = /^(client:[A-Za-z0-9_.@-]{1,256}|\+[1-9]\d{5,14})$/;
const MAX_TWIML = 4000;
const API = /^\/2010-04-01(?:\/|$)/i;
const FORM = formBody(64 * 1024);

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

/** One REST request, as a route reads it. */
interface Exchange {
  params: Params;
  form: Form; // the form-encoded body
  query: Form;
  resource: string; // the path asked for, named in a 404
}

/**
 * Twilio's REST API for the resources a helpline uses (reference §4.1), answering twilio-node:
 * Basic auth AccountSid:AuthToken, form-encoded PascalCase bodies, snake_case JSON. A handler
 * for any Connect-style host, which mounts it at a prefix of its choosing.
 */
export function restRouter(rt: Runtime, authToken: string): NodeHandler {
  const { accountSid } = rt;
  const expected = digest(`${accountSid}:${authToken}`);
  const base = '/2010-04-01/Accounts/:AccountSid';

  const authorised = (req: IncomingMessage, params: Params): boolean => {
    const header = req.headers.authorization ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (!m) return false;
    const given = digest(Buffer.from(m[1], 'base64').toString('utf8'));
    return timingSafeEqual(given, expected) && params.AccountSid === accountSid;
  };

  const routes: Array<Route<(x: Exchange) => Reply>> = [];
  const route = (method: Method, path: string, handle: (x: Exchange) => Reply) => {
    routes.push({ method, path: `${base}${path}`, handle });
  };
  const json = (body: unknown): Reply => ({ status: 200, body });
  const created = (body: unknown): Reply => ({ status: 201, body });
  const pageSize = (x: Exchange): number => Math.min(1000, Math.max(1, Number(one(x.query, 'PageSize')) || 50));
  const found = <T>(x: Exchange, value: T | undefined): T => {
    if (value === undefined) throw notFound(x);
    return value;
  };
  const findCall = (x: Exchange): CallLeg => found(x, rt.call(x.params.CallSid));
  const findConference = (x: Exchange): Conference => found(x, rt.conferences.bySidOrName(x.params.ConferenceSid));
  const findQueue = (x: Exchange): SimQueue => found(x, rt.queues.bySid(x.params.QueueSid));

  // Calls
  route('POST', '/Calls.json', (x) => {
    const f = x.form;
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
    return created(presentCall(call, accountSid, rt.clock));
  });

  route('GET', '/Calls.json', (x) => {
    const q = x.query;
    const status = one(q, 'Status');
    const parent = one(q, 'ParentCallSid');
    const calls = rt
      .allCalls()
      .filter((c) => (!status || c.status === status) && (!parent || c.parentCallSid === parent))
      .reverse();
    const size = pageSize(x);
    return json(presentList('calls', calls.slice(0, size).map((c) => presentCall(c, accountSid, rt.clock)), `${accountUri(accountSid)}/Calls.json`, size));
  });

  route('GET', '/Calls/:CallSid.json', (x) => {
    return json(presentCall(findCall(x), accountSid, rt.clock));
  });

  route('POST', '/Calls/:CallSid.json', (x) => {
    const call = findCall(x);
    const f = x.form;
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
    return json(presentCall(call, accountSid, rt.clock));
  });

  // Queues
  route('GET', '/Queues.json', (x) => {
    const size = pageSize(x);
    return json(presentList('queues', rt.queues.list().map((q) => presentQueue(q, accountSid)), `${accountUri(accountSid)}/Queues.json`, size));
  });

  route('POST', '/Queues.json', (x) => {
    const f = x.form;
    const name = one(f, 'FriendlyName');
    if (!name || name.length > 64) throw invalid(20001, 'FriendlyName is required (at most 64 characters)');
    if (rt.queues.named(name)) throw invalid(22003, 'A queue with this FriendlyName already exists');
    const queue = rt.queues.ensure(name);
    queue.maxSize = seconds(f, 'MaxSize', queue.maxSize, 5000);
    return created(presentQueue(queue, accountSid));
  });

  route('GET', '/Queues/:QueueSid.json', (x) => {
    return json(presentQueue(findQueue(x), accountSid));
  });

  route('GET', '/Queues/:QueueSid/Members.json', (x) => {
    const queue = findQueue(x);
    const size = pageSize(x);
    return json(
      presentList(
        'queue_members',
        queue.members.map((m) => presentMember(m, accountSid)),
        `${accountUri(accountSid)}/Queues/${queue.sid}/Members.json`,
        size,
      ),
    );
  });

  const findMember = (x: Exchange) => {
    const queue = findQueue(x);
    const id = x.params.CallSid;
    const member = id === 'Front' ? queue.members[0] : queue.members.find((m) => m.call.sid === id);
    if (!member) throw notFound(x);
    return member;
  };

  route('GET', '/Queues/:QueueSid/Members/:CallSid.json', (x) => {
    return json(presentMember(findMember(x), accountSid));
  });

  // Dequeue: the member leaves the queue now and runs the TwiML at Url (its Enqueue action, if
  // any, hears QueueResult=redirected).
  route('POST', '/Queues/:QueueSid/Members/:CallSid.json', (x) => {
    const member = findMember(x);
    const f = x.form;
    const url = absoluteUrl(f, 'Url');
    if (!url) throw invalid(21205, 'Url parameter is required');
    const body = presentMember(member, accountSid);
    member.queue.remove(member);
    member.call.queueSeat = null;
    void rt.redirect(member.call, { kind: 'fetch', url, method: method(f, 'Method'), purpose: 'redirect' });
    return json(body);
  });

  // Conferences
  route('GET', '/Conferences.json', (x) => {
    const q = x.query;
    const name = one(q, 'FriendlyName');
    const status = one(q, 'Status');
    const size = pageSize(x);
    const list = rt
      .conferences.list()
      .filter((c) => (!name || c.name === name) && (!status || c.status === status))
      .reverse();
    return json(presentList('conferences', list.map((c) => presentConference(c, accountSid)), `${accountUri(accountSid)}/Conferences.json`, size));
  });

  route('GET', '/Conferences/:ConferenceSid.json', (x) => {
    return json(presentConference(findConference(x), accountSid));
  });

  route('POST', '/Conferences/:ConferenceSid.json', (x) => {
    const conf = findConference(x);
    const status = one(x.form, 'Status');
    if (status !== undefined && status !== 'completed') throw invalid(21218, 'Status can only be completed');
    if (one(x.form, 'AnnounceUrl')) throw invalid(20001, 'AnnounceUrl is not simulated');
    if (status === 'completed') conf.end('conference-ended-via-api');
    return json(presentConference(conf, accountSid));
  });

  route('GET', '/Conferences/:ConferenceSid/Participants.json', (x) => {
    const conf = findConference(x);
    const size = pageSize(x);
    return json(
      presentList(
        'participants',
        [...conf.participants.values()].map((p) => presentParticipant(participantView(p), conf, accountSid)),
        `${accountUri(accountSid)}/Conferences/${conf.sid}/Participants.json`,
        size,
      ),
    );
  });

  // Adds a participant by calling it: the callee, once it answers, runs <Dial><Conference>.
  route('POST', '/Conferences/:ConferenceSid/Participants.json', (x) => {
    const f = x.form;
    const id = x.params.ConferenceSid;
    const conf = /^CF[0-9a-f]{32}$/i.test(id) ? rt.conferences.bySidOrName(id) : rt.conferences.ensure(id);
    if (!conf || conf.status === 'completed') throw notFound(x);
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
      coaching: bool(f, 'Coaching', false),
      callSidToCoach: one(f, 'CallSidToCoach') ?? null,
    };
    if (opts.coaching && !opts.callSidToCoach) throw invalid(21250, 'CallSidToCoach is required when Coaching is true');
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
        ...(opts.coaching && opts.callSidToCoach ? { coach: opts.callSidToCoach } : {}),
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
    return created(
      presentParticipant({ callSid: call.sid, opts, hold: false, joinedAt: call.createdAt, status: 'queued' }, conf, accountSid),
    );
  });

  const findParticipant = (x: Exchange) => {
    const conf = findConference(x);
    // A participant is named by its call SID or by its label.
    const id = x.params.CallSid;
    const p = conf.participants.get(id) ?? [...conf.participants.values()].find((q) => q.opts.label === id);
    if (!p) throw notFound(x);
    return { conf, p };
  };

  route('GET', '/Conferences/:ConferenceSid/Participants/:CallSid.json', (x) => {
    const { conf, p } = findParticipant(x);
    return json(presentParticipant(participantView(p), conf, accountSid));
  });

  route('POST', '/Conferences/:ConferenceSid/Participants/:CallSid.json', (x) => {
    const { conf, p } = findParticipant(x);
    const f = x.form;
    if (one(f, 'Muted') !== undefined) p.opts.muted = bool(f, 'Muted', p.opts.muted);
    if (one(f, 'EndConferenceOnExit') !== undefined) p.opts.endConferenceOnExit = bool(f, 'EndConferenceOnExit', false);
    if (one(f, 'Coaching') !== undefined) {
      const coaching = bool(f, 'Coaching', false);
      const target = one(f, 'CallSidToCoach') ?? p.opts.callSidToCoach;
      if (coaching && !target) throw invalid(21250, 'CallSidToCoach is required when Coaching is true');
      p.opts = { ...p.opts, coaching, callSidToCoach: coaching ? target : null };
    }
    if (one(f, 'Hold') !== undefined) {
      p.hold = bool(f, 'Hold', false);
      p.call.emit({ kind: 'notice', message: p.hold ? 'put on hold (hold music is not simulated)' : 'taken off hold' });
    }
    return json(presentParticipant(participantView(p), conf, accountSid));
  });

  route('DELETE', '/Conferences/:ConferenceSid/Participants/:CallSid.json', (x) => {
    findParticipant(x).p.remove();
    return { status: 204 };
  });

  const match = routeTable(routes);

  const answer = (req: IncomingMessage, body: unknown): Reply => {
    const resource = resourceOf(req);
    const found = match(req.method, pathOf(req));
    if (!found || !('handle' in found)) throw notFound({ resource });
    if (!authorised(req, found.params)) throw new RestError(401, 20003, 'Authenticate');
    if (rt.isClosed) throw new RestError(503, 20503, 'The simulator is shut down');
    return found.handle({ params: found.params, form: asForm(body), query: queryOf(req), resource });
  };

  const fail = (req: IncomingMessage, err: unknown): Reply => {
    const status = (err as { status?: number }).status;
    const e =
      err instanceof RestError
        ? err
        : status && status >= 400 && status < 500
          ? new RestError(400, 20001, 'The request body could not be read')
          : new RestError(500, 20500, 'Internal simulator error');
    if (e.status === 500) rt.log('REST handler failed', { path: pathOf(req), error: (err as Error).message });
    return { status: e.status, body: { code: e.code, message: e.message, more_info: `https://www.twilio.com/docs/errors/${e.code}`, status: e.status } };
  };

  return (req, res, next) => {
    if (!API.test(pathOf(req))) return pass(res, next);
    readBody(req, FORM)
      .then((body) => answer(req, body))
      .then(
        (reply) => sendJson(req, res, reply),
        (err: unknown) => {
          // Only a request for an API resource hears a Twilio error; '/2010-04-01' alone is the host's.
          if (next && !(req.url ?? '').includes('/2010-04-01/')) return next(err);
          if (err instanceof RestError && err.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
          sendJson(req, res, fail(req, err));
        },
      );
  };
}
