import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import twilio from 'twilio';
import { Contact } from '../server/calls/contact.entity.js';
import { loadConfig } from '../server/config.js';
import type { Language } from '../server/contracts/enums.js';
import type { ClientToServer, ServerToClient } from '../server/contracts/realtime.js';
import type { LanguageLevel, OperatorSkills } from '../server/contracts/routing.js';
import { openDatabase } from '../server/db/data-source.js';
import { createLogger } from '../server/log.js';
import { start, type Running } from '../server/main.js';
import { hashPassword } from '../server/users/passwords.js';
import { languagesOf } from '../server/users/skills.js';
import { User } from '../server/users/user.entity.js';
import { Agent } from '../test/support/http.js';
import { freePort } from '../test/support/ports.js';
import { queuedContacts } from '../test/support/seed.js';
import { mulberry32 } from './random.js';

// `npm run bench:routing`: the time from a caller entering the queue to the offer reaching an
// operator's console, with BENCH_WAITING callers nobody free can take already waiting and
// BENCH_OPERATORS operators connected and available. The server runs in this process (the real
// `start()`, real-Twilio mode, PUBLIC_URL on a free loopback port); this process is also Twilio,
// signing every webhook, and the operators' consoles, one Socket.IO client each. Each sample is a
// new call: /ivr/voice, the language key, then — timed — the purpose key that enqueues it, until
// the `offer` event arrives on the socket of the operator it was offered to. Figures go in
// docs/BENCHMARKS.md.

const count = (name: string, fallback: number, min = 1): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}`);
  return value;
};
const SAMPLES = count('BENCH_SAMPLES', 1000);
const WARMUP = count('BENCH_WARMUP', 100, 0);
const OPERATORS = count('BENCH_OPERATORS', 200);
const WAITING = count('BENCH_WAITING', 500, 0);
/** Callers entering the queue at the same moment, in the second phase (0: no second phase). */
const BURST = count('BENCH_BURST', 10, 0);
const BURST_ROUNDS = count('BENCH_BURST_ROUNDS', 50);
if (BURST > OPERATORS) throw new Error('BENCH_BURST cannot exceed BENCH_OPERATORS');
/** Real-time limit on an offer, a withdrawal or a webhook; past it the sample has failed. */
const STEP_MS = 10_000;
const GOAL_P99_MS = 50;
const NUMBER = '+39800290290';
const PASSWORD = randomBytes(12).toString('base64url');

const accountSid = 'AC' + randomBytes(16).toString('hex');
const authToken = randomBytes(20).toString('hex');

// An Italian helpline's floor: everyone speaks Italian, most English, a few each of the IVR's other
// languages. Nobody speaks Chinese: the waiting callers are Chinese speakers nobody free can take.
type Spoken = Exclude<Language, 'other'>;
const SECOND_LANGUAGES: { language: Spoken; share: number }[] = [
  { language: 'fr', share: 0.15 }, { language: 'ar', share: 0.1 }, { language: 'ro', share: 0.1 }, { language: 'es', share: 0.1 },
  { language: 'ru', share: 0.08 }, { language: 'sq', share: 0.06 },
];
function skillsFor(random: () => number): OperatorSkills {
  const level = (nativeShare: number): LanguageLevel => {
    const r = random();
    return r < nativeShare ? 'native' : r < 0.85 ? 'fluent' : 'basic';
  };
  const languages: OperatorSkills['languages'] = { it: random() < 0.85 ? 'native' : 'fluent' };
  if (random() < 0.7) languages.en = level(0.05);
  for (const { language, share } of SECOND_LANGUAGES) if (random() < share) languages[language] = level(0.5);
  return { languages, minors: random() < 0.3, labour: random() < 0.4 };
}

// Callers of the timed samples: their language key (most Italian or English), and their purpose
// key, rotating as in bench/ivr-walk.ts (one in ten in danger, which puts them first in the queue).
const LANGUAGE_KEYS = ['1', '1', '1', '1', '2', '2', '3', '4', '5', '6', '7', '8'];
const KEY_LANGUAGE: Record<string, Spoken> = { 1: 'it', 2: 'en', 3: 'fr', 4: 'ro', 5: 'ar', 6: 'sq', 7: 'es', 8: 'ru' };
const PURPOSE_KEYS = ['1', '2', '3', '1', '2', '9', '1', '3', '2', '1'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => (Number.isNaN(n) ? '—' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const out = (line: string) => process.stdout.write(line + '\n');

/** Busy and total CPU time of the whole machine so far, in clock ticks (Linux /proc), null elsewhere. */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    return { busy: total - ticks[3]! - (ticks[4] ?? 0), total }; // idle and iowait are not busy
  } catch {
    return null;
  }
}

function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: nothing within ${STEP_MS} ms`)), STEP_MS); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** A webhook as Twilio sends it: form body, signed against PUBLIC_URL + path; signed before it is timed. */
interface Signed { path: string; body: string; headers: Record<string, string> }

class Twilio {
  constructor(private readonly port: number, private readonly base: string) {}

  sign(path: string, params: Record<string, string>): Signed {
    const body = new URLSearchParams(params).toString();
    const signature = twilio.getExpectedTwilioSignature(authToken, this.base + path, params);
    return { path, body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), 'x-twilio-signature': signature } };
  }

  /** A new connection each time, as Twilio's webhooks come. */
  send(s: Signed): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: this.port, path: s.path, method: 'POST', agent: false, headers: s.headers }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(s.body);
    });
  }

  async ok(s: Signed, expect: (text: string) => boolean = () => true): Promise<string> {
    const r = await within(this.send(s), s.path);
    if (r.status < 200 || r.status >= 300 || !expect(r.text)) throw new Error(`${s.path} answered ${r.status}`);
    return r.text;
  }
}

/** One caller's line, as Twilio describes it in every webhook. */
function line(): Record<string, string> {
  return {
    CallSid: 'CA' + randomBytes(16).toString('hex'), AccountSid: accountSid, ApiVersion: '2010-04-01', Direction: 'inbound',
    From: '+39333' + String(Math.floor(Math.random() * 1e7)).padStart(7, '0'), To: NUMBER,
  };
}

/** Offers and withdrawals as they arrive on the operators' sockets, matched to whoever waits for them by contact id. */
class Consoles {
  readonly sockets: Socket<ServerToClient, ClientToServer>[] = [];
  private readonly offers = new Map<string, (a: { at: number; operator: number }) => void>();
  private readonly withdrawals = new Map<string, () => void>();
  /** Offers nobody was waiting for: a caller offered twice, or to someone else. */
  stray = 0;

  listen(i: number) {
    return (s: Socket<ServerToClient, ClientToServer>) => {
      s.on('offer', (o) => {
        const at = performance.now();
        const w = this.offers.get(o.contactId);
        if (!w) { this.stray++; return; }
        this.offers.delete(o.contactId);
        w({ at, operator: i });
      });
      s.on('offer:withdrawn', (o) => {
        this.withdrawals.get(o.contactId)?.();
        this.withdrawals.delete(o.contactId);
      });
    };
  }

  offerOf(contactId: string): Promise<{ at: number; operator: number }> {
    return within(new Promise<{ at: number; operator: number }>((resolve) => this.offers.set(contactId, resolve)), 'offer').finally(() => this.offers.delete(contactId));
  }

  withdrawalOf(contactId: string): Promise<void> {
    return within(new Promise<void>((resolve) => this.withdrawals.set(contactId, resolve)), 'offer withdrawn').finally(() => this.withdrawals.delete(contactId));
  }
}

interface Sample { ms: number; webhookMs: number; language: Spoken; level: LanguageLevel | undefined; danger: boolean }

/** A caller who has chosen a language and is about to press the purpose key. */
interface Caller { params: Record<string, string>; contactId: string; language: Spoken; danger: boolean; purpose: Signed }

async function callerAtPurposeMenu(tw: Twilio, running: Running, i: number): Promise<Caller> {
  const params = line();
  await tw.ok(tw.sign('/ivr/voice', { ...params, CallStatus: 'ringing' }));
  const languageKey = LANGUAGE_KEYS[i % LANGUAGE_KEYS.length]!;
  await tw.ok(tw.sign('/ivr/menu', { ...params, CallStatus: 'in-progress', Digits: languageKey, FinishedOnKey: '' }), (t) => t.includes('<Gather'));
  const contact = await running.db.getRepository(Contact).findOneOrFail({ where: { callSid: params.CallSid }, select: { id: true } });
  const purposeKey = PURPOSE_KEYS[Math.floor(i / LANGUAGE_KEYS.length) % PURPOSE_KEYS.length]!;
  return {
    params, contactId: contact.id, language: KEY_LANGUAGE[languageKey]!, danger: purposeKey === '9',
    purpose: tw.sign('/ivr/menu', { ...params, CallStatus: 'in-progress', Digits: purposeKey, FinishedOnKey: '' }),
  };
}

/**
 * From the purpose key to the offer. Twilio fetches the hold music (waitUrl) as soon as it reads
 * <Enqueue>, so that webhook runs while the matching pass does, as it would in service.
 */
async function enqueue(tw: Twilio, consoles: Consoles, c: Caller): Promise<{ ms: number; webhookMs: number; operator: number; hold: Promise<string> }> {
  const offer = consoles.offerOf(c.contactId);
  offer.catch(() => undefined); // awaited below; a failed webhook must not leave it unhandled
  const t0 = performance.now();
  const answered = await within(tw.send(c.purpose), 'purpose menu');
  const webhookMs = performance.now() - t0;
  if (answered.status !== 200 || !answered.text.includes('<Enqueue')) throw new Error(`the purpose key did not enqueue (${answered.status})`);
  const hold = tw.ok(tw.sign('/ivr/hold', { ...c.params, CallStatus: 'in-progress', QueueSid: 'QU' + '0'.repeat(32), QueueTime: '0', CurrentQueueSize: '1' }));
  hold.catch(() => undefined);
  const { at, operator } = await offer;
  return { ms: at - t0, webhookMs, operator, hold };
}

/** The caller hangs up while offered: the contact ends and the operator is available again (routing's own path). */
async function hangUp(tw: Twilio, consoles: Consoles, running: Running, callers: Caller[]): Promise<void> {
  await Promise.all(callers.map(async (c) => {
    const withdrawn = consoles.withdrawalOf(c.contactId);
    await tw.ok(tw.sign('/ivr/status', { ...c.params, CallStatus: 'completed', CallDuration: '30' }));
    await withdrawn;
  }));
  // The withdrawal starts a matching pass over the whole queue. Awaiting dispatch() (which runs one
  // more) leaves none in flight when the next caller comes; the 1 s tick's passes still may be, as in service.
  await running.routing.dispatch();
}

function summary(name: string, samples: Sample[]): string {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return `${name.padEnd(26)} ${String(sorted.length).padStart(6)} ${ms(pct(sorted, 50)).padStart(7)} ${ms(pct(sorted, 95)).padStart(7)} ${ms(pct(sorted, 99)).padStart(7)} ${ms(sorted.at(-1) ?? NaN).padStart(7)}`;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'approdo-bench-routing-'));
  const database = process.env.BENCH_DATABASE_URL;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, LOG_LEVEL: 'warn',
    SECRETS_FILE: join(dir, 'secrets.json'), STATUS_OUTBOX_FILE: join(dir, 'status-outbox.jsonl'),
    TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_NUMBER: NUMBER,
    // Nobody accepts an offer, so nothing is dialled: the REST base only has to be set.
    TWILIO_API_BASE_URL: 'http://127.0.0.1:9/unused',
    ...(database ? { DATABASE_URL: database } : { SQLITE_PATH: join(dir, 'bench.sqlite') }),
  });
  if (config.database.type === 'mysql') {
    if (new URL(config.database.url).pathname.replace(/^\//, '') === 'test') throw new Error('BENCH_DATABASE_URL names the test suites\' database: this bench empties tables, use another (e.g. bench)');
    // Migrated, then emptied of what this bench reads, before the server (and its first matching pass) starts.
    const db = await openDatabase(config.database);
    for (const table of ['contact_events', 'contacts', 'sessions', 'settings', 'users']) await db.query(`DELETE FROM ${table}`);
    await db.destroy();
  }

  const running = await start(config, { seed: false, tickMs: 1000, log: createLogger('warn') });
  const [{ v: engine }] = await running.db.query(config.database.type === 'mysql' ? 'SELECT VERSION() AS v' : 'SELECT sqlite_version() AS v') as { v: string }[];
  const dbName = config.database.type === 'mysql' ? `MySQL/MariaDB ${engine}` : `SQLite ${engine} (temporary file)`;
  const tw = new Twilio(port, base);
  const consoles = new Consoles();
  out(`${OPERATORS} operators available, ${WAITING} callers waiting that none of them can take; database ${dbName}`);

  // Users written directly with one hash: hashing 200 passwords would take most of a minute.
  const passwordHash = await hashPassword(PASSWORD);
  const random = mulberry32(20261123);
  const now = new Date();
  const row = (username: string, role: 'operator' | 'supervisor', skills: OperatorSkills) => ({
    id: randomUUID(), username, displayName: username, passwordHash, role, languages: languagesOf(skills), skills,
    phone: null, organisationId: null, state: 'offline' as const, stateSince: now, stateReason: null, stateUntil: null, active: true, createdAt: now,
  });
  const operators = Array.from({ length: OPERATORS }, (_, i) => row(`bench-op-${String(i + 1).padStart(3, '0')}`, 'operator', skillsFor(random)));
  const supervisor = row('bench-supervisor', 'supervisor', { languages: { it: 'native', en: 'fluent' }, minors: true, labour: true });
  await running.db.getRepository(User).insert([supervisor, ...operators]);
  for (const key of new Set(LANGUAGE_KEYS)) {
    const language = KEY_LANGUAGE[key]!;
    const speakers = operators.filter((o) => ['native', 'fluent'].includes(o.skills.languages[language] ?? '')).length;
    if (speakers === 0) throw new Error(`no operator speaks ${language} well: raise BENCH_OPERATORS`);
  }

  // Widening off: the waiting callers stay unmatched however long they wait.
  const boss = new Agent(base);
  if ((await boss.signIn(supervisor.username, PASSWORD)).status !== 200) throw new Error('the supervisor could not sign in');
  const set = await boss.put('/api/settings/routing', { widening: { basicAfterSeconds: null, anyAfterSeconds: null }, wrapUpSeconds: 0 });
  if (set.status !== 200) throw new Error(`routing settings not saved (${set.status})`);
  await queuedContacts(running.db, WAITING, () => ({ language: 'zh', purpose: 'SELF' }));

  // Each operator signs in over HTTP and opens a console (the sign-in limit counts per username).
  const signInStart = performance.now();
  const agents = operators.map(() => new Agent(base));
  for (let i = 0; i < OPERATORS; i += 4) {
    await Promise.all(agents.slice(i, i + 4).map(async (agent, k) => {
      const r = await agent.signIn(operators[i + k]!.username, PASSWORD);
      if (r.status !== 200) throw new Error(`${operators[i + k]!.username} could not sign in (${r.status})`);
    }));
  }
  for (let i = 0; i < OPERATORS; i++) consoles.sockets.push(await agents[i]!.socket(consoles.listen(i)));
  const supervisorSocket = await boss.socket();
  for (const s of consoles.sockets) {
    const ack = await within(s.emitWithAck('presence:set', { state: 'available' }), 'presence');
    if (!ack.ok) throw new Error(`presence refused: ${ack.error}`);
  }
  await running.routing.dispatch();
  const available = await running.db.getRepository(User).countBy({ state: 'available' });
  const waiting = await running.db.getRepository(Contact).countBy({ status: 'queued' });
  out(`set up in ${((performance.now() - signInStart) / 1000).toFixed(1)} s: ${available} operators available, ${waiting} callers waiting`);
  if (available !== OPERATORS || waiting !== WAITING) throw new Error('the floor is not as it should be');

  const levelOf = (operator: number, language: Spoken) => operators[operator]!.skills.languages[language];

  let n = 0;
  async function one(): Promise<Sample> {
    const c = await callerAtPurposeMenu(tw, running, n++);
    const r = await enqueue(tw, consoles, c);
    await r.hold;
    await hangUp(tw, consoles, running, [c]);
    return { ms: r.ms, webhookMs: r.webhookMs, language: c.language, level: levelOf(r.operator, c.language), danger: c.danger };
  }

  async function burst(): Promise<Sample[]> {
    const callers = await Promise.all(Array.from({ length: BURST }, () => callerAtPurposeMenu(tw, running, n++)));
    // Every purpose key sent at once; each timed from just before its own request.
    const done = await Promise.all(callers.map((c) => enqueue(tw, consoles, c)));
    await Promise.all(done.map((r) => r.hold));
    await hangUp(tw, consoles, running, callers);
    return done.map((r, i) => ({ ms: r.ms, webhookMs: r.webhookMs, language: callers[i]!.language, level: levelOf(r.operator, callers[i]!.language), danger: callers[i]!.danger }));
  }

  for (let i = 0; i < WARMUP; i++) await one();
  out(`warm-up: ${WARMUP} callers offered (not timed)`);

  const profile = process.env.BENCH_PROFILE ? new Session() : null;
  if (profile) {
    profile.connect();
    await profile.post('Profiler.enable');
    await profile.post('Profiler.start');
  }
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu = process.cpuUsage();
  const machineFrom = machineCpu();
  const timedFrom = performance.now();
  const samples: Sample[] = [];
  let window: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const s = await one();
    samples.push(s);
    window.push(s.ms);
    if (window.length === 250 || i === SAMPLES - 1) {
      window.sort((a, b) => a - b);
      out(`  ${i + 1} callers: last ${window.length} p50 ${ms(pct(window, 50))} ms, p99 ${ms(pct(window, 99))} ms, max ${ms(window.at(-1)!)} ms`);
      window = [];
    }
  }
  const timedSeconds = (performance.now() - timedFrom) / 1000;
  const ownCpu = (() => { const u = process.cpuUsage(cpu); return (u.user + u.system) / 1e6; })();
  const machineTo = machineCpu();
  // On a shared machine the tail follows everyone else's load: say how busy it was.
  const machineBusy = machineFrom && machineTo
    ? ((machineTo.busy - machineFrom.busy) / (machineTo.total - machineFrom.total)) * cpus().length
    : NaN;
  loop.disable();
  const bursts: Sample[] = [];
  for (let r = 0; BURST > 0 && r < BURST_ROUNDS; r++) bursts.push(...await burst());
  if (profile) {
    const { profile: cpuProfile } = await profile.post('Profiler.stop');
    mkdirSync('bench/out', { recursive: true });
    const file = `bench/out/routing-${config.database.type}-${Date.now()}.cpuprofile`;
    writeFileSync(file, JSON.stringify(cpuProfile));
    profile.disconnect();
    out(`CPU profile of the timed samples: ${file}`);
  }

  const stillWaiting = await running.db.getRepository(Contact).countBy({ status: 'queued' });
  const stillAvailable = await running.db.getRepository(User).countBy({ state: 'available' });
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const webhook = samples.map((s) => s.webhookMs).sort((a, b) => a - b);
  const byLevel = (level: LanguageLevel) => samples.filter((s) => s.level === level).length;
  out('');
  out(`${SAMPLES} callers one after another in ${timedSeconds.toFixed(1)} s; ${BURST ? `then ${BURST_ROUNDS} × ${BURST} entering the queue at once` : 'no bursts'}`);
  out(`after the run: ${stillAvailable} operators available, ${stillWaiting} callers waiting; ${consoles.stray} offers nobody waited for`);
  out(`offered to a native speaker of the caller's language ${byLevel('native')}, fluent ${byLevel('fluent')}, basic ${byLevel('basic')}`);
  out('');
  out('enqueue (purpose key sent) → offer on the operator\'s socket (ms):');
  out(`  ${''.padEnd(26)} ${'n'.padStart(6)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}`);
  out(`  ${summary('one at a time', samples)}`);
  const danger = samples.filter((s) => s.danger);
  if (danger.length) out(`  ${summary('  of them in danger', danger)}`);
  if (bursts.length) out(`  ${summary(`${BURST} at once`, bursts)}`);
  out(`  purpose webhook answered: p50 ${ms(pct(webhook, 50))} ms, p99 ${ms(pct(webhook, 99))} ms`);
  out(`event-loop delay (server and clients share it): p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms; CPU per caller ${((ownCpu * 1000) / SAMPLES).toFixed(1)} ms (five webhooks, three matching passes, the clients)`);
  out(`CPU busy during the one-at-a-time samples: this process ${(ownCpu / timedSeconds).toFixed(2)} cores, the whole machine ${Number.isNaN(machineBusy) ? '—' : machineBusy.toFixed(2)} of ${cpus().length} (the rest: the database, other processes)`);
  const p99 = pct(sorted, 99);
  out('');
  out(`goal: p99 ≤ ${GOAL_P99_MS} ms with ${WAITING} waiting and ${OPERATORS} operators — ${p99 <= GOAL_P99_MS ? 'met' : 'NOT met'} (${ms(p99)} ms)`);
  out(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${new Date().toISOString()}`);

  supervisorSocket.disconnect();
  for (const s of consoles.sockets) s.disconnect();
  await sleep(50);
  await running.close();
  rmSync(dir, { recursive: true, force: true });
  if (stillWaiting !== WAITING || stillAvailable !== OPERATORS || consoles.stray) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
