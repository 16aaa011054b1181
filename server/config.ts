import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

// The only module that reads process.env: everything else receives a typed Config.

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().optional(),
  SQLITE_PATH: z.string().default('data/approdo.sqlite'),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/i, 'AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  TWILIO_NUMBER: z.string().regex(/^\+[1-9]\d{4,14}$/, 'E.164, e.g. +39800290290').optional(),
  TWILIO_API_BASE_URL: z.url().optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  DATA_KEY: z.string().regex(/^[0-9a-f]{64}$/i, '64 hex digits (32 bytes)').optional(),
  DATA_KEY_PREVIOUS: z.string().default('')
    .transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[0-9a-f]{64}$/i, 'comma-separated keys of 64 hex digits (32 bytes) each'))),
  DEMO_PASSWORD: z.string().min(8).optional(),
  REDIS_URL: z.string().optional(),
  /** Express's `trust proxy`: unset (no proxy), a number of hops, or addresses/subnets such as `loopback` or `10.0.0.0/8`. */
  TRUST_PROXY: z.string().trim().min(1).optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  ONCALL_NUMBER: z.string().regex(/^\+[1-9]\d{4,14}$/, 'E.164').default('+390000000000'),
  OFFER_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(300).default(20),
  DISCONNECT_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  TIME_ZONE: z.string().default('Europe/Rome').refine((tz) => {
    try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
  }, 'an IANA time zone, e.g. Europe/Rome'),
  SIMULATOR_TIME_SCALE: z.coerce.number().positive().max(10).default(1),
  SECRETS_FILE: z.string().default('data/dev-secrets.json'),
  STATUS_OUTBOX_FILE: z.string().default('data/status-outbox.jsonl'),
  PROMPT_AUDIO_DIR: z.string().default('ivr/prompts/audio'),
  PROMPT_RECORDED_LANGUAGES: z.string().default('sq')
    .transform((v) => v.split(',').map((l) => l.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['it', 'en', 'fr', 'ro', 'ar', 'sq', 'es', 'ru', 'zh']))),
});

export type Telephony =
  | { mode: 'twilio'; accountSid: string; authToken: string; number: string; apiBaseUrl?: string }
  | { mode: 'simulator'; accountSid: string; authToken: string; number: string; timeScale: number };

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** The base Twilio signs against; `null` until the server knows its own port (port 0 in tests). */
  publicUrl: string | null;
  database: { type: 'mysql'; url: string } | { type: 'sqlite'; path: string };
  telephony: Telephony;
  sessionSecret: string;
  dataKey: Buffer;
  /** Keys DATA_KEY replaced: still read until `npm run keys:rotate` re-encrypted everything. */
  previousDataKeys: Buffer[];
  demoPassword: string | null;
  redisUrl: string | null;
  /** Who may tell us the client's address (X-Forwarded-For): the audit log records it as "from where". */
  trustProxy: number | string | false;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  onCallNumber: string;
  offerTimeoutSeconds: number;
  disconnectGraceSeconds: number;
  /** The helpline's own time zone: where "today" starts on the wallboard. */
  timeZone: string;
  /** Where status callbacks wait while the database is down. */
  outboxFile: string;
  /** Recorded prompts: the folder, and the languages read from it. */
  prompts: { audioDir: string; recordedLanguages: ('it' | 'en' | 'fr' | 'ro' | 'ar' | 'sq' | 'es' | 'ru' | 'zh')[] };
}

export class ConfigError extends Error {}

/**
 * Builds the Config from an environment. Outside production, missing secrets are generated once
 * and kept in SECRETS_FILE (git-ignored) so sessions and encrypted notes survive a restart;
 * production refuses to start without them.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const real = Boolean(e.TWILIO_ACCOUNT_SID || e.TWILIO_AUTH_TOKEN);

  if (production) {
    const missing = ['SESSION_SECRET', 'DATA_KEY', 'DATABASE_URL', 'PUBLIC_URL'].filter((k) => !e[k as keyof typeof e]);
    if (missing.length) throw new ConfigError(`Production needs ${missing.join(', ')}`);
    if (!real) throw new ConfigError('Production needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_NUMBER');
    if (e.PUBLIC_URL && !e.PUBLIC_URL.startsWith('https://')) throw new ConfigError('PUBLIC_URL must be https in production');
  }
  if (real && !(e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_NUMBER && e.PUBLIC_URL)) {
    throw new ConfigError('Real Twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_NUMBER and PUBLIC_URL together');
  }

  const secrets = production ? null : devSecrets(e.SECRETS_FILE, e.NODE_ENV === 'test');
  const database = e.DATABASE_URL
    ? databaseFromUrl(e.DATABASE_URL)
    : ({ type: 'sqlite', path: e.SQLITE_PATH } as const);

  const telephony: Telephony = real
    ? { mode: 'twilio', accountSid: e.TWILIO_ACCOUNT_SID!, authToken: e.TWILIO_AUTH_TOKEN!, number: e.TWILIO_NUMBER!, apiBaseUrl: e.TWILIO_API_BASE_URL }
    : {
        mode: 'simulator',
        accountSid: 'AC' + randomBytes(16).toString('hex'),
        // DESIGN: in simulator mode a token is generated at start and shared with the simulator.
        authToken: randomBytes(20).toString('hex'),
        number: e.TWILIO_NUMBER ?? '+39800290290',
        timeScale: e.SIMULATOR_TIME_SCALE,
      };

  const dataKey = Buffer.from(e.DATA_KEY ?? secrets!.dataKey, 'hex');
  if (e.DATA_KEY_PREVIOUS.some((k) => Buffer.from(k, 'hex').equals(dataKey))) throw new ConfigError('DATA_KEY_PREVIOUS must not contain DATA_KEY itself');

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
    database,
    telephony,
    sessionSecret: e.SESSION_SECRET ?? secrets!.sessionSecret,
    dataKey,
    previousDataKeys: e.DATA_KEY_PREVIOUS.map((k) => Buffer.from(k, 'hex')),
    demoPassword: production ? null : (e.DEMO_PASSWORD ?? null),
    redisUrl: e.REDIS_URL ?? null,
    trustProxy: e.TRUST_PROXY === undefined ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    onCallNumber: e.ONCALL_NUMBER,
    offerTimeoutSeconds: e.OFFER_TIMEOUT_SECONDS,
    disconnectGraceSeconds: e.DISCONNECT_GRACE_SECONDS,
    timeZone: e.TIME_ZONE,
    outboxFile: e.STATUS_OUTBOX_FILE,
    prompts: { audioDir: e.PROMPT_AUDIO_DIR, recordedLanguages: e.PROMPT_RECORDED_LANGUAGES },
  };
}

function databaseFromUrl(url: string): Config['database'] {
  if (/^(mysql|mariadb):\/\//.test(url)) return { type: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
  if (url.startsWith('sqlite:')) return { type: 'sqlite', path: url.slice('sqlite:'.length) || ':memory:' };
  throw new ConfigError('DATABASE_URL must start with mysql://, mariadb:// or sqlite:');
}

interface DevSecrets { sessionSecret: string; dataKey: string }

function devSecrets(file: string, ephemeral: boolean): DevSecrets {
  const fresh = (): DevSecrets => ({ sessionSecret: randomBytes(32).toString('hex'), dataKey: randomBytes(32).toString('hex') });
  if (ephemeral) return fresh();
  const path = resolve(file);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as DevSecrets;
  const secrets = fresh();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
