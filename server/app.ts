import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import type { Simulator } from '../ivr/simulator/simulator.js';
import { blockRoutes } from './calls/blocks.routes.js';
import type { BlocksService } from './calls/blocks.service.js';
import type { CallsService } from './calls/calls.service.js';
import type { StatusOutbox } from './calls/status-outbox.js';
import { contactRoutes } from './calls/contacts.routes.js';
import type { CallbacksService } from './calls/callbacks.service.js';
import type { LiveCallService } from './calls/live-call.service.js';
import type { ContactsService } from './calls/contacts.service.js';
import type { Config } from './config.js';
import { NotFound } from './errors.js';
import { csrf, requireRoles } from './http/auth.js';
import { toReply } from './http/errors.js';
import { mountRoutes } from './http/mount.js';
import { requestLog } from './http/request-log.js';
import { securityHeaders } from './http/security.js';
import { sessionMiddleware, sessionRouter } from './http/session.js';
import type { Logger } from './log.js';
import type { RoutingService } from './routing/routing.service.js';
import { routingRoutes } from './routing/routing.routes.js';
import { userRoutes } from './users/users.routes.js';
import type { WallboardService } from './routing/wallboard.service.js';
import { settingsRoutes } from './settings/settings.routes.js';
import type { SettingsService } from './settings/settings.service.js';
import { webhookRouter } from './telephony/webhooks.js';
import type { Twiml } from '../ivr/twiml.js';
import type { UsersService } from './users/users.service.js';
import { caseRoutes } from './cases/cases.routes.js';
import type { CasesService } from './cases/cases.service.js';
import { intakeRoutes } from './intake/intake.routes.js';
import type { IntakeService } from './intake/intake.service.js';
import type { RiskAlertsService } from './risk/alerts.service.js';
import type { IndicatorsService } from './risk/indicators.service.js';
import { riskRoutes } from './risk/risk.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import type { ReportsService } from './reports/reports.service.js';
import { retentionRoutes } from './privacy/retention.routes.js';
import type { RetentionService } from './privacy/retention.service.js';
import { exportRoutes } from './exports/exports.routes.js';
import type { ExportsService } from './exports/exports.service.js';

export interface AppDeps {
  config: Config;
  log: Logger;
  db: DataSource;
  users: UsersService;
  calls: CallsService;
  contacts: ContactsService;
  callbacks: CallbacksService;
  live: LiveCallService;
  blocks: BlocksService;
  routing: RoutingService;
  wallboard: WallboardService;
  settings: SettingsService;
  intake: IntakeService;
  alerts: RiskAlertsService;
  indicators: IndicatorsService;
  cases: CasesService;
  reports: ReportsService;
  retention: RetentionService;
  csvExports: ExportsService;
  outbox: StatusOutbox;
  /** Renders the IVR's TwiML in this deployment's voice (recordings, edited prompts). */
  twiml: Twiml;
  now: () => Date;
  publicUrl: () => string;
  /** The built-in simulator, in simulator mode: its REST API and the caller softphone's API are mounted. */
  simulator: Simulator | null;
  consoleDir?: string;
}

export interface BuiltApp {
  app: Express;
  /** The session middleware pair, shared with Socket.IO's handshake. */
  session: RequestHandler;
  passport: RequestHandler;
}

/** Builds the Express app from its dependencies (no listen), for main and for tests. */
export function createApp(deps: AppDeps): BuiltApp {
  const { config, log, db } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer, the client's address (for the audit log and the sign-in limit) comes from X-Forwarded-For.
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  app.use(requestLog(log));

  // Webhooks first: Twilio needs no browser security headers, and this is the hot path.
  app.use('/ivr', webhookRouter({
    calls: deps.calls, callbacks: deps.callbacks, live: deps.live, twiml: deps.twiml, outbox: deps.outbox, now: deps.now, log: log.child({ area: 'telephony' }), authToken: config.telephony.authToken,
    accountSid: config.telephony.accountSid, onCallNumber: config.onCallNumber, publicUrl: deps.publicUrl,
  }));
  app.use(securityHeaders());
  // Recorded prompts for Twilio's <Play>: public, as any hold music is; they say nothing about callers.
  app.use('/prompts', (req, _res, next) => (/^\/\w+\/\w+\.(mp3|wav)$/.test(req.path) ? next() : next(new NotFound('prompt'))),
    express.static(resolve(config.prompts.audioDir), { index: false, maxAge: '1h', fallthrough: false }));

  app.get('/health', async (_req, res) => {
    const dbOk = await db.query('SELECT 1').then(() => true, () => false);
    res.status(dbOk ? 200 : 503).json({ status: dbOk ? 'ok' : 'degraded', db: dbOk ? 'ok' : 'down', telephony: config.telephony.mode });
  });

  // The simulator's Twilio REST API authenticates like Twilio's (Basic auth), not by session.
  if (deps.simulator) app.use('/sim/twilio', deps.simulator.restRouter());

  const sessionDeps = {
    db, users: deps.users, routing: deps.routing, log: log.child({ area: 'session' }), secret: config.sessionSecret,
    secureCookies: config.env === 'production', simulator: deps.simulator !== null,
  };
  const sessions = sessionMiddleware(sessionDeps);
  const staffOnly = ['/api', '/sim/phone'];
  // Contacts imported as CSV (up to 1 MB) are the one larger body; parsed here, the 100 kB parser skips them.
  app.use('/api/imports', express.json({ limit: '1mb' }));
  app.use(staffOnly, express.json({ limit: '100kb' }), sessions.session, sessions.passport, csrf);
  app.use(sessionRouter(sessionDeps, sessions.auth));

  const api = express.Router();
  mountRoutes(api, [...contactRoutes(deps.contacts, deps.live, deps.callbacks), ...blockRoutes(deps.blocks), ...settingsRoutes(deps.settings), ...routingRoutes(deps.routing, deps.wallboard), ...userRoutes(deps.users),
    ...intakeRoutes(deps.intake), ...riskRoutes(deps.alerts, deps.indicators), ...caseRoutes(deps.cases), ...reportRoutes(deps.reports),
    ...retentionRoutes(deps.retention), ...exportRoutes(deps.csvExports)]);
  app.use(api);
  if (deps.simulator) app.use('/sim/phone', requireRoles(['operator', 'supervisor', 'admin']), deps.simulator.phoneRouter());
  app.use(['/api', '/sim'], (_req, _res, next) => next(new NotFound('resource')));

  const consoleDir = deps.consoleDir ?? resolve('dist/console');
  if (existsSync(consoleDir)) {
    app.use(express.static(consoleDir, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET is the console's single page.
    app.get(/^\/(?!api\/|ivr\/|sim\/|prompts\/|socket\.io\/|health$).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(resolve(consoleDir, 'index.html'));
    });
  }

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const reply = toReply(err);
    if (reply.status >= 500) log.error('request failed', { requestId: res.locals.requestId, err });
    if (res.headersSent) return;
    res.status(reply.status).json(reply.body);
  };
  app.use(onError);

  return { app, session: sessions.session, passport: sessions.passport };
}
