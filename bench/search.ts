import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import type { DataSource } from 'typeorm';
import { AuditService } from '../server/audit/audit.service.js';
import { Bus } from '../server/bus.js';
import { CasesService } from '../server/cases/cases.service.js';
import { ContactsService } from '../server/calls/contacts.service.js';
import { loadConfig } from '../server/config.js';
import { CASE_STATUSES, type CaseSearch } from '../server/contracts/cases.js';
import { PROVINCES } from '../server/contracts/intake.js';
import { EXPLOITATION_TYPES, RISK_LEVELS } from '../server/contracts/risk.js';
import { openDatabase } from '../server/db/data-source.js';
import { DataProtection } from '../server/privacy/crypto.js';
import type { Actor } from '../server/users/actor.js';
import { mulberry32 } from './random.js';

// `npm run bench:search`: the case search and list queries, and the contact lists, on MariaDB with
// BENCH_CONTACTS contacts (default 1,000,000) and BENCH_CASES cases (default 200,000), generated
// once into BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/bench) and kept for the next
// run. Each query goes through the real services (scope, audit append included), BENCH_RUNS times
// with varied parameters. Goal (issue 6): p95 ≤ 50 ms for each. Figures go in docs/BENCHMARKS.md.

const count = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1`);
  return value;
};
const CONTACTS = count('BENCH_CONTACTS', 1_000_000);
const CASES = count('BENCH_CASES', 200_000);
const RUNS = count('BENCH_RUNS', 200);
const OPERATORS = 60;
const TEAMS = 6;
const GOAL_P95_MS = 50;
const DATABASE = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bench';

const random = mulberry32(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
/** A value by weight: the sector's mix, not a uniform one. */
function weighted<T extends string>(table: Array<[T, number]>): T {
  let r = random() * table.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of table) if ((r -= w) <= 0) return v;
  return table[0]![0];
}

const TYPES: Array<[(typeof EXPLOITATION_TYPES)[number], number]> = [
  ['SEXUAL', 45], ['LABOUR', 35], ['DOMESTIC_SERVITUDE', 6], ['FORCED_CRIMINALITY', 4], ['FORCED_BEGGING', 3], ['FORCED_MARRIAGE', 2],
  ['MULTIPLE', 3], ['UNKNOWN', 2], ['ILLEGAL_ADOPTION', 0.3], ['SURROGACY_EXPLOITATION', 0.2], ['ORGAN_REMOVAL', 0.1],
];
const STATUSES: Array<[(typeof CASE_STATUSES)[number], number]> = [['OPEN', 20], ['MONITORING', 15], ['REFERRED', 10], ['IN_PROGRAMME', 15], ['CLOSED', 40]];
const RISKS: Array<[(typeof RISK_LEVELS)[number], number]> = [['IMMEDIATE', 3], ['HIGH', 17], ['MEDIUM', 35], ['LOW', 30], ['NOT_ASSESSED', 15]];
const PSEUDONYMS = ['Rosa', 'Joy', 'Blessing', 'Precious', 'Ana', 'Maria', 'Elena', 'Irina', 'Olga', 'Fatima', 'Amina', 'Grace', 'Esther',
  'Mercy', 'Gift', 'Sunita', 'Harpreet', 'Gurpreet', 'Ion', 'Mihai', 'Andrei', 'Li', 'Mei', 'Xiu', 'Ahmed', 'Youssef', 'Karim', 'Luz', 'Ines',
  'Sofia', 'Daniela', 'Valentina', 'Esperanza', 'Dolores', 'Aisha', 'Hana', 'Lulja', 'Drita', 'Besa', 'Arta'];
const YEAR_MS = 365 * 86_400_000;
const END = Date.parse('2026-11-20T00:00:00Z');
const START = END - 3 * YEAR_MS;
const at = () => new Date(START + Math.floor(random() * (END - START)));

const operatorIds = Array.from({ length: OPERATORS }, (_, i) => `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`);
const teamOf = (i: number) => `team-${i % TEAMS}`;

async function insertRows(db: DataSource, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!);
  const sql = `INSERT INTO ${table} (${cols.map((c) => `\`${c}\``).join(', ')}) VALUES ${rows.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ')}`;
  await db.query(sql, rows.flatMap((r) => cols.map((c) => r[c])));
}

/** Generates the data once: 3 years of a national helpline, kept for later runs. */
async function generate(db: DataSource, protect: DataProtection): Promise<void> {
  const [{ n: haveCases }] = await db.query('SELECT COUNT(*) AS n FROM cases') as Array<{ n: number }>;
  const [{ n: haveContacts }] = await db.query('SELECT COUNT(*) AS n FROM contacts') as Array<{ n: number }>;
  if (Number(haveCases) >= CASES && Number(haveContacts) >= CONTACTS) return;
  console.log(`generating ${CASES.toLocaleString('en')} cases and ${CONTACTS.toLocaleString('en')} contacts into ${DATABASE.replace(/\/\/[^@]*@/, '//')} (once)…`);
  for (const t of ['contacts', 'cases', 'case_names', 'case_exploitation', 'case_persons', 'users', 'audit_log', 'audit_head']) await db.query(`DELETE FROM ${t}`);
  const now = new Date();
  await insertRows(db, 'users', operatorIds.map((id, i) => ({
    id, username: `bench-op${i}`, displayName: `Operator ${i}`, passwordHash: 'x', role: 'operator', languages: '["it"]', skills: null, phone: null,
    organisationId: null, team: teamOf(i), state: 'offline', stateSince: now, stateReason: null, stateUntil: null, active: 1, createdAt: now,
  })));
  const started = Date.now();
  const caseIds: string[] = [];
  const caseOpened: Date[] = [];
  const BATCH = 1000;
  for (let from = 0; from < CASES; from += BATCH) {
    const cases = [], names = [], types = [], persons = [];
    for (let i = from; i < Math.min(CASES, from + BATCH); i++) {
      const id = randomUUID();
      const openedAt = at();
      const op = Math.floor(random() * OPERATORS);
      const consent = weighted([['SHARE', 30], ['CONFIDENTIAL', 50], ['ANONYMOUS', 20]] as Array<[string, number]>);
      const caseTypes = [...new Set([weighted(TYPES), ...(random() < 0.1 ? [weighted(TYPES)] : [])])];
      const status = weighted(STATUSES);
      caseIds.push(id);
      caseOpened.push(openedAt);
      cases.push({
        id, code: `A-${openedAt.getUTCFullYear()}-${String(i + 1).padStart(6, '0')}`, version: 1, status, consentLevel: consent,
        riskLevel: weighted(RISKS), province: pick(PROVINCES), exploitationTypes: JSON.stringify(caseTypes), labourSector: null, peopleCount: null,
        minorsInvolved: random() < 0.08 ? 1 : 0, assignedToId: operatorIds[op], team: teamOf(op), safetyPlanCipher: null,
        notesCipher: random() < 0.02 ? protect.encrypt('notes') : null, mergedIntoId: null, openedAt, updatedAt: openedAt,
        closedAt: status === 'CLOSED' ? openedAt : null, createdById: operatorIds[op],
      });
      for (const type of caseTypes) types.push({ caseId: id, type, openedAt });
      const pseudonym = consent === 'ANONYMOUS' ? null : `${pick(PSEUDONYMS)} ${String.fromCharCode(65 + Math.floor(random() * 26))}.`;
      persons.push({
        id: randomUUID(), caseId: id, pseudonym, aliases: '[]', ageBand: '25_34', isMinor: 0, ageDisputed: 0, gender: 'F', nationality: 'NG',
        languages: '["en"]', childrenCount: 0, pregnant: 0, documentsHeldByThirdParty: 0,
      });
      if (pseudonym) names.push({ caseId: id, name: pseudonym.toLowerCase(), openedAt });
    }
    await insertRows(db, 'cases', cases);
    await insertRows(db, 'case_exploitation', types);
    await insertRows(db, 'case_persons', persons);
    await insertRows(db, 'case_names', names);
  }
  console.log(`  cases in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const LANGS = ['it', 'en', 'fr', 'ro', 'ar', 'ru', 'es', 'sq', 'zh'];
  for (let from = 0; from < CONTACTS; from += BATCH) {
    const rows = [];
    for (let i = from; i < Math.min(CONTACTS, from + BATCH); i++) {
      const linked = random() < 0.4;
      const k = Math.floor(random() * caseIds.length);
      const startedAt = linked ? new Date(caseOpened[k]!.getTime() + Math.floor(random() * 30 * 86_400_000)) : at();
      const answered = random() < 0.85;
      rows.push({
        id: randomUUID(), callSid: 'CA' + randomBytes(16).toString('hex'), callerHash: random() < 0.9 ? randomBytes(32).toString('hex') : null,
        status: answered ? 'completed' : 'abandoned', ivrStep: 'queue', ivrAttempts: 0, language: pick(LANGS), purpose: 'SELF', danger: 0,
        cannotTalkFreely: 0, priority: 10, minor: 0, startedAt, queuedAt: startedAt, offeredToId: null, offerExpiresAt: null, declinedBy: '[]',
        answeredById: answered ? pick(operatorIds) : null, answeredAt: answered ? startedAt : null, operatorCallSid: null, endedAt: startedAt,
        region: null, durationSeconds: 300, callbackCipher: null, callbackExpiresAt: null, messageAt: null, messageUrl: null, messageSeconds: null,
        callbackOfId: null, callbackById: null, callbackAt: null, transferToId: null, transferCallSid: null, callerType: 'UNKNOWN',
        pertinence: 'PERTINENT', contactClass: 'INFORMATION', reasons: '[]', outcomes: '[]', notesCipher: null, recordSavedAt: startedAt,
        recordSavedById: null, caseId: linked ? caseIds[k] : null,
      });
    }
    await insertRows(db, 'contacts', rows);
    if ((from / BATCH) % 100 === 0) console.log(`  contacts ${from.toLocaleString('en')}…`);
  }
  await db.query('ANALYZE TABLE cases, case_exploitation, case_names, contacts');
  console.log(`  generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, DATABASE_URL: DATABASE, NODE_ENV: 'test' });
  const db = await openDatabase(config.database);
  const protect = new DataProtection(randomBytes(32));
  await generate(db, protect);
  const now = () => new Date();
  const bus = new Bus();
  const audit = new AuditService({ db, now });
  const cases = new CasesService({ db, bus, now, protect, audit, timeZone: 'Europe/Rome' });
  const contacts = new ContactsService({ db, bus, now, protect, audit });
  const supervisor: Actor = { userId: randomUUID(), role: 'supervisor', organisationId: null, languages: ['it'], team: null };
  const operator = (): Actor => {
    const i = Math.floor(random() * OPERATORS);
    return { userId: operatorIds[i]!, role: 'operator', organisationId: null, languages: ['it'], team: teamOf(i) };
  };
  // Codes to look up, drawn before the clock starts.
  const codes: string[] = [];
  for (let i = 0; i < 50; i++) codes.push(...(await db.query('SELECT code FROM cases WHERE id >= ? ORDER BY id LIMIT 1', [randomUUID()]) as Array<{ code: string }>).map((r) => r.code));
  const month = () => {
    const d = at();
    const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
  };
  const search = (actor: Actor, q: CaseSearch) => cases.search(actor, q);
  const QUERIES: Array<[string, () => Promise<unknown>]> = [
    ['cases: newest (supervisor)', () => search(supervisor, {})],
    ["cases: an operator's and their team's", () => search(operator(), {})],
    ['cases: by code', () => search(supervisor, { q: pick(codes) })],
    ['cases: by pseudonym prefix', () => search(supervisor, { q: pick(PSEUDONYMS).slice(0, 3) })],
    ['cases: by status', () => search(supervisor, { status: weighted(STATUSES) })],
    ['cases: by risk', () => search(supervisor, { risk: weighted(RISKS) })],
    ['cases: by province', () => search(supervisor, { province: pick(PROVINCES) })],
    ['cases: by exploitation type (any, rare ones too)', () => search(supervisor, { exploitation: pick(EXPLOITATION_TYPES) })],
    ['cases: by operator', () => search(supervisor, { assignedTo: pick(operatorIds) })],
    ['cases: a month', () => search(supervisor, month())],
    ['cases: status + province + type', () => search(supervisor, { status: weighted(STATUSES), province: pick(PROVINCES), exploitation: weighted(TYPES) })],
    ['cases: risk + a month', () => search(supervisor, { risk: weighted(RISKS), ...month() })],
    ['cases: page 2', async () => {
      const first = await search(supervisor, { status: weighted(STATUSES) });
      return first.next ? search(supervisor, { status: 'OPEN', cursor: first.next }) : first;
    }],
    ["contacts: an operator's", () => contacts.list(operator(), { limit: 25 })],
    ['contacts: newest (supervisor)', () => contacts.list(supervisor, { limit: 25 })],
  ];
  console.log(`\n${RUNS} runs each; node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB\n`);
  const lines: string[] = [];
  let worst = 0;
  for (const [name, run] of QUERIES) {
    for (let i = 0; i < 10; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p95 = quantile(times, 0.95);
    worst = Math.max(worst, p95);
    lines.push(`| ${name} | ${quantile(times, 0.5).toFixed(1)} | ${p95.toFixed(1)} | ${quantile(times, 0.99).toFixed(1)} | ${times[times.length - 1]!.toFixed(1)} |`);
    console.log(lines[lines.length - 1]);
  }
  console.log(`\n| query | p50 ms | p95 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- |\n${lines.join('\n')}`);
  console.log(`\nworst p95 ${worst.toFixed(1)} ms — goal ≤ ${GOAL_P95_MS} ms: ${worst <= GOAL_P95_MS ? 'met' : 'NOT met'}`);
  await db.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
