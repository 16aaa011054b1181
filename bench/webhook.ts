import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';

// `npm run bench`: requests/s and p50/p99 of a signed POST /ivr/voice (a new call each time: the
// signature check, a contact written, the IVR's first TwiML) against a bare Express route answering
// a fixed TwiML, on the same machine in the same run. The servers run in child processes; this
// process only sends load. Figures go in docs/BENCHMARKS.md.

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const accountSid = 'AC' + randomBytes(16).toString('hex');
const authToken = randomBytes(20).toString('hex');

function child(script: string, args: string[], env: Record<string, string>): Promise<{ proc: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    // BENCH_PROFILE=1 writes a CPU profile of each server into bench/out/ (open it in Chrome's DevTools).
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=bench/out'] : [];
    const proc = fork(script, args, { env: { ...process.env, ...env }, execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    proc.once('message', (m: { ready?: number }) => (m.ready ? resolve({ proc, port: m.ready }) : reject(new Error('no port'))));
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(port: number, path: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function signedCall(port: number): { body: string; headers: Record<string, string> } {
  const params = { CallSid: 'CA' + randomBytes(16).toString('hex'), AccountSid: accountSid, From: '+39333' + String(Math.floor(Math.random() * 1e7)).padStart(7, '0'), To: '+39800290290', CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01' };
  const signature = twilio.getExpectedTwilioSignature(authToken, `http://127.0.0.1:${port}/ivr/voice`, params);
  return { body: new URLSearchParams(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function throughput(port: number): Promise<number> {
  const end = Date.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) {
      const c = signedCall(port);
      await post(port, '/ivr/voice', c.body, c.headers);
      done++;
    }
  }));
  return done / SECONDS;
}

async function atRate(port: number): Promise<{ p50: number; p99: number; max: number; n: number }> {
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  const interval = 1000 / RATE;
  const start = performance.now();
  for (let i = 0; i < RATE * SECONDS; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const c = signedCall(port);
    inflight.push(post(port, '/ivr/voice', c.body, c.headers).then((ms) => { latencies.push(ms); }));
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return { p50: pct(latencies, 50), p99: pct(latencies, 99), max: latencies.at(-1)!, n: latencies.length };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'approdo-bench-'));
  const database = process.env.BENCH_DATABASE_URL;
  const appEnv: Record<string, string> = {
    NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SECRETS_FILE: join(dir, 'secrets.json'),
    TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_NUMBER: '+39800290290',
    // The bench never dials: the REST base only has to be set.
    TWILIO_API_BASE_URL: 'http://127.0.0.1:9/unused',
    ...(database ? { DATABASE_URL: database } : { SQLITE_PATH: join(dir, 'bench.sqlite') }),
  };
  // PUBLIC_URL must match the port, which is only known once listening: pick it first.
  const { freePort } = await import('../test/support/ports.js');
  const appPort = await freePort();
  const app = await child('bench/server.ts', [], { ...appEnv, PORT: String(appPort), PUBLIC_URL: `http://127.0.0.1:${appPort}` });
  const sample = signedCall(app.port);
  const greeting = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: app.port, path: '/ivr/voice', method: 'POST', headers: { ...sample.headers, 'content-length': Buffer.byteLength(sample.body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(sample.body);
  });
  const bare = await child('bench/bare-server.ts', ['0', greeting], {});

  const results: Record<string, unknown> = {};
  for (const [name, port] of [['bare Express', bare.port], ['Approdo /ivr/voice', app.port]] as const) {
    await throughput(port); // warm-up
    const rps = await throughput(port);
    const lat = await atRate(port);
    results[name] = { rps: Math.round(rps), ...lat };
    process.stdout.write(`${name.padEnd(20)} ${Math.round(rps)} req/s at concurrency ${CONCURRENCY};  at ${RATE} req/s: p50 ${lat.p50.toFixed(2)} ms, p99 ${lat.p99.toFixed(2)} ms, max ${lat.max.toFixed(1)} ms (${lat.n} requests)\n`);
  }
  const a = results['Approdo /ivr/voice'] as { rps: number; p99: number };
  const b = results['bare Express'] as { rps: number };
  process.stdout.write(`\nratio ${(a.rps / b.rps).toFixed(2)} of bare Express (goal ≥ 0.6); p99 at ${RATE} req/s ${a.p99.toFixed(2)} ms (goal < 10 ms)\n`);
  process.stdout.write(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; database ${database ? 'MySQL/MariaDB' : 'SQLite'}; ${new Date().toISOString()}\n`);
  app.proc.kill('SIGTERM');
  bare.proc.kill('SIGTERM');
  agent.destroy();
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
