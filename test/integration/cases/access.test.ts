import { expect } from 'chai';
import { MoreThan } from 'typeorm';
import { AuditEntry } from '../../../server/audit/audit-entry.entity.js';
import { User } from '../../../server/users/user.entity.js';
import { useTestApp } from '../../support/app.js';
import type { Agent } from '../../support/http.js';
import { contactRow, userId } from '../../support/seed.js';

// Role × route × action, on the real database: who may touch a case and its contact's triage form.
// Denied is 403 with nothing of the case in the body; allowed reaches the action (a 404 for a
// missing linked thing proves the policy let it through).

type Who = 'assignee' | 'teammate' | 'other operator' | 'supervisor' | 'coordinator' | 'admin' | 'analyst' | 'nobody';
const USERNAMES: Record<Exclude<Who, 'nobody'>, string> = {
  assignee: 'operator1', teammate: 'operator2', 'other operator': 'operator3', supervisor: 'supervisor',
  coordinator: 'coordinator1', admin: 'admin', analyst: 'analyst',
};
const MISSING = '00000000-0000-4000-8000-00000000dead';

interface Fixture { caseId: string; code: string; contactId: string }
interface Call { name: string; run(a: Agent, f: Fixture): Promise<{ status: number; body: unknown }>; allowed: readonly Who[]; allowedStatus: number }

const CASE_WORKERS = ['assignee', 'teammate', 'supervisor'] as const;
const version = async (a: Agent, f: Fixture) => ((await a.get(`/api/cases/${f.caseId}`)).body as { version: number }).version;

const CALLS: Call[] = [
  { name: 'GET /api/cases', run: (a) => a.get('/api/cases'), allowed: ['assignee', 'teammate', 'other operator', 'supervisor'], allowedStatus: 200 },
  { name: 'POST /api/cases', run: (a) => a.post('/api/cases', {}), allowed: ['assignee', 'teammate', 'other operator', 'supervisor'], allowedStatus: 201 },
  { name: 'GET /api/cases/:id', run: (a, f) => a.get(`/api/cases/${f.caseId}`), allowed: CASE_WORKERS, allowedStatus: 200 },
  {
    name: 'PATCH /api/cases/:id',
    run: async (a, f) => a.patch(`/api/cases/${f.caseId}`, { version: (await version(a, f).catch(() => 1)) ?? 1, status: 'MONITORING' }),
    allowed: CASE_WORKERS, allowedStatus: 200,
  },
  { name: 'POST /api/cases/:id/contacts', run: (a, f) => a.post(`/api/cases/${f.caseId}/contacts`, { contactId: MISSING }), allowed: CASE_WORKERS, allowedStatus: 404 },
  { name: 'POST /api/cases/:id/merge', run: (a, f) => a.post(`/api/cases/${f.caseId}/merge`, { fromCaseId: MISSING }), allowed: CASE_WORKERS, allowedStatus: 404 },
  { name: 'POST /api/cases/:id/tasks', run: (a, f) => a.post(`/api/cases/${f.caseId}/tasks`, { title: 'Call the project' }), allowed: CASE_WORKERS, allowedStatus: 201 },
  { name: 'PATCH /api/cases/:id/tasks/:taskId', run: (a, f) => a.patch(`/api/cases/${f.caseId}/tasks/${MISSING}`, { done: true }), allowed: CASE_WORKERS, allowedStatus: 404 },
  // A contact in a case is read by the case's workers; its form is changed by whoever answered it, and supervisors.
  { name: 'GET /api/contacts/:id/intake', run: (a, f) => a.get(`/api/contacts/${f.contactId}/intake`), allowed: CASE_WORKERS, allowedStatus: 200 },
  { name: 'GET /api/contacts/:id', run: (a, f) => a.get(`/api/contacts/${f.contactId}`), allowed: CASE_WORKERS, allowedStatus: 200 },
  {
    name: 'PUT /api/contacts/:id/intake',
    run: async (a, f) => {
      const current = (await a.get(`/api/contacts/${f.contactId}/intake`)).body as { version?: number };
      return a.put(`/api/contacts/${f.contactId}/intake`, { version: current.version ?? 1, answers: { situation: { province: 'BA' } } });
    },
    allowed: ['assignee', 'supervisor'], allowedStatus: 200,
  },
  { name: 'GET /api/risk/alerts', run: (a) => a.get('/api/risk/alerts'), allowed: ['supervisor'], allowedStatus: 200 },
  { name: 'GET /api/reports/cases', run: (a) => a.get('/api/reports/cases'), allowed: ['supervisor', 'analyst'], allowedStatus: 200 },
];

describe('who may touch a case: the role × route matrix', () => {
  const app = useTestApp();

  async function fixture(): Promise<Fixture> {
    const db = app.running.db;
    await db.getRepository(User).update({ username: 'operator1' }, { team: 'north' });
    await db.getRepository(User).update({ username: 'operator2' }, { team: 'north' });
    const contact = await contactRow(db, { answeredById: await userId(db, 'operator1') });
    const op1 = await app.as('operator1');
    await op1.put(`/api/contacts/${contact.id}/intake`, { version: 0, answers: { situation: { province: 'BA' } } });
    const made = await op1.post('/api/cases', { contactId: contact.id, consentLevel: 'SHARE', persons: [{ pseudonym: 'Esperanza' }] });
    expect(made.status).to.equal(201);
    return { caseId: made.body.id, code: made.body.code, contactId: contact.id };
  }

  // One fixture and one sign-in per person for the whole table (signing in is deliberately slow).
  it('every role against every case and contact route: allowed, or 401/403 with nothing leaked', async function () {
    this.timeout(60_000);
    const f = await fixture();
    const agents = new Map<Who, Agent>();
    for (const who of Object.keys(USERNAMES) as Array<Exclude<Who, 'nobody'>>) agents.set(who, await app.as(USERNAMES[who]));
    const nobody = app.agent();
    nobody.csrf = (await nobody.get('/api/session')).body.csrfToken;
    agents.set('nobody', nobody);
    for (const call of CALLS) {
      for (const [who, agent] of agents) {
        const r = await call.run(agent, f);
        const expected = who === 'nobody' ? 401 : call.allowed.includes(who) ? call.allowedStatus : 403;
        expect(r.status, `${call.name} as ${who}: ${JSON.stringify(r.body)}`).to.equal(expected);
        if (expected !== call.allowedStatus) {
          const body = JSON.stringify(r.body);
          for (const secret of [f.caseId, f.code, 'Esperanza', f.contactId]) expect(body, `${call.name} as ${who}`).to.not.contain(secret);
        }
      }
    }
  });

  it("another operator's case list does not show it, nor does a search for its code or name", async () => {
    const f = await fixture();
    const other = await app.as('operator3');
    for (const qs of ['', `?q=${f.code}`, '?q=esper']) expect((await other.get(`/api/cases${qs}`)).body.items, qs).to.deep.equal([]);
    const mate = await app.as('operator2');
    expect((await mate.get('/api/cases?q=esper')).body.items.map((c: { id: string }) => c.id)).to.deep.equal([f.caseId]);
    // The teammate reads the contact's form through the case, and is told it is not theirs to change.
    expect((await mate.get(`/api/contacts/${f.contactId}/intake`)).body.editable).to.equal(false);
    expect((await (await app.as('operator1')).get(`/api/contacts/${f.contactId}/intake`)).body.editable).to.equal(true);
  });

  it('nobody can change or delete the audit log through the application', async () => {
    const a = await app.as('admin');
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'POST'] as const) {
      expect((await a.request(method, '/api/audit', method === 'GET' ? undefined : {})).status, method).to.equal(404);
    }
  });

  it('every read and write of case data is audited: who, what, when, from where', async () => {
    const f = await fixture();
    const s = await app.as('supervisor');
    const [last] = await app.running.db.getRepository(AuditEntry).find({ order: { seq: 'DESC' }, take: 1 });
    await s.get(`/api/cases/${f.caseId}`);
    await s.get('/api/cases?province=BA&from=2020-01-01');
    await s.patch(`/api/cases/${f.caseId}`, { version: await version(s, f), status: 'MONITORING' });
    await s.get(`/api/contacts/${f.contactId}/intake`);
    const rows = await app.running.db.getRepository(AuditEntry).find({ where: { seq: MoreThan(last?.seq ?? 0) }, order: { seq: 'ASC' } });
    const sup = await userId(app.running.db, 'supervisor');
    const mine = rows.filter((r) => r.actorId === sup).map((r) => [r.action, r.subjectId]);
    expect(mine).to.deep.equal([
      ['case.read', f.caseId], ['case.search', null], ['case.read', f.caseId], ['case.update', f.caseId], ['intake.read', f.contactId],
    ]);
    const detail = JSON.parse(rows.find((r) => r.action === 'case.search')!.detail!);
    expect(detail).to.deep.include({ province: 'BA', from: '2020-01-01', results: 1 });
    expect(detail.origin).to.be.a('string').with.length.above(0);
    expect(JSON.stringify(rows)).to.not.contain('Esperanza');

    // Tampering with one row is caught at that row.
    const victim = rows.find((r) => r.action === 'case.update')!;
    expect(await app.running.audit.verify()).to.deep.include({ ok: true });
    await app.running.db.query("UPDATE audit_log SET action = 'case.read' WHERE seq = ?", [victim.seq]);
    expect(await app.running.audit.verify()).to.deep.equal({ ok: false, brokenAt: victim.seq, reason: 'the row was changed' });
    await app.running.db.query("UPDATE audit_log SET action = 'case.update' WHERE seq = ?", [victim.seq]);
    expect(await app.running.audit.verify()).to.deep.include({ ok: true });
  });
});

describe('"from where" in the audit log behind a proxy', () => {
  for (const [trust, expected] of [['loopback', '203.0.113.7'], [null, 'the direct peer']] as const) {
    describe(trust ? `TRUST_PROXY=${trust}` : 'TRUST_PROXY unset', () => {
      const app = useTestApp(trust ? { TRUST_PROXY: trust } : {});
      it(trust ? 'records the client address the proxy forwards' : 'ignores a forwarded address nobody vouches for', async () => {
        const s = await app.as('supervisor');
        await s.request('GET', '/api/cases', undefined, { 'x-forwarded-for': '203.0.113.7' });
        const [row] = await app.running.db.getRepository(AuditEntry).find({ where: { action: 'case.search' }, order: { seq: 'DESC' }, take: 1 });
        const from = JSON.parse(row!.detail!).origin as string;
        if (trust) expect(from).to.equal(expected);
        else expect(from).to.match(/127\.0\.0\.1|::1/);
      });
    });
  }
});
