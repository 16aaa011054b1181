import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Simulator, type SimCall, type SimEvent, type WebhookPurpose } from '../ivr/simulator/index.js';
import { freePort } from '../test/support/ports.js';

// `npm run bench:ivr`: simulated callers walk the whole IVR into the queue, at a steady rate — the
// language menu, a language key, the purpose menu, a purpose key, <Enqueue>, one round of the hold
// loop, then they hang up (nobody is available to take them). The server runs in a child process in
// real-Twilio mode; this process is Twilio: an external Simulator whose REST API has its own HTTP
// server, timing every webhook from request sent to response read. Figures go in docs/BENCHMARKS.md.

const positive = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${name} must be a positive number`);
  return value;
};
const CALLS = Math.floor(positive('BENCH_CALLS', 10_000));
const CPS = positive('BENCH_CPS', 100);
// Callers before the measured ones, in the same steady stream, while the JIT warms up: they must
// reach the queue too, but their webhooks are not timed.
const WARMUP = Math.floor(Number(process.env.BENCH_WARMUP_CALLS ?? Math.min(500, CALLS / 10)));
// Small enough that no menu waits on speaking time (the language menu is about 60 s of speech).
const TIME_SCALE = positive('BENCH_TIME_SCALE', 0.001);
// Extra hold after the first hold round, in real ms (0: hang up as soon as the first round is heard).
const HOLD_MS = Number(process.env.BENCH_HOLD_MS ?? 0);
if (!(WARMUP >= 0) || !(HOLD_MS >= 0)) throw new Error('BENCH_WARMUP_CALLS and BENCH_HOLD_MS must be 0 or more');
/** Real-time limit on each step of a caller's walk; a caller stuck longer has failed. */
const STEP_MS = 15_000;
const NUMBER = '+39800290290';
const LANGUAGE_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
// One caller in ten says they are in danger now.
const PURPOSE_KEYS = ['1', '2', '3', '1', '2', '9', '1', '3', '2', '1'];

const accountSid = 'AC' + randomBytes(16).toString('hex');
const authToken = randomBytes(20).toString('hex');

function child(script: string, env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // BENCH_PROFILE=1 writes a CPU profile of the server into bench/out/ (open it in Chrome's DevTools).
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=bench/out'] : [];
    const proc = fork(script, [], { env: { ...process.env, ...env }, execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    proc.once('message', (m: { ready?: number }) => (m.ready ? resolve(proc) : reject(new Error('no port'))));
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000); // SIGTERM lets --cpu-prof write its file
    proc.once('exit', () => { clearTimeout(kill); resolve(); });
    proc.kill('SIGTERM');
  });
}

/** CPU seconds a process has used (Linux /proc), NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => (Number.isNaN(n) ? '—' : n < 10 ? n.toFixed(2) : n.toFixed(1));

/** Latencies and failures per webhook purpose, as the simulator timed them. */
class Timings {
  readonly ms = new Map<WebhookPurpose, number[]>();
  readonly failed = new Map<WebhookPurpose, Map<number, number>>();
  /** Webhooks answered during the warm-up: counted for settling, not timed. */
  private readonly untimed = new Map<WebhookPurpose, number>();
  /** Since the last progress line: does latency drift as the contacts table grows? */
  private window: { purpose: WebhookPurpose; ms: number }[] = [];
  timing = false;

  record(purpose: WebhookPurpose, latency: number, status: number): void {
    if (!this.timing && status >= 200 && status < 300) {
      this.untimed.set(purpose, (this.untimed.get(purpose) ?? 0) + 1);
    } else if (status >= 200 && status < 300) {
      this.window.push({ purpose, ms: latency });
      let list = this.ms.get(purpose);
      if (!list) this.ms.set(purpose, (list = []));
      list.push(latency);
    } else {
      let byStatus = this.failed.get(purpose);
      if (!byStatus) this.failed.set(purpose, (byStatus = new Map()));
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    }
  }

  /** p50 and p99 of the webhooks since the last call, overall and of the hold loop's. */
  drain(): string {
    const all = this.window.map((w) => w.ms).sort((a, b) => a - b);
    const wait = this.window.filter((w) => w.purpose === 'wait').map((w) => w.ms).sort((a, b) => a - b);
    this.window = [];
    return `webhooks p50 ${ms(pct(all, 50))} p99 ${ms(pct(all, 99))} ms, wait p50 ${ms(pct(wait, 50))} p99 ${ms(pct(wait, 99))} ms`;
  }

  /** Webhooks of this purpose answered, whatever the answer. */
  seen(purpose: WebhookPurpose): number {
    let n = (this.ms.get(purpose)?.length ?? 0) + (this.untimed.get(purpose) ?? 0);
    for (const c of this.failed.get(purpose)?.values() ?? []) n += c;
    return n;
  }

  failures(): number {
    let n = 0;
    for (const byStatus of this.failed.values()) for (const c of byStatus.values()) n += c;
    return n;
  }

  rows(): { name: string; n: number; p50: number; p99: number; max: number }[] {
    const row = (name: string, list: number[]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return { name, n: sorted.length, p50: pct(sorted, 50), p99: pct(sorted, 99), max: sorted.at(-1) ?? NaN };
    };
    const named = [...this.ms.entries()].sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b)).map(([name, list]) => row(name, list));
    return [...named, row('all', [...this.ms.values()].flat())];
  }
}
const ORDER: WebhookPurpose[] = ['voice', 'action', 'wait', 'notify', 'status', 'redirect', 'fallback'];

/** Resolves on the first event matching pred; a hangup or a Twilio error first fails the caller. */
async function until(call: SimCall, what: string, pred: (e: SimEvent) => boolean): Promise<SimEvent> {
  const e = await call.waitFor((x) => pred(x) || x.kind === 'hangup' || x.kind === 'error', STEP_MS)
    .catch(() => { throw new Error(`${what} not reached within ${STEP_MS} ms`); });
  if (e.kind === 'hangup') throw new Error(`hung up (${e.by}) before ${what}`);
  if (e.kind === 'error') throw new Error(`error ${e.code} before ${what}`);
  return e;
}
const after = (seq: number, kind: SimEvent['kind']) => (e: SimEvent) => e.seq > seq && e.kind === kind;

interface Outcome { queuedAt: number | null; walkMs: number | null; failure: string | null }

async function walk(sim: Simulator, i: number, live: { n: number; peak: number }): Promise<Outcome> {
  const placed = performance.now();
  let queuedAt: number | null = null;
  let call: SimCall;
  try {
    call = await sim.placeCall();
  } catch (e) {
    return { queuedAt, walkMs: null, failure: `not placed: ${(e as Error).message}` };
  }
  live.n++;
  live.peak = Math.max(live.peak, live.n);
  try {
    const languageMenu = await until(call, 'the language menu', after(-1, 'gather'));
    call.press(LANGUAGE_KEYS[i % LANGUAGE_KEYS.length]);
    const purposeMenu = await until(call, 'the purpose menu', after(languageMenu.seq, 'gather'));
    // Purposes rotate every ten calls, so every language meets every purpose.
    call.press(PURPOSE_KEYS[Math.floor(i / LANGUAGE_KEYS.length) % PURPOSE_KEYS.length]);
    const queued = await until(call, 'the queue', after(purposeMenu.seq, 'enqueue'));
    queuedAt = performance.now();
    // The first round of the hold loop (its waitUrl fetched and heard), then a short hold.
    await until(call, 'the first hold round', after(queued.seq, 'gather'));
    if (HOLD_MS > 0) await sleep(HOLD_MS);
    call.hangup();
    await call.ended();
    const error = call.events.find((e): e is Extract<SimEvent, { kind: 'error' }> => e.kind === 'error');
    if (error) throw new Error(`error ${error.code} during the call`);
    return { queuedAt, walkMs: queuedAt - placed, failure: null };
  } catch (e) {
    call.hangup();
    return { queuedAt, walkMs: queuedAt === null ? null : queuedAt - placed, failure: (e as Error).message };
  } finally {
    live.n--;
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'approdo-bench-ivr-'));
  const database = process.env.BENCH_DATABASE_URL;
  const appPort = await freePort();
  const base = `http://127.0.0.1:${appPort}`;

  const timings = new Timings();
  // Every live call listens on the simulator's one shutdown signal: hundreds at once is expected here.
  setMaxListeners(0);
  const sim = new Simulator({
    accountSid, authToken, number: NUMBER,
    voiceUrl: `${base}/ivr/voice`, statusCallback: `${base}/ivr/status`, fallbackUrl: `${base}/ivr/fallback`,
    timeScale: TIME_SCALE,
    onWebhook: (t) => timings.record(t.purpose, t.ms, t.status),
  });
  const rest: Server = createServer(sim.restRouter());
  await new Promise<void>((resolve) => rest.listen(0, '127.0.0.1', resolve));
  const restPort = (rest.address() as { port: number }).port;

  const app = await child('bench/server.ts', {
    NODE_ENV: 'development', PORT: String(appPort), HOST: '127.0.0.1', PUBLIC_URL: base, LOG_LEVEL: 'warn',
    SECRETS_FILE: join(dir, 'secrets.json'), STATUS_OUTBOX_FILE: join(dir, 'status-outbox.jsonl'),
    TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_NUMBER: NUMBER,
    TWILIO_API_BASE_URL: `http://127.0.0.1:${restPort}`,
    ...(database ? { DATABASE_URL: database } : { SQLITE_PATH: join(dir, 'bench.sqlite') }),
  });
  process.once('exit', () => app.kill('SIGKILL')); // never leave the server behind

  const out = (line: string) => process.stdout.write(line + '\n');
  out(`${WARMUP} + ${CALLS} callers at ${CPS}/s (timeScale ${TIME_SCALE}${HOLD_MS ? `, hold ${HOLD_MS} ms` : ''}); database ${database ? 'MySQL/MariaDB' : 'SQLite'}`);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const live = { n: 0, peak: 0 };
  const walks: Promise<Outcome>[] = [];
  const interval = 1000 / CPS;
  const total = WARMUP + CALLS;
  const start = performance.now();
  let measuredFrom = start;
  let cpu = { server: NaN, sim: process.cpuUsage() };
  let lateMax = 0;
  let lastReport = start;
  const lastCpu = { server: cpuSeconds(app.pid) };
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if (i === WARMUP) {
      timings.timing = true;
      loop.enable();
      live.peak = live.n;
      measuredFrom = performance.now();
      cpu = { server: cpuSeconds(app.pid), sim: process.cpuUsage() };
    }
    if (i >= WARMUP) lateMax = Math.max(lateMax, performance.now() - due);
    walks.push(walk(sim, i, live));
    if (performance.now() - lastReport > 10_000) {
      const now = performance.now();
      const serverNow = cpuSeconds(app.pid);
      const load = ((serverNow - lastCpu.server) * 1000) / (now - lastReport);
      out(`  ${i + 1} placed, ${live.n} in progress, ${timings.failures()} failed webhooks; last 10 s: ${timings.drain()}; server CPU ${(load * 100).toFixed(0)} %`);
      lastReport = now;
      lastCpu.server = serverNow;
    }
  }
  const placedIn = (performance.now() - measuredFrom) / 1000;
  const outcomes = await Promise.all(walks);
  // The hangup's Enqueue action and status callback are still on their way: wait for them, bounded.
  const settleBy = performance.now() + 10_000;
  while ((timings.seen('status') < total || timings.seen('notify') < total) && performance.now() < settleBy) await sleep(50);
  loop.disable();
  const serverCpu = cpuSeconds(app.pid) - cpu.server;
  const simCpu = process.cpuUsage(cpu.sim);

  const warmup = outcomes.slice(0, WARMUP);
  const measured = outcomes.slice(WARMUP);
  const reached = measured.filter((o) => o.queuedAt !== null);
  const failures = outcomes.filter((o) => o.failure);
  const lastQueued = Math.max(...reached.map((o) => o.queuedAt!));
  const walkMs = reached.map((o) => o.walkMs!).sort((a, b) => a - b);
  out('');
  out(`warm-up: ${warmup.length} calls, ${warmup.filter((o) => o.queuedAt !== null).length} reached the queue (not timed)`);
  out(`calls placed ${measured.length} in ${placedIn.toFixed(1)} s (${(measured.length / placedIn).toFixed(1)}/s; placing at most ${lateMax.toFixed(1)} ms late)`);
  out(`reached the queue ${reached.length}; failed ${failures.length} (warm-up included); peak ${live.peak} calls in progress`);
  const sustained = reached.length ? (reached.length / ((lastQueued - measuredFrom) / 1000)).toFixed(1) : '0';
  out(`into the queue: ${sustained} calls/s sustained (first placed to last queued)`);
  out(`walk, placed → queued (simulated speech included): p50 ${ms(pct(walkMs, 50))} ms, p99 ${ms(pct(walkMs, 99))} ms, max ${ms(walkMs.at(-1) ?? NaN)} ms`);
  const reasons = new Map<string, number>();
  for (const f of failures) reasons.set(f.failure!, (reasons.get(f.failure!) ?? 0) + 1);
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 10)) out(`  failed: ${n} × ${reason}`);
  out('');
  out('webhook latency, request sent → response read, in the simulator (ms):');
  out(`  ${'kind'.padEnd(8)} ${'n'.padStart(7)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}`);
  for (const r of timings.rows()) out(`  ${r.name.padEnd(8)} ${String(r.n).padStart(7)} ${ms(r.p50).padStart(7)} ${ms(r.p99).padStart(7)} ${ms(r.max).padStart(7)}`);
  for (const [purpose, byStatus] of timings.failed) {
    out(`  failed ${purpose}: ${[...byStatus].map(([status, n]) => `${n} × ${status === 0 ? 'no answer' : `HTTP ${status}`}`).join(', ')}`);
  }
  out(`simulator event-loop delay: p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms (part of every latency above)`);
  const perCall = (seconds: number) => `${((seconds * 1000) / measured.length).toFixed(2)} ms`;
  out(`CPU per call: server ${Number.isNaN(serverCpu) ? '—' : perCall(serverCpu)}, simulator ${perCall((simCpu.user + simCpu.system) / 1e6)}`);
  const all = timings.rows().at(-1)!;
  const everyone = failures.length === 0 && reached.length === CALLS;
  out('');
  out(`goals: every call in the queue — ${everyone ? 'met' : 'NOT met'}; p99 webhook latency under 20 ms — ${all.p99 < 20 ? 'met' : 'NOT met'} (${ms(all.p99)} ms)`);
  out(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${new Date().toISOString()}`);

  await sim.close();
  rest.closeAllConnections();
  await new Promise((resolve) => rest.close(resolve));
  await stop(app);
  rmSync(dir, { recursive: true, force: true });
  if (!everyone) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
