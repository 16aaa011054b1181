import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { CallLeg } from './call.leg.js';
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

/** Keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** An ended call's stream stays open this long so the page sees the final state. */
const CLOSE_AFTER_END_MS = 1000;
const LIST_LIMIT = 20;

type Reply = { status: number; code: string; message: string };
const fail = (res: Response, { status, code, message }: Reply) => res.status(status).json({ error: { code, message } });
const NOT_FOUND: Reply = { status: 404, code: 'not_found', message: 'No such call' };

export interface PhoneHost {
  runtime: Runtime;
  placeCall(opts?: { from?: string }): Promise<{ sid: string }>;
}

/**
 * JSON API for the caller softphone page: place a call, press keys, hang up, watch it live (SSE).
 * The host mounts it behind staff auth and CSRF. Never logs numbers.
 */
export function phoneRouter(host: PhoneHost): Router {
  const rt = host.runtime;
  const router = express.Router();
  router.use(express.json({ limit: '4kb' }));

  const find = (req: Request): CallLeg | undefined => {
    const call = rt.call(String(req.params.sid));
    return call?.virtualCaller ? call : undefined;
  };

  router.post('/calls', async (req, res) => {
    const body = PlaceCall.safeParse(req.body ?? {});
    if (!body.success) return fail(res, { status: 400, code: 'invalid_input', message: body.error.issues[0].message });
    const call = await host.placeCall({ from: body.data.from });
    res.status(201).json({ sid: call.sid });
  });

  router.get('/calls', (_req, res) => {
    const items = rt
      .allCalls()
      .filter((c) => c.virtualCaller)
      .reverse()
      .slice(0, LIST_LIMIT)
      .map((c) => c.toJSON());
    res.json({ items });
  });

  router.get('/calls/:sid', (req, res) => {
    const call = find(req);
    if (!call) return fail(res, NOT_FOUND);
    res.json(call.toJSON());
  });

  router.post('/calls/:sid/digits', (req, res) => {
    const body = PressDigits.safeParse(req.body ?? {});
    if (!body.success) return fail(res, { status: 400, code: 'invalid_input', message: body.error.issues[0].message });
    const call = find(req);
    if (!call) return fail(res, NOT_FOUND);
    if (!call.isLive) return fail(res, { status: 409, code: 'conflict', message: 'The call has ended' });
    call.press(body.data.digits);
    res.status(204).end();
  });

  router.post('/calls/:sid/hangup', (req, res) => {
    const call = find(req);
    if (!call) return fail(res, NOT_FOUND);
    call.hangup();
    res.status(204).end();
  });

  router.get('/calls/:sid/stream', (req, res) => {
    const call = find(req);
    if (!call) return fail(res, NOT_FOUND);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
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
  });

  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (err as { status?: number }).status;
    if (res.headersSent || !status || status >= 500) return next(err);
    fail(res, { status: 400, code: 'invalid_input', message: 'The request body is not valid JSON' });
  });

  return router;
}
