import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ZodError } from 'zod';
import { empty, leaveQueue, type Twiml } from '../../ivr/twiml.js';
import type { HoldInstruction } from '../../ivr/flow/flow.js';
import type { AfterQueue, CallsService } from '../calls/calls.service.js';
import type { CallbacksService } from '../calls/callbacks.service.js';
import type { LiveCallService } from '../calls/live-call.service.js';
import type { StatusOutbox } from '../calls/status-outbox.js';
import type { Logger } from '../log.js';
import { verifyTwilioSignature } from './signature.js';
import {
  AttemptQuery, CallParams, ContactPath, DialParams, GatherParams, LineParams, QueueExitParams, RecordParams, StatusParams, VoiceParams,
} from './webhook.schemas.js';

export interface WebhookDeps {
  calls: CallsService;
  callbacks: CallbacksService;
  live: LiveCallService;
  twiml: Twiml;
  outbox: StatusOutbox;
  now: () => Date;
  log: Logger;
  authToken: string;
  accountSid: string;
  onCallNumber: string;
  publicUrl: () => string;
}

/** Paths of the IVR's own documents, relative so they resolve against the request's URL. */
export const IVR = {
  menu: '/ivr/menu', hold: '/ivr/hold', holdKey: '/ivr/hold-key', queueExit: '/ivr/queue-exit', recorded: '/ivr/recorded',
  onCallResult: (i: number) => `/ivr/oncall-result?i=${i}`,
} as const;

/**
 * `/ivr/*`: checks the signature, then drives the IVR and the calls area. A caller is never
 * answered with an error: if the database fails, the caller hears the apology and is put through
 * to the on-call number. Only unsigned (403) or malformed (400) requests get an error status.
 */
export function webhookRouter(deps: WebhookDeps): Router {
  const { calls, log, twiml: t } = deps;
  const router = express.Router();
  const urls = { menu: IVR.menu, hold: IVR.hold, holdKey: IVR.holdKey, queueExit: IVR.queueExit, recorded: IVR.recorded };

  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));

  // Twilio's fallback URL: configuration only, no database, and it must still work when all else fails.
  router.post('/fallback', verifyTwilioSignature(deps), (_req, res) => {
    res.type('text/xml').send(t.degraded(deps.onCallNumber));
  });

  router.use(verifyTwilioSignature(deps));

  const onCall = () => t.degraded(deps.onCallNumber);
  const twiml = (handler: (req: Request) => Promise<string>, fallback = onCall) => async (req: Request, res: Response) => {
    let body: string;
    try {
      body = await handler(req);
    } catch (err) {
      if (err instanceof ZodError) {
        res.status(400).type('text/plain').send('Malformed webhook parameters');
        return;
      }
      log.error('webhook failed; caller sent to the on-call number', { path: req.path, err });
      body = fallback();
    }
    res.type('text/xml').send(body);
  };

  // Inside the hold loop only Say/Play/Pause/Gather/Redirect/Leave/Hangup run: a failure leaves the
  // queue, and the Enqueue action (which may Dial) takes over.
  const hold = (h: HoldInstruction | null) => (!h || h.kind === 'leave' ? leaveQueue() : t.hold(h.say, IVR.holdKey));
  const after = (a: AfterQueue) => {
    switch (a.kind) {
      case 'oncall': return t.dialOnCall(a.notice, a.number, a.dialSeconds, IVR.onCallResult(a.index));
      case 'turn': return t.render(a.turn.instruction, urls);
      case 'done': return empty();
      case 'unknown': return onCall();
    }
  };

  router.post('/voice', twiml(async (req) => {
    const p = VoiceParams.parse(req.body);
    const turn = await calls.incoming({ callSid: p.CallSid, from: p.From, region: p.FromState });
    return t.render(turn.instruction, urls);
  }));

  router.post('/menu', twiml(async (req) => {
    const p = GatherParams.parse(req.body);
    const input = p.Digits ? { kind: 'digits' as const, digits: p.Digits }
      : p.SpeechResult ? { kind: 'speech' as const, text: p.SpeechResult }
        : { kind: 'silence' as const };
    const turn = await calls.answer({ callSid: p.CallSid, from: p.From }, input);
    return turn ? t.render(turn.instruction, urls) : onCall();
  }));

  router.post('/hold', twiml(async (req) => hold(await calls.holdRound(CallParams.parse(req.body).CallSid)), leaveQueue));

  router.post('/hold-key', twiml(async (req) => {
    const p = GatherParams.parse(req.body);
    return hold(await calls.holdKey(p.CallSid, p.Digits.slice(0, 1)));
  }, leaveQueue));

  router.post('/queue-exit', twiml(async (req) => {
    const p = QueueExitParams.parse(req.body);
    return after(await calls.afterQueue({ callSid: p.CallSid, from: p.From }, p.QueueResult));
  }));

  router.post('/oncall-result', twiml(async (req) => {
    const { i } = AttemptQuery.parse(req.query);
    const p = DialParams.parse(req.body);
    return after(await calls.onCallAttempt({ callSid: p.CallSid, from: p.From }, i, p.DialCallStatus));
  }));

  router.post('/recorded', twiml(async (req) => {
    const p = RecordParams.parse(req.body);
    const thanks = await calls.recorded({ callSid: p.CallSid, from: p.From }, { url: p.RecordingUrl ?? null, seconds: p.RecordingDuration ?? null });
    return thanks ? t.sayAndHangUp(thanks) : empty();
  }));

  router.post('/operator/:contactId', twiml(async (req) => {
    const { contactId } = ContactPath.parse(req.params);
    const p = CallParams.parse(req.body);
    const bridge = await calls.operatorAnswered(contactId, p.CallSid);
    return bridge ? t.operatorToConference(bridge.language, bridge.conference) : t.sayAndHangUp([{ key: 'callerGone', language: 'it' }]);
  }));

  router.post('/connect/:contactId', twiml(async (req) => {
    const { contactId } = ContactPath.parse(req.params);
    LineParams.parse(req.body);
    const bridge = await calls.callerJoins(contactId);
    return bridge ? t.callerToConference(bridge.language, bridge.conference) : onCall();
  }));

  // Call-backs: the operator's phone answered — into the conference, and the person's number is rung.
  router.post('/callback/operator/:contactId', twiml(async (req) => {
    const { contactId } = ContactPath.parse(req.params);
    const p = CallParams.parse(req.body);
    const bridge = await deps.callbacks.operatorAnswered(contactId, p.CallSid);
    return bridge ? t.operatorToConference('it', bridge.conference, 'callbackIntro') : t.sayAndHangUp([{ key: 'callbackGone', language: 'it' }]);
  }, () => t.sayAndHangUp([{ key: 'callbackGone', language: 'it' }])));

  // The person's leg of a call-back: answered, or ended.
  router.post('/callback/status/:contactId', async (req: Request, res: Response, next: NextFunction) => {
    const path = ContactPath.safeParse(req.params);
    const parsed = StatusParams.safeParse(req.body);
    if (!path.success || !parsed.success) {
      res.status(400).type('text/plain').send('Malformed status callback');
      return;
    }
    try {
      await deps.callbacks.personLeg(path.data.contactId, parsed.data.CallStatus, parsed.data.CallDuration ?? null);
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });

  // A colleague's phone brought in for a warm transfer: when it leaves before the handover, the transfer is off.
  router.post('/transfer/status/:contactId', async (req: Request, res: Response, next: NextFunction) => {
    const path = ContactPath.safeParse(req.params);
    const parsed = StatusParams.safeParse(req.body);
    if (!path.success || !parsed.success) {
      res.status(400).type('text/plain').send('Malformed status callback');
      return;
    }
    try {
      if (['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(parsed.data.CallStatus)) {
        await deps.live.transferLegEnded(path.data.contactId, parsed.data.CallSid);
      }
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });

  // Status callbacks: 204 once taken — written, or kept for replay when the database is down
  // (Twilio never sends one again). Only a malformed one is refused.
  router.post('/status', async (req: Request, res: Response, next: NextFunction) => {
    const parsed = StatusParams.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).type('text/plain').send('Malformed status callback');
      return;
    }
    const p = parsed.data;
    const event = { callSid: p.CallSid, status: p.CallStatus, durationSeconds: p.CallDuration ?? null, at: deps.now().toISOString() };
    try {
      await calls.statusChanged({ ...event, at: new Date(event.at) });
    } catch (err) {
      log.error('status callback not written; kept for replay', { err });
      try {
        await deps.outbox.keep(event);
      } catch (keepErr) {
        return next(keepErr);
      }
    }
    res.status(204).end();
  });

  return router;
}
