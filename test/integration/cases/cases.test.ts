import { expect } from 'chai';
import { Case } from '../../../server/cases/case.entity.js';
import { Contact } from '../../../server/calls/contact.entity.js';
import { useTestApp } from '../../support/app.js';
import type { Agent } from '../../support/http.js';
import { contactRow, userId } from '../../support/seed.js';

// Cases through the API on the real database: made from a contact, numbered, searched, changed
// without overwriting a colleague, linked, merged, with tasks; notes and plans encrypted at rest.

describe('cases through the API', () => {
  const app = useTestApp();

  /** A contact operator1 answered, with a triage form saved. */
  async function triaged(answers: object = {}, username = 'operator1') {
    const db = app.running.db;
    const c = await contactRow(db, { answeredById: await userId(db, username) });
    const a = await app.as(username);
    const r = await a.put(`/api/contacts/${c.id}/intake`, { version: 0, answers });
    expect(r.status).to.equal(200);
    return { contact: c, agent: a };
  }

  async function newCase(a: Agent, body: object = {}) {
    const r = await a.post('/api/cases', body);
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body;
  }

  it('a case made from a contact takes its code, the triage answers and the risk; the contact joins it', async () => {
    const { contact, agent } = await triaged({
      situation: { exploitationTypes: ['LABOUR'], labourSector: 'AGRICULTURE', province: 'LT', peopleCount: 30, minorsInvolved: 'NO' },
      person: { ageBand: '25_34', gender: 'M', nationality: 'IN', languages: ['en'] },
      danger: { LOCKED_IN: 'YES' }, wishes: { consentLevel: 'SHARE' },
    });
    const made = await newCase(agent, { contactId: contact.id });
    expect(made.code).to.match(new RegExp(`^A-${new Date().getUTCFullYear()}-\\d{4}$`));
    expect(made).to.deep.include({
      status: 'OPEN', riskLevel: 'IMMEDIATE', consentLevel: 'SHARE', province: 'LT', labourSector: 'AGRICULTURE', peopleCount: 30, minorsInvolved: false,
    });
    expect(made.exploitationTypes).to.deep.equal(['LABOUR']);
    expect(made.persons[0]).to.deep.include({ ageBand: '25_34', gender: 'M', nationality: 'IN', pseudonym: null });
    expect(made.assignedTo.displayName).to.equal('Operator One');
    expect(made.contacts.map((c: { id: string }) => c.id)).to.deep.equal([contact.id]);
    expect(made.assessments.map((x: { level: string }) => x.level)).to.deep.equal(['IMMEDIATE']);
    expect(made.events.map((e: { kind: string }) => e.kind)).to.deep.equal(['created', 'contact_linked']);
    expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: contact.id })).caseId).to.equal(made.id);
    expect((await agent.get(`/api/contacts/${contact.id}/intake`)).body.caseId).to.equal(made.id);

    const again = await agent.post('/api/cases', { contactId: contact.id });
    expect(again.status).to.equal(409);
  });

  it('codes are unique and follow each other, even when made at the same moment', async () => {
    const a = await app.as('supervisor');
    const made = await Promise.all(Array.from({ length: 8 }, () => a.post('/api/cases', {})));
    expect(made.map((r) => r.status)).to.deep.equal(Array(8).fill(201));
    const numbers = made.map((r) => Number(r.body.code.split('-')[2])).sort((x, y) => x - y);
    expect(numbers).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('search by code, pseudonym or alias (accents ignored), status, risk, province, exploitation type, operator and dates, paged', async () => {
    const s = await app.as('supervisor');
    const op1 = await userId(app.running.db, 'operator1');
    const rosa = await newCase(s, { consentLevel: 'CONFIDENTIAL', persons: [{ pseudonym: 'Rosà', aliases: ['Blessing O.'] }] });
    const labour = await newCase(s, {});
    await s.patch(`/api/cases/${labour.id}`, { version: labour.version, exploitationTypes: ['LABOUR'], province: 'FG', status: 'MONITORING', assignedToId: op1 });
    const ids = async (qs: string) => (await s.get(`/api/cases?${qs}`)).body.items.map((c: { id: string }) => c.id);
    expect(await ids(`q=${rosa.code}`)).to.deep.equal([rosa.id]);
    expect(await ids(`q=${rosa.code.toLowerCase()}`)).to.deep.equal([rosa.id]);
    expect(await ids('q=ros')).to.deep.equal([rosa.id]);
    expect(await ids('q=BLESS')).to.deep.equal([rosa.id]);
    expect(await ids('q=%25')).to.deep.equal([]);
    expect(await ids('exploitation=LABOUR')).to.deep.equal([labour.id]);
    expect(await ids('province=FG&status=MONITORING')).to.deep.equal([labour.id]);
    expect(await ids(`assignedTo=${op1}`)).to.deep.equal([labour.id]);
    expect((await s.get(`/api/cases/${labour.id}`)).body.events.map((e: { kind: string; detail: string }) => [e.kind, e.detail])).to.deep.include(['assigned', 'Operator One']);
    expect(await ids('risk=NOT_ASSESSED')).to.have.members([rosa.id, labour.id]);
    expect(await ids('status=CLOSED')).to.deep.equal([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await ids(`from=2020-01-01&to=2020-12-31`)).to.deep.equal([]);
    expect(await ids(`from=${today}`)).to.have.members([rosa.id, labour.id]);
    // Lists carry no names.
    expect(JSON.stringify((await s.get('/api/cases')).body)).to.not.contain('Ros');
    expect((await s.get('/api/cases?province=XX')).status).to.equal(400);

    for (let i = 0; i < 5; i++) await newCase(s, {});
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await s.get(`/api/cases?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).to.be.at.most(3);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.next;
    } while (cursor);
    expect(seen).to.have.length(7);
    expect(new Set(seen).size).to.equal(7);
  });

  it('a change from an old version is refused (409); status changes are on the timeline', async () => {
    const s = await app.as('supervisor');
    const c = await newCase(s, {});
    const first = await s.patch(`/api/cases/${c.id}`, { version: c.version, status: 'REFERRED' });
    expect(first.status).to.equal(200);
    const stale = await s.patch(`/api/cases/${c.id}`, { version: c.version, status: 'CLOSED' });
    expect(stale.status).to.equal(409);
    const read = await s.get(`/api/cases/${c.id}`);
    expect(read.body.status).to.equal('REFERRED');
    expect(read.body.events.map((e: { kind: string; detail: string }) => [e.kind, e.detail])).to.deep.include(['status_changed', 'OPEN → REFERRED']);
  });

  it('an anonymous case holds no names (400); notes, safety plan and tasks are encrypted at rest', async () => {
    const s = await app.as('supervisor');
    const c = await newCase(s, { consentLevel: 'ANONYMOUS' });
    const named = await s.patch(`/api/cases/${c.id}`, { version: c.version, persons: [{ pseudonym: 'Ana' }] });
    expect(named.status).to.equal(400);
    expect((await s.post('/api/cases', { consentLevel: 'ANONYMOUS', persons: [{ aliases: ['Ana'] }] })).status).to.equal(400);
    const saved = await s.patch(`/api/cases/${c.id}`, {
      version: c.version, notes: 'Met at the bus station in Foggia', safetyPlan: { codeWord: 'blue umbrella', safeCallWindows: 'Sundays 10-12', exitSteps: 'Leave with the church volunteers' },
    });
    expect(saved.status).to.equal(200);
    await s.post(`/api/cases/${c.id}/tasks`, { title: 'Book the interview with the Questura', dueAt: '2026-12-01T09:00:00Z' });
    const [raw] = await app.running.db.query('SELECT notesCipher, safetyPlanCipher FROM cases WHERE id = ?', [c.id]);
    const tasks = await app.running.db.query('SELECT titleCipher FROM case_tasks WHERE caseId = ?', [c.id]);
    expect(JSON.stringify([raw, tasks])).to.not.contain('Foggia').and.not.contain('umbrella').and.not.contain('Questura');
    const read = (await s.get(`/api/cases/${c.id}`)).body;
    expect(read.notes).to.equal('Met at the bus station in Foggia');
    expect(read.safetyPlan.codeWord).to.equal('blue umbrella');
    expect(read.tasks[0]).to.deep.include({ title: 'Book the interview with the Questura', dueAt: '2026-12-01T09:00:00.000Z', doneAt: null });
    const done = await s.patch(`/api/cases/${c.id}/tasks/${read.tasks[0].id}`, { done: true });
    expect(done.body.tasks[0].doneAt).to.be.a('string');
  });

  it('a repeat contact links to the case; its risk becomes the case\'s', async () => {
    const { contact, agent } = await triaged({ situation: { province: 'RM' }, danger: { LOCKED_IN: 'NO' } });
    const c = await newCase(agent, { contactId: contact.id });
    expect(c.riskLevel).to.equal('LOW');
    const second = await triaged({ danger: { EXPLOITER_NEARBY: 'YES' } });
    const linked = await agent.post(`/api/cases/${c.id}/contacts`, { contactId: second.contact.id });
    expect(linked.status).to.equal(200);
    expect(linked.body.riskLevel).to.equal('IMMEDIATE');
    expect(linked.body.contacts.map((x: { id: string }) => x.id)).to.have.members([contact.id, second.contact.id]);
    expect((await agent.post(`/api/cases/${c.id}/contacts`, { contactId: second.contact.id })).status).to.equal(409);
  });

  it('merging two cases of one person keeps both histories; the merged one is read-only and found by its names', async () => {
    const s = await app.as('supervisor');
    const { contact, agent } = await triaged({ situation: { exploitationTypes: ['SEXUAL'] } });
    const from = await newCase(agent, { contactId: contact.id, consentLevel: 'CONFIDENTIAL', persons: [{ pseudonym: 'Joy' }] });
    const into = await newCase(s, { consentLevel: 'CONFIDENTIAL', persons: [{ pseudonym: 'Precious' }] });
    const merged = await s.post(`/api/cases/${into.id}/merge`, { fromCaseId: from.id });
    expect(merged.status).to.equal(200);
    expect(merged.body.contacts.map((x: { id: string }) => x.id)).to.deep.equal([contact.id]);
    expect(merged.body.exploitationTypes).to.deep.equal(['SEXUAL']);
    expect(merged.body.mergedFrom).to.deep.equal([{ id: from.id, code: from.code }]);
    expect(merged.body.events.map((e: { kind: string; detail: string }) => [e.kind, e.detail])).to.deep.include(['merged_in', from.code]);
    const old = (await s.get(`/api/cases/${from.id}`)).body;
    expect(old).to.deep.include({ status: 'CLOSED', mergedInto: { id: into.id, code: into.code } });
    expect(old.events.map((e: { kind: string }) => e.kind)).to.deep.equal(['created', 'contact_linked', 'merged_into']);
    expect((await s.patch(`/api/cases/${from.id}`, { version: old.version, status: 'OPEN' })).status).to.equal(409);
    expect((await s.get('/api/cases?q=joy')).body.items.map((x: { id: string }) => x.id)).to.have.members([into.id, from.id]);
    expect((await s.post(`/api/cases/${into.id}/merge`, { fromCaseId: into.id })).status).to.equal(400);
    expect((await app.running.db.getRepository(Case).findOneByOrFail({ id: from.id })).mergedIntoId).to.equal(into.id);
  });

  it('assigning to a coordinator or an unknown user is refused (400)', async () => {
    const s = await app.as('supervisor');
    const c = await newCase(s, {});
    expect((await s.patch(`/api/cases/${c.id}`, { version: c.version, assignedToId: await userId(app.running.db, 'coordinator1') })).status).to.equal(400);
    expect((await s.patch(`/api/cases/${c.id}`, { version: c.version, assignedToId: '00000000-0000-4000-8000-00000000beef' })).status).to.equal(400);
  });
});
