import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { CallLeg } from './call.leg.js';
import { jsonBody, type NodeHandler, type Params, pass, pathOf, readBody, type Reply, type Route, routeTable, sendAllow, sendJson } from './http.js';
import type { Runtime } from './runtime.js';

const PlaceCall = z.object({
  from: z
    .string()
    .regex(/^\+[1-9]\d{5,14}$/, 'from must be an E.164 number')
    .optional(),
});
const PressDigits = z.object({
  digits: z.string().regex(/^[0-9*#]{1,32}$/, 'digits must be 1 to 32 of 0-9, * and #'),
});
const SPEECH_MESSAGE = 'text must be 1 to 500 characters, not all blank';
const Speak = z.object({
  text: z.string(SPEECH_MESSAGE).min(1, SPEECH_MESSAGE).max(500, SPEECH_MESSAGE).regex(/\S/, SPEECH_MESSAGE),
});

/** Keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** An ended call's stream stays open this long so the page sees the final state. */
const CLOSE_AFTER_END_MS = 1000;
const LIST_LIMIT = 20;
const JSON_BODY = jsonBody(4 * 1024);

type Failure = { status: number; code: string; message: string };
const fail = ({ status, code, message }: Failure): Reply => ({ status, body: { error: { code, message } } });
const NOT_FOUND = fail({ status: 404, code: 'not_found', message: 'No such call' });
const BAD_JSON = fail({ status: 400, code: 'invalid_input', message: 'The request body is not valid JSON' });

export interface PhoneHost {
  runtime: Runtime;
  placeCall(opts?: { from?: string }): Promise<{ sid: string }>;
}

interface Exchange {
  params: Params;
  body: unknown;
  res: ServerResponse;
}
/** A route answers with a reply, or null once it has taken the response over (the stream). */
type Handler = (x: Exchange) => Reply | null | Promise<Reply>;

/**
 * JSON API for the caller softphone page: place a call, press keys, speak, hang up, watch it live
 * (SSE). A handler for any Connect-style host, which mounts it behind staff auth and CSRF; it reads
 * `req.body` when the host has parsed it already. Never logs numbers (nor words said).
 */
export function phoneRouter(host: PhoneHost): NodeHandler {
  const rt = host.runtime;

  const find = (x: Exchange): CallLeg | undefined => {
    const call = rt.call(x.params.sid);
    return call?.virtualCaller ? call : undefined;
  };

  const stream = (x: Exchange): Reply | null => {
    const call = find(x);
    if (!call) return NOT_FOUND;
    const { res } = x;
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const timers: NodeJS.Timeout[] = [];
    const cleanups: Array<() => void> = [];
    let closed = false;
    let closing = false;
    const close = () => {
      if (closed) return;
      closed = true;
      for (const cleanup of cleanups) cleanup();
      for (const t of timers) clearTimeout(t); // clears intervals too
      res.end();
    };
    const send = () => {
      if (!closed) res.write(`event: call\ndata: ${JSON.stringify(call.toJSON())}\n\n`);
    };
    const closeSoonIfEnded = () => {
      if (call.isLive || closing) return;
      closing = true;
      timers.push(setTimeout(close, CLOSE_AFTER_END_MS));
    };
    cleanups.push(
      call.onChange(() => {
        send();
        closeSoonIfEnded();
      }),
      rt.onClose(close),
    );
    timers.push(setInterval(() => !closed && res.write(': ping\n\n'), HEARTBEAT_MS));
    res.on('close', close); // the page went away: stop listening
    send();
    closeSoonIfEnded();
    return null;
  };

  const routes: Array<Route<Handler>> = [
    {
      method: 'POST',
      path: '/calls',
      handle: async ({ body }) => {
        const parsed = PlaceCall.safeParse(body ?? {});
        if (!parsed.success) return fail({ status: 400, code: 'invalid_input', message: parsed.error.issues[0].message });
        const call = await host.placeCall({ from: parsed.data.from });
        return { status: 201, body: { sid: call.sid } };
      },
    },
    {
      method: 'GET',
      path: '/calls',
      handle: () => {
        const items = rt
          .allCalls()
          .filter((c) => c.virtualCaller)
          .reverse()
          .slice(0, LIST_LIMIT)
          .map((c) => c.toJSON());
        return { status: 200, body: { items } };
      },
    },
    {
      method: 'GET',
      path: '/calls/:sid',
      handle: (x) => {
        const call = find(x);
        return call ? { status: 200, body: call.toJSON() } : NOT_FOUND;
      },
    },
    {
      method: 'POST',
      path: '/calls/:sid/digits',
      handle: (x) => {
        const parsed = PressDigits.safeParse(x.body ?? {});
        if (!parsed.success) return fail({ status: 400, code: 'invalid_input', message: parsed.error.issues[0].message });
        const call = find(x);
        if (!call) return NOT_FOUND;
        if (!call.isLive) return fail({ status: 409, code: 'conflict', message: 'The call has ended' });
        call.press(parsed.data.digits);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/calls/:sid/speech',
      handle: (x) => {
        const parsed = Speak.safeParse(x.body ?? {});
        if (!parsed.success) return fail({ status: 400, code: 'invalid_input', message: parsed.error.issues[0].message });
        const call = find(x);
        if (!call) return NOT_FOUND;
        if (!call.isLive) return fail({ status: 409, code: 'conflict', message: 'The call has ended' });
        call.speak(parsed.data.text);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/calls/:sid/hangup',
      handle: (x) => {
        const call = find(x);
        if (!call) return NOT_FOUND;
        call.hangup();
        return { status: 204 };
      },
    },
    { method: 'GET', path: '/calls/:sid/stream', handle: stream },
  ];
  const match = routeTable(routes);

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<'unmatched' | 'answered'> => {
    const body = await readBody(req, JSON_BODY);
    const found = match(req.method, pathOf(req));
    if (!found) return 'unmatched';
    if ('allow' in found) {
      sendAllow(res, found.allow);
      return 'answered';
    }
    const reply = await found.handle({ params: found.params, body, res });
    if (reply) sendJson(req, res, reply);
    return 'answered';
  };

  return (req, res, next) => {
    answer(req, res).then(
      (outcome) => outcome === 'unmatched' && pass(res, next),
      (err: unknown) => {
        // A request the body parser or the path refused (4xx) is bad input; anything else is the host's.
        const status = (err as { status?: number }).status;
        if (res.headersSent || !status || status >= 500) return pass(res, next, err);
        sendJson(req, res, BAD_JSON);
      },
    );
  };
}
