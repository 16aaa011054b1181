import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ZodError } from 'zod';
import { holdTwiml, render, callerToConference, operatorToConference, saying, degraded, empty, leaveQueue } from '../../ivr/twiml.js';
import type { CallsService } from '../calls/calls.service.js';
import type { Logger } from '../log.js';
import { verifyTwilioSignature } from './signature.js';
import { CallParams, ContactPath, GatherParams, QueueExitParams, StatusParams, VoiceParams } from './webhook.schemas.js';

export interface WebhookDeps {
  calls: CallsService;
  log: Logger;
  authToken: string;
  accountSid: string;
  onCallNumber: string;
  publicUrl: () => string;
}

/** Paths of the IVR's own documents, relative so they resolve against the request's URL. */
export const IVR = { menu: '/ivr/menu', hold: '/ivr/hold', queueExit: '/ivr/queue-exit' } as const;

/**
 * `/ivr/*`: checks the signature, then drives the IVR and the calls area. A caller is never
 * answered with an error: if the database fails, the caller hears the apology and is put through
 * to the on-call number. Only unsigned (403) or malformed (400) requests get an error status.
 */
export function webhookRouter(deps: WebhookDeps): Router {
  const { calls, log } = deps;
  const router = express.Router();
  const urls = { menu: IVR.menu, hold: IVR.hold, queueExit: IVR.queueExit };

  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));

  // Twilio's fallback URL: configuration only, no database, and it must still work when all else fails.
  router.post('/fallback', verifyTwilioSignature(deps), (_req, res) => {
    res.type('text/xml').send(degraded(deps.onCallNumber));
  });

  router.use(verifyTwilioSignature(deps));

  const onCall = () => degraded(deps.onCallNumber);
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

  router.post('/voice', twiml(async (req) => {
    const p = VoiceParams.parse(req.body);
    const turn = await calls.incoming({ callSid: p.CallSid, from: p.From });
    return render(turn.instruction, urls);
  }));

  router.post('/menu', twiml(async (req) => {
    const p = GatherParams.parse(req.body);
    const turn = await calls.answer(p.CallSid, p.Digits ? { kind: 'digits', digits: p.Digits } : { kind: 'silence' });
    return turn ? render(turn.instruction, urls) : degraded(deps.onCallNumber);
  }));

  router.post('/hold', twiml(async (req) => {
    const p = CallParams.parse(req.body);
    const round = await calls.holdRound(p.CallSid);
    return round ? holdTwiml(round) : leaveQueue();
  }, leaveQueue));

  router.post('/queue-exit', twiml(async (req) => {
    const p = QueueExitParams.parse(req.body);
    // Bridged, redirected or hung up: nothing more to say. Anything else means the queue failed
    // the caller: the on-call number takes over.
    return ['bridged', 'redirected', 'redirected-from-bridged', 'hangup', 'bridging-in-process'].includes(p.QueueResult)
      ? empty()
      : degraded(deps.onCallNumber);
  }));

  router.post('/operator/:contactId', twiml(async (req) => {
    const { contactId } = ContactPath.parse(req.params);
    const p = CallParams.parse(req.body);
    const bridge = await calls.operatorAnswered(contactId, p.CallSid);
    return bridge ? operatorToConference(bridge.language, bridge.conference) : saying('it', 'callerGone');
  }));

  router.post('/connect/:contactId', twiml(async (req) => {
    const { contactId } = ContactPath.parse(req.params);
    CallParams.parse(req.body);
    const bridge = await calls.callerJoins(contactId);
    return bridge ? callerToConference(bridge.language, bridge.conference) : degraded(deps.onCallNumber);
  }));

  // Status callbacks: 204 whatever happened, unless malformed; a failed write is logged.
  router.post('/status', async (req: Request, res: Response, next: NextFunction) => {
    const parsed = StatusParams.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).type('text/plain').send('Malformed status callback');
      return;
    }
    const p = parsed.data;
    try {
      await calls.statusChanged({ callSid: p.CallSid, status: p.CallStatus, durationSeconds: p.CallDuration ?? null });
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });

  return router;
}
