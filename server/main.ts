import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { DataSource } from 'typeorm';
import { Simulator } from '../ivr/simulator/simulator.js';
import { createTwilioClient } from '../ivr/twilio/rest-client.js';
import { TwilioTelephony, type Telephony } from '../ivr/twilio/telephony.js';
import { scanRecordings } from '../ivr/prompts/recordings.js';
import { Twiml } from '../ivr/twiml.js';
import { createApp } from './app.js';
import { Bus } from './bus.js';
import { AuditService } from './audit/audit.service.js';
import { CasesService } from './cases/cases.service.js';
import { ReportsService } from './reports/reports.service.js';
import { IntakeService } from './intake/intake.service.js';
import { RiskAlertsService } from './risk/alerts.service.js';
import { IndicatorsService } from './risk/indicators.service.js';
import { BlocksService } from './calls/blocks.service.js';
import { CallsService } from './calls/calls.service.js';
import { StatusOutbox } from './calls/status-outbox.js';
import { ContactsService } from './calls/contacts.service.js';
import { CallbacksService } from './calls/callbacks.service.js';
import { LiveCallService } from './calls/live-call.service.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/data-source.js';
import { DEMO_USERS, seedDemo, type SeedResult } from './db/seed.js';
import { createLogger, type Logger } from './log.js';
import { DataProtection } from './privacy/crypto.js';
import { RetentionService } from './privacy/retention.service.js';
import { ExportsService } from './exports/exports.service.js';
import { attachRealtime } from './realtime/realtime.js';
import { RoutingService } from './routing/routing.service.js';
import { WallboardService } from './routing/wallboard.service.js';
import { SettingsService } from './settings/settings.service.js';
import { UsersService } from './users/users.service.js';

export interface Running {
  url: string;
  port: number;
  config: Config;
  db: DataSource;
  log: Logger;
  routing: RoutingService;
  calls: CallsService;
  settings: SettingsService;
  audit: AuditService;
  retention: RetentionService;
  simulator: Simulator | null;
  seed: SeedResult;
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Seed the demo users into an empty database (never in production). Default: true. */
  seed?: boolean;
  consoleDir?: string;
  now?: () => Date;
  /** How often due timers (offer expiry) are looked for; tests shorten it. */
  tickMs?: number;
  /** Look for the daily retention run from the tick loop. Default: true; a test comparing whole tables turns it off. */
  retention?: boolean;
}

/** Ticks between re-reads of the prompt settings, so that every node follows an admin's change. */
const VOICE_REFRESH_TICKS = 5;
/** Ticks between looks for the daily retention run (privacy/retention.service.ts): one node runs it each day. */
const RETENTION_TICKS = 600;

/** The composition root: config → database → app → realtime → jobs → listen. */
export async function start(config: Config, opts: StartOptions = {}): Promise<Running> {
  const log = opts.log ?? createLogger(config.logLevel);
  const now = opts.now ?? (() => new Date());
  const db = await openDatabase(config.database);

  const bus = new Bus((err, event) => log.error('event subscriber failed', { event: event.type, err }));
  const protect = new DataProtection(config.dataKey, config.previousDataKeys);
  const users = new UsersService({ db, now, bus });
  const seed = opts.seed !== false && config.env !== 'production'
    ? await seedDemo(db, users, config.demoPassword)
    : { seeded: false, password: null };

  // Listen first (the port may be 0), answering 503 until the app is ready.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => { res.statusCode = 503; res.end(); };
  const http = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const base = config.publicUrl ?? `http://127.0.0.1:${port}`;
  const webhook = (path: string) => base + path;

  const recordings = scanRecordings(config.prompts.audioDir, config.prompts.recordedLanguages, webhook('/prompts'));
  const twiml = new Twiml(recordings);
  const t = config.telephony;
  const simulator = t.mode === 'simulator'
    ? new Simulator({
        accountSid: t.accountSid, authToken: t.authToken, number: t.number, timeScale: t.timeScale,
        voiceUrl: webhook('/ivr/voice'), statusCallback: webhook('/ivr/status'), fallbackUrl: webhook('/ivr/fallback'),
        log: (message, meta) => log.debug(message, { area: 'simulator', ...meta }),
      })
    : null;
  const apiBaseUrl = t.mode === 'simulator' ? `http://127.0.0.1:${port}/sim/twilio` : t.apiBaseUrl;
  // Creating the client makes no request: startup never waits on Twilio's REST API.
  const telephony: Telephony = new TwilioTelephony(createTwilioClient({ accountSid: t.accountSid, authToken: t.authToken, apiBaseUrl }), t.number);

  // What callers hear follows the admins' settings: at once on this node, within a few ticks on the others.
  const refreshVoice = () => settings.voice().then((v) => twiml.configure(v), (err) => log.warn('voice settings not read; keeping the last ones', { err }));
  const settings: SettingsService = new SettingsService({
    db, now, log: log.child({ area: 'settings' }), nationalOnCall: config.onCallNumber, recordings,
    changed: (what) => { if (what === 'ivr' || what === 'prompts') void refreshVoice(); },
  });
  await refreshVoice();
  const routing = new RoutingService({ db, bus, now, telephony, settings, log: log.child({ area: 'routing' }), offerTimeoutSeconds: config.offerTimeoutSeconds, webhook });
  const audit = new AuditService({ db, now });
  const wallboard = new WallboardService({ db, now, timeZone: config.timeZone });
  const blocks = new BlocksService({ db, now, audit, log: log.child({ area: 'calls' }) });
  const callbacks = new CallbacksService({ db, bus, now, protect, telephony, routing, log: log.child({ area: 'calls' }), webhook });
  const calls = new CallsService({ db, bus, now, protect, routing, settings, blocks, callbacks, telephony, log: log.child({ area: 'calls' }), webhook });
  const contacts = new ContactsService({ db, bus, now, protect, audit });
  const live = new LiveCallService({ db, bus, now, telephony, settings, routing, log: log.child({ area: 'calls' }), webhook });
  const indicators = new IndicatorsService({ db, now });
  const alerts = new RiskAlertsService({ db, bus, now, audit });
  const intake = new IntakeService({ db, bus, now, protect, audit, indicators, alerts });
  const cases = new CasesService({ db, bus, now, protect, audit, timeZone: config.timeZone });
  const reports = new ReportsService({ db, audit });
  const retention = new RetentionService({ db, now, audit, log: log.child({ area: 'privacy' }), timeZone: config.timeZone });
  const csvExports = new ExportsService({ db, now, protect, audit, log: log.child({ area: 'exports' }), timeZone: config.timeZone });
  const outbox = new StatusOutbox(config.outboxFile, log.child({ area: 'calls' }));
  await outbox.load();
  bus.on('contact.queued', () => routing.dispatch());
  // New skills may let a waiting caller be offered at once.
  bus.on('operator.skills', () => routing.dispatch());

  const { app, session, passport } = createApp({ config, log, db, users, calls, callbacks, contacts, live, blocks, routing, wallboard, settings, intake, alerts, indicators, cases, reports, retention, csvExports, outbox, twiml, now, publicUrl: () => base, simulator, consoleDir: opts.consoleDir });
  handle = app;
  const realtime = attachRealtime(http, { db, bus, routing, alerts, log: log.child({ area: 'realtime' }), session, passport, disconnectGraceSeconds: config.disconnectGraceSeconds, redisUrl: config.redisUrl });

  // Timers live in the database (offer expiry times), so any node may run this loop.
  let ticks = 0;
  let retentionRun: Promise<unknown> = Promise.resolve();
  const tick = setInterval(() => {
    void routing.expireOffers().then(() => routing.endWrapUps()).then(() => routing.dispatch()).catch((err) => log.error('tick failed', { err }));
    if (++ticks % 60 === 0) {
      void calls.expireCallbackNumbers().catch((err) => log.error('call-back expiry failed', { err }));
      void calls.reconcile().catch((err) => log.error('reconciliation failed', { err }));
    }
    if (ticks % VOICE_REFRESH_TICKS === 0) void refreshVoice();
    // Chained, so a long first run is never overlapped, and closing waits for it.
    if (opts.retention !== false && ticks % RETENTION_TICKS === 0) retentionRun = retentionRun.then(() => retention.daily()).catch((err) => log.error('retention failed', { err }));
    if (outbox.size) void outbox.replay((e) => calls.statusChanged({ ...e, at: new Date(e.at) })).catch((err) => log.error('replay failed', { err }));
  }, opts.tickMs ?? 1000);
  tick.unref();
  void routing.dispatch();

  let closing: Promise<void> | null = null;
  const close = () => closing ??= (async () => {
    clearInterval(tick);
    handle = (_req, res) => { res.statusCode = 503; res.setHeader('Connection', 'close'); res.end(); };
    // Finish requests in flight, then drop idle keep-alive connections.
    const closed = realtime.close();
    http.closeIdleConnections();
    setTimeout(() => http.closeAllConnections(), 5000).unref();
    await closed;
    await retentionRun;
    await simulator?.close();
    await db.destroy();
  })();

  log.info('listening', { port, telephony: t.mode, database: config.database.type });
  return { url: `http://127.0.0.1:${port}`, port, config, db, log, routing, calls, settings, audit, retention, simulator, seed, close };
}

function banner(r: Running): string {
  const host = r.config.publicUrl ?? `http://localhost:${r.port}`;
  const logins = DEMO_USERS.map((u) => `    ${u.username.padEnd(13)} ${u.role}${u.languages.length ? ` (${u.languages.join(', ')})` : ''}`).join('\n');
  const password = r.seed.password ?? r.config.demoPassword;
  const lines = [
    '',
    `  Approdo is running: ${host}`,
    `  Telephony: ${r.config.telephony.mode === 'simulator' ? `built-in simulator (caller softphone: ${host}/softphone)` : 'Twilio'}`,
    `  Database:  ${r.config.database.type === 'sqlite' ? r.config.database.path : 'MySQL/MariaDB'}`,
  ];
  if (r.config.env !== 'production') {
    lines.push('  Demo logins:', logins);
    lines.push(password ? `  Password for all of them: ${password}` : '  Password: the one printed when the demo data was first created (set DEMO_PASSWORD to choose one).');
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const running = await start(config);
  process.stdout.write(banner(running));
  const stop = (signal: string) => {
    running.log.info('shutting down', { signal });
    running.close().then(() => process.exit(0), (err) => {
      running.log.error('shutdown failed', { err });
      process.exit(1);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`Approdo failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
