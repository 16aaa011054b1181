import { expect } from 'chai';
import { AuditEntry } from '../../../server/audit/audit-entry.entity.js';
import { ContactIntake } from '../../../server/intake/intake.entity.js';
import { RiskAssessment } from '../../../server/risk/assessment.entity.js';
import { useTestApp } from '../../support/app.js';
import { next } from '../../support/http.js';
import { contactRow, userId } from '../../support/seed.js';

// The triage form through the API: drafts, conflicts, the risk shown live, IMMEDIATE alerts.

const lockedIn = { danger: { LOCKED_IN: 'YES' }, safety: { safeToTalk: 'YES', speakFreely: 'NO' } };

describe('intake and risk through the API', () => {
  const app = useTestApp();

  async function answered(username = 'operator1') {
    const db = app.running.db;
    return contactRow(db, { answeredById: await userId(db, username), status: 'connected', endedAt: null });
  }

  it('an empty form is version 0, NOT_ASSESSED; a draft saves, scores and reads back', async () => {
    const c = await answered();
    const a = await app.as('operator1');
    const empty = await a.get(`/api/contacts/${c.id}/intake`);
    expect(empty.status).to.equal(200);
    expect(empty.body).to.deep.include({ version: 0, savedAt: null, caseId: null });
    expect(empty.body.risk.level).to.equal('NOT_ASSESSED');

    const answers = { situation: { exploitationTypes: ['LABOUR'], province: 'LT', peopleCount: 12, minorsInvolved: 'NO' }, danger: { HARM_NOW_OR_WEAPON: 'NO' } };
    const saved = await a.put(`/api/contacts/${c.id}/intake`, { version: 0, answers, freeText: { situation: 'Tomato fields near Latina, paid 3 euro an hour' } });
    expect(saved.status).to.equal(200);
    expect(saved.body.version).to.equal(1);
    expect(saved.body.risk.level).to.equal('LOW');
    expect(saved.body.risk.scoringVersion).to.be.a('string').with.length.above(0);
    const again = await a.get(`/api/contacts/${c.id}/intake`);
    expect(again.body.answers.situation).to.deep.include({ province: 'LT', peopleCount: 12, exploitationTypes: ['LABOUR'] });
    expect(again.body.freeText.situation).to.equal('Tomato fields near Latina, paid 3 euro an hour');
    expect(again.body.savedBy).to.deep.equal({ id: await userId(app.running.db, 'operator1'), displayName: 'Operator One' });
  });

  it('free text and the override reason are encrypted at rest', async () => {
    const c = await answered();
    const a = await app.as('operator1');
    await a.put(`/api/contacts/${c.id}/intake`, {
      version: 0, answers: {}, freeText: { safety: 'Call only after 22:00, say you are from the pharmacy' },
      override: { level: 'HIGH', reason: 'Her brother was beaten last week' },
    });
    const [raw] = await app.running.db.query('SELECT freeTextCipher, overrideReasonCipher, answers FROM contact_intakes WHERE contactId = ?', [c.id]);
    expect(JSON.stringify(raw)).to.not.contain('pharmacy').and.not.contain('brother');
    const [assessment] = await app.running.db.query('SELECT overrideReasonCipher FROM risk_assessments WHERE contactId = ?', [c.id]);
    expect(assessment.overrideReasonCipher).to.be.a('string').and.not.contain('brother');
    const read = await a.get(`/api/contacts/${c.id}/intake`);
    expect(read.body.risk.override).to.deep.equal({ level: 'HIGH', reason: 'Her brother was beaten last week' });
    expect(read.body.risk).to.include({ level: 'HIGH', computed: 'NOT_ASSESSED' });
  });

  it('two people saving from the same version: the second gets 409 with who saved, and nothing of theirs is written', async () => {
    const c = await answered();
    const op = await app.as('operator1');
    const sup = await app.as('supervisor');
    expect((await op.put(`/api/contacts/${c.id}/intake`, { version: 0, answers: { situation: { province: 'RM' } } })).status).to.equal(200);
    const late = await sup.put(`/api/contacts/${c.id}/intake`, { version: 0, answers: { situation: { province: 'NA' } } });
    expect(late.status).to.equal(409);
    expect(late.body.error.code).to.equal('conflict');
    expect(late.body.error.message).to.contain('Operator One');
    const row = await app.running.db.getRepository(ContactIntake).findOneByOrFail({ contactId: c.id });
    expect(row.version).to.equal(1);
    expect(row.answers.situation.province).to.equal('RM');
    // Reloaded, the supervisor saves on top of version 1.
    expect((await sup.put(`/api/contacts/${c.id}/intake`, { version: 1, answers: { situation: { province: 'NA' } } })).body.version).to.equal(2);
  });

  it('one YES on the danger screen is IMMEDIATE: supervisors get the alert at once; the acknowledgement is logged', async () => {
    const c = await answered();
    const supAgent = await app.as('supervisor');
    const sup = await supAgent.socket();
    const otherOp = await (await app.as('operator2')).socket();
    let operatorGotIt = false;
    otherOp.on('risk:alert', () => { operatorGotIt = true; });
    const alert = next<{ id: string; contactId: string; reasons: Array<{ rule: string; questions?: string[] }>; operator: { displayName: string } }>(sup, 'risk:alert', 1000);
    const saved = await (await app.as('operator1')).put(`/api/contacts/${c.id}/intake`, { version: 0, answers: lockedIn });
    expect(saved.body.risk.level).to.equal('IMMEDIATE');
    expect(saved.body.risk.reasons[0]).to.deep.include({ rule: 'DANGER_SCREEN', questions: ['LOCKED_IN'] });
    const got = await alert;
    expect(got).to.deep.include({ contactId: c.id });
    expect(got.operator.displayName).to.equal('Operator One');
    expect(got.reasons[0]!.questions).to.deep.equal(['LOCKED_IN']);

    const open = await supAgent.get('/api/risk/alerts');
    expect(open.body.items.map((x: { id: string }) => x.id)).to.deep.equal([got.id]);
    // Saving again while still IMMEDIATE raises no second alert.
    await (await app.as('operator1')).put(`/api/contacts/${c.id}/intake`, { version: 1, answers: { ...lockedIn, situation: { province: 'TO' } } });
    expect((await supAgent.get('/api/risk/alerts')).body.items).to.have.length(1);

    const acked = next<{ id: string; acknowledgedBy: { displayName: string } }>(sup, 'risk:acknowledged', 1000);
    const ack = await supAgent.post(`/api/risk/alerts/${got.id}/acknowledge`);
    expect(ack.status).to.equal(200);
    expect((await acked).acknowledgedBy.displayName).to.equal('Supervisor');
    expect((await supAgent.get('/api/risk/alerts')).body.items).to.deep.equal([]);
    const timeline = (await supAgent.get(`/api/contacts/${c.id}`)).body.events.map((e: { kind: string }) => e.kind);
    expect(timeline).to.include.members(['risk_immediate', 'risk_alert_acknowledged']);
    const audited = await app.running.db.getRepository(AuditEntry).findOneBy({ action: 'risk.alert.acknowledge', subjectId: c.id });
    expect(audited).to.not.equal(null);
    expect(operatorGotIt, 'operators do not receive supervisors\' alerts').to.equal(false);
    // Operators cannot list or acknowledge alerts.
    expect((await (await app.as('operator1')).post(`/api/risk/alerts/${got.id}/acknowledge`)).status).to.equal(403);
    sup.close();
    otherOp.close();
  });

  it('an answer corrected before anyone acknowledged: the alert stands down on every supervisor\'s screen and on the timeline', async () => {
    const c = await answered();
    const supAgent = await app.as('supervisor');
    const sup = await supAgent.socket();
    const op = await app.as('operator1');
    const raised = next<{ id: string }>(sup, 'risk:alert', 1000);
    await op.put(`/api/contacts/${c.id}/intake`, { version: 0, answers: lockedIn });
    const alert = await raised;
    const withdrawn = next<{ id: string; withdrawnAt: string | null }>(sup, 'risk:withdrawn', 1000);
    const corrected = await op.put(`/api/contacts/${c.id}/intake`, { version: 1, answers: { danger: { LOCKED_IN: 'NO' } } });
    expect(corrected.body.risk.level).to.equal('LOW');
    const gone = await withdrawn;
    expect(gone.id).to.equal(alert.id);
    expect(gone.withdrawnAt).to.be.a('string');
    expect((await supAgent.get('/api/risk/alerts')).body.items).to.deep.equal([]);
    const timeline = (await supAgent.get(`/api/contacts/${c.id}`)).body.events.map((e: { kind: string }) => e.kind);
    expect(timeline).to.deep.equal(['risk_immediate', 'risk_alert_withdrawn']);
    // IMMEDIATE again: a new alert.
    const again = next<{ id: string }>(sup, 'risk:alert', 1000);
    await op.put(`/api/contacts/${c.id}/intake`, { version: 2, answers: lockedIn });
    expect((await again).id).to.not.equal(alert.id);
    sup.close();
  });

  it('an assessment row is written when the level changes, with the scoring and catalogue versions', async () => {
    const c = await answered();
    const a = await app.as('operator1');
    await a.put(`/api/contacts/${c.id}/intake`, { version: 0, answers: { danger: { LOCKED_IN: 'NO' } } });
    await a.put(`/api/contacts/${c.id}/intake`, { version: 1, answers: { danger: { LOCKED_IN: 'NO' }, situation: { province: 'MI' } } });
    await a.put(`/api/contacts/${c.id}/intake`, { version: 2, answers: lockedIn });
    const rows = await app.running.db.getRepository(RiskAssessment).find({ where: { contactId: c.id }, order: { at: 'ASC' } });
    expect(rows.map((r) => r.level)).to.deep.equal(['LOW', 'IMMEDIATE']);
    expect(rows[1]).to.deep.include({ catalogueVersion: 1 });
    expect(rows[1]!.scoringVersion).to.be.a('string').with.length.above(0);
  });

  it('an override needs a reason (400, nothing written)', async () => {
    const c = await answered();
    const r = await (await app.as('operator1')).put(`/api/contacts/${c.id}/intake`, { version: 0, answers: {}, override: { level: 'HIGH', reason: '' } });
    expect(r.status).to.equal(400);
    expect(await app.running.db.getRepository(ContactIntake).countBy({ contactId: c.id })).to.equal(0);
  });

  it('bad answers are a 400 naming the fields, and change nothing', async () => {
    const c = await answered();
    const r = await (await app.as('operator1')).put(`/api/contacts/${c.id}/intake`, {
      version: 0, answers: { situation: { province: 'Via Roma 12', exploitationTypes: ['SEXUAL', 'SEXUAL'] }, danger: { LOCKED_IN: 'MAYBE' } },
    });
    expect(r.status).to.equal(400);
    expect(JSON.stringify(r.body.error.fields)).to.contain('province').and.contain('LOCKED_IN');
    expect(await app.running.db.getRepository(ContactIntake).countBy({ contactId: c.id })).to.equal(0);
  });

  it('the score preview stores nothing', async () => {
    const r = await (await app.as('operator1')).post('/api/risk/score', { answers: lockedIn });
    expect(r.status).to.equal(200);
    expect(r.body.level).to.equal('IMMEDIATE');
    expect(await app.running.db.getRepository(ContactIntake).count()).to.equal(0);
  });

  it('a draft survives a restart of the node', async function () {
    this.timeout(30_000);
    const c = await answered();
    await (await app.as('operator1')).put(`/api/contacts/${c.id}/intake`, { version: 0, answers: { situation: { province: 'PA' } }, freeText: { needs: 'needs a bed tonight' } });
    await app.restart();
    const read = await (await app.as('operator1')).get(`/api/contacts/${c.id}/intake`);
    expect(read.body.version).to.equal(1);
    expect(read.body.freeText.needs).to.equal('needs a bed tonight');
  });

  it('another operator, a coordinator, an admin and an analyst cannot read or write the form', async () => {
    const c = await answered();
    for (const u of ['operator2', 'coordinator1', 'admin', 'analyst']) {
      const a = await app.as(u);
      const read = await a.get(`/api/contacts/${c.id}/intake`);
      expect(read.status, u).to.equal(403);
      expect((await a.put(`/api/contacts/${c.id}/intake`, { version: 0, answers: lockedIn })).status, u).to.equal(403);
    }
    expect(await app.running.db.getRepository(ContactIntake).countBy({ contactId: c.id })).to.equal(0);
  });
});
