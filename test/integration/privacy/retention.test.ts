import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { AuditEntry } from '../../../server/audit/audit-entry.entity.js';
import { Contact } from '../../../server/calls/contact.entity.js';
import { Case, CaseName, CasePerson, CaseTask } from '../../../server/cases/case.entity.js';
import { ContactIntake } from '../../../server/intake/intake.entity.js';
import { DataProtection } from '../../../server/privacy/crypto.js';
import { LAST_RUN_KEY, RetentionService } from '../../../server/privacy/retention.service.js';
import { RiskAssessment } from '../../../server/risk/assessment.entity.js';
import { Setting } from '../../../server/settings/setting.entity.js';
import { createLogger } from '../../../server/log.js';
import { actorOf } from '../../../server/users/actor.js';
import { User } from '../../../server/users/user.entity.js';
import { useTestApp } from '../../support/app.js';
import { TestClock } from '../../support/clock.js';
import { eventually } from '../../support/http.js';
import { contactRow } from '../../support/seed.js';
import { assessmentRow, caseRow, intakeRow, personRow, taskRow } from './rows.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const protect = new DataProtection(randomBytes(32));
const ZERO = { contacts: 0, intakes: 0, riskAssessments: 0, cases: 0, casePersons: 0, caseNames: 0, caseTasks: 0 };

describe('retention', () => {
  // Thirty days ahead of real time: the server's "now" is the test's, not the machine's.
  const clock = new TestClock();
  clock.advance(30 * DAY);
  // No tick loop here: the daily job must not run behind the tests' backs (it has its own suite below).
  const app = useTestApp({}, { now: clock.now, tickMs: 3_600_000 });
  const ago = (ms: number) => new Date(clock.now().getTime() - ms);

  /** Something personal in every column retention clears. */
  const personal = () => ({
    notesCipher: protect.encrypt('Her cousin drives the van'), callbackCipher: protect.encrypt('+393471234567'),
    callbackExpiresAt: new Date(clock.now().getTime() + DAY), callerHash: 'f'.repeat(64), region: 'Lazio', messageUrl: 'https://example.test/rec.mp3',
    language: 'ro' as const, callerType: 'POTENTIAL_VICTIM_SELF' as const, reasons: ['HELP_EXIT' as const], outcomes: ['SIGNPOSTED' as const],
  });

  async function fixture() {
    const db = app.running.db;
    // Contacts without a case: one just past a year, one just inside it.
    const past = await contactRow(db, { ...personal(), startedAt: ago(365 * DAY + MINUTE) });
    const inside = await contactRow(db, { ...personal(), startedAt: ago(365 * DAY - MINUTE) });
    for (const c of [past, inside]) {
      await intakeRow(db, c.id, { freeTextCipher: protect.encrypt('{"situation":"x"}'), overrideReasonCipher: protect.encrypt('she said so'), overrideLevel: 'HIGH' });
      await assessmentRow(db, { contactId: c.id, overrideReasonCipher: protect.encrypt('she said so'), overrideLevel: 'HIGH' });
    }
    // Old, but its case is open: kept with the case.
    const open = await caseRow(db, { openedAt: ago(2000 * DAY), notesCipher: protect.encrypt('open case') });
    const linked = await contactRow(db, { ...personal(), startedAt: ago(2000 * DAY), caseId: open.id });
    // Closed cases: one just past five years, one just inside.
    const closedPast = await caseRow(db, {
      status: 'CLOSED', openedAt: ago(2100 * DAY), closedAt: ago(1825 * DAY + MINUTE), province: 'LT', exploitationTypes: ['LABOUR'],
      peopleCount: 3, notesCipher: protect.encrypt('case notes'), safetyPlanCipher: protect.encrypt('{"codeWord":"aurora"}'),
    });
    const closedInside = await caseRow(db, {
      status: 'CLOSED', openedAt: ago(2100 * DAY), closedAt: ago(1825 * DAY - MINUTE), notesCipher: protect.encrypt('kept'),
    });
    for (const k of [closedPast, closedInside]) {
      await personRow(db, k.id, { pseudonym: 'Esperanza', aliases: ['Espe'], gender: 'F' });
      await personRow(db, k.id, { pseudonym: 'Joy', gender: 'F' });
      await taskRow(db, k.id, protect.encrypt('Call the shelter'));
      await assessmentRow(db, { caseId: k.id, overrideReasonCipher: protect.encrypt('reason'), overrideLevel: 'HIGH' });
    }
    const ofClosedPast = await contactRow(db, { ...personal(), startedAt: ago(2100 * DAY), caseId: closedPast.id });
    const ofClosedInside = await contactRow(db, { ...personal(), startedAt: ago(2100 * DAY), caseId: closedInside.id });
    return { past, inside, open, linked, closedPast, closedInside, ofClosedPast, ofClosedInside };
  }

  const EXPECTED = { contacts: 2, intakes: 1, riskAssessments: 2, cases: 1, casePersons: 2, caseNames: 3, caseTasks: 1 };

  async function snapshot() {
    const db = app.running.db;
    const [contacts, intakes, assessments, cases, persons, names, tasks] = await Promise.all([
      db.getRepository(Contact).find({ order: { id: 'ASC' } }), db.getRepository(ContactIntake).find({ order: { contactId: 'ASC' } }),
      db.getRepository(RiskAssessment).find({ order: { id: 'ASC' } }), db.getRepository(Case).find({ order: { id: 'ASC' } }),
      db.getRepository(CasePerson).find({ order: { id: 'ASC' } }), db.getRepository(CaseName).find({ order: { caseId: 'ASC', name: 'ASC' } }),
      db.getRepository(CaseTask).find({ order: { id: 'ASC' } }),
    ]);
    return { contacts, intakes, assessments, cases, persons, names, tasks };
  }

  it('has defaults an admin reads and changes; a bad value is refused', async () => {
    const a = await app.as('admin');
    expect((await a.get('/api/settings/retention')).body).to.deep.equal({ unlinkedContactDays: 365, closedCaseDays: 1825 });
    const put = await a.put('/api/settings/retention', { unlinkedContactDays: 730, closedCaseDays: 3650 });
    expect(put.status).to.equal(200);
    expect((await a.get('/api/settings/retention')).body).to.deep.equal({ unlinkedContactDays: 730, closedCaseDays: 3650 });
    const bad = await a.put('/api/settings/retention', { unlinkedContactDays: 1, closedCaseDays: 'forever' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.fields).to.have.keys('unlinkedContactDays', 'closedCaseDays');
    const audited = await app.running.db.getRepository(AuditEntry).find({ where: { action: 'retention.settings' }, order: { seq: 'DESC' }, take: 1 });
    expect(JSON.parse(audited[0]!.detail!)).to.include({ unlinkedContactDays: 730, closedCaseDays: 3650 });
  });

  it('nobody but an admin reads, changes or runs it', async () => {
    for (const user of ['supervisor', 'operator1', 'coordinator1', 'analyst']) {
      const u = await app.as(user);
      expect((await u.get('/api/settings/retention')).status, user).to.equal(403);
      expect((await u.put('/api/settings/retention', { unlinkedContactDays: 30, closedCaseDays: 30 })).status, user).to.equal(403);
      expect((await u.post('/api/retention/run', { dryRun: true })).status, user).to.equal(403);
    }
    expect((await app.agent().post('/api/retention/run', { dryRun: true })).status).to.be.oneOf([401, 403]);
    expect(await app.running.db.getRepository(Setting).countBy({ key: 'retention' })).to.equal(0);
  });

  it('a dry run counts what is past the limits and changes nothing', async () => {
    await fixture();
    const before = await snapshot();
    const a = await app.as('admin');
    const r = await a.post('/api/retention/run', { dryRun: true });
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.include({ dryRun: true, counts: EXPECTED });
    expect(Date.parse(r.body.contactsBefore)).to.be.closeTo(ago(365 * DAY).getTime(), 5000);
    expect(Date.parse(r.body.casesClosedBefore)).to.be.closeTo(ago(1825 * DAY).getTime(), 5000);
    expect(await snapshot()).to.deep.equal(before);
    expect((await a.post('/api/retention/run', {})).status).to.equal(400);
  });

  it('a run anonymises exactly the records past their limit, keeps their statistics, and a second run does nothing', async () => {
    const f = await fixture();
    const db = app.running.db;
    const a = await app.as('admin');
    const r = await a.post('/api/retention/run', { dryRun: false });
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.include({ dryRun: false, counts: EXPECTED });

    const contact = (id: string) => db.getRepository(Contact).findOneByOrFail({ id });
    for (const id of [f.past.id, f.ofClosedPast.id]) {
      expect(await contact(id), id).to.deep.include({
        notesCipher: null, callbackCipher: null, callbackExpiresAt: null, callerHash: null, region: null, messageUrl: null,
        // What statistics need stays.
        language: 'ro', callerType: 'POTENTIAL_VICTIM_SELF', status: 'completed',
      });
      expect((await contact(id)).reasons).to.deep.equal(['HELP_EXIT']);
    }
    for (const id of [f.inside.id, f.linked.id, f.ofClosedInside.id]) {
      expect(protect.decrypt((await contact(id)).notesCipher!), id).to.equal('Her cousin drives the van');
      expect((await contact(id)).callerHash, id).to.equal('f'.repeat(64));
    }
    expect(await db.getRepository(ContactIntake).findOneByOrFail({ contactId: f.past.id })).to.deep.include({ freeTextCipher: null, overrideReasonCipher: null, overrideLevel: 'HIGH' });
    expect((await db.getRepository(ContactIntake).findOneByOrFail({ contactId: f.inside.id })).freeTextCipher).to.not.equal(null);
    const assessments = await db.getRepository(RiskAssessment).find();
    const cleared = (where: (x: RiskAssessment) => boolean) => assessments.filter(where).map((x) => x.overrideReasonCipher === null);
    expect(cleared((x) => x.contactId === f.past.id || x.caseId === f.closedPast.id)).to.deep.equal([true, true]);
    expect(cleared((x) => x.contactId === f.inside.id || x.caseId === f.closedInside.id)).to.deep.equal([false, false]);

    const anonymised = await db.getRepository(Case).findOneByOrFail({ id: f.closedPast.id });
    expect(anonymised).to.deep.include({ notesCipher: null, safetyPlanCipher: null, status: 'CLOSED', province: 'LT', peopleCount: 3, code: f.closedPast.code });
    expect(anonymised.exploitationTypes).to.deep.equal(['LABOUR']);
    for (const entity of [CasePerson, CaseName, CaseTask]) {
      expect(await db.getRepository(entity).countBy({ caseId: f.closedPast.id }), entity.name).to.equal(0);
    }
    expect(await db.getRepository(CasePerson).countBy({ caseId: f.closedInside.id })).to.equal(2);
    expect(await db.getRepository(CaseName).countBy({ caseId: f.closedInside.id })).to.equal(3);
    expect(await db.getRepository(CaseTask).countBy({ caseId: f.closedInside.id })).to.equal(1);
    expect((await db.getRepository(Case).findOneByOrFail({ id: f.open.id })).notesCipher).to.not.equal(null);

    const after = await snapshot();
    const again = await a.post('/api/retention/run', { dryRun: false });
    expect(again.body.counts).to.deep.equal(ZERO);
    expect(await snapshot()).to.deep.equal(after);

    // Audited, counts only; the audit log itself is never trimmed and its chain still holds.
    const runs = await db.getRepository(AuditEntry).find({ where: { action: 'retention.run' }, order: { seq: 'DESC' }, take: 2 });
    const details = runs.reverse().map((x) => { const { origin: _origin, ...d } = JSON.parse(x.detail!) as Record<string, unknown>; return d; });
    expect(details).to.deep.equal([{ dryRun: false, ...EXPECTED }, { dryRun: false, ...ZERO }]);
    expect(runs.map((x) => x.actorId)).to.deep.equal(Array(2).fill(runs[0]!.actorId)).and.not.include(null);
    expect(JSON.stringify(runs)).to.not.contain('Esperanza');
    expect(await app.running.audit.verify()).to.deep.include({ ok: true });
  });

  it('does the same work in batches as small as one record', async () => {
    const f = await fixture();
    const db = app.running.db;
    const admin = actorOf(await db.getRepository(User).findOneByOrFail({ username: 'admin' }));
    const tiny = new RetentionService({ db, now: clock.now, audit: app.running.audit, log: app.running.log, timeZone: 'Europe/Rome', batchSize: 1 });
    expect((await tiny.run(admin, false)).counts).to.deep.equal(EXPECTED);
    expect((await tiny.run(admin, false)).counts).to.deep.equal(ZERO);
    expect((await db.getRepository(Contact).findOneByOrFail({ id: f.ofClosedPast.id })).notesCipher).to.equal(null);
  });

  it('follows the limits an admin set', async () => {
    const f = await fixture();
    const a = await app.as('admin');
    await a.put('/api/settings/retention', { unlinkedContactDays: 400, closedCaseDays: 1825 });
    const r = await a.post('/api/retention/run', { dryRun: false });
    expect(r.body.counts).to.include({ contacts: 1, cases: 1 });
    expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: f.past.id })).notesCipher).to.not.equal(null);
  });

  it('the daily job runs once a day, however many nodes try at once', async () => {
    const f = await fixture();
    const other = new RetentionService({ db: app.running.db, now: clock.now, audit: app.running.audit, log: app.running.log, timeZone: 'Europe/Rome' });
    const results = await Promise.all([app.running.retention.daily(), other.daily(), app.running.retention.daily(), other.daily()]);
    const ran = results.filter((x) => x !== null);
    expect(ran).to.have.length(1);
    expect(ran[0]!.counts).to.deep.equal(EXPECTED);
    expect(await other.daily()).to.equal(null);
    expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: f.past.id })).notesCipher).to.equal(null);
    const runs = await app.running.db.getRepository(AuditEntry).find({ where: { action: 'retention.run' }, order: { seq: 'DESC' }, take: 1 });
    expect(runs[0]!.actorId).to.equal(null);
    expect(JSON.parse(runs[0]!.detail!)).to.deep.equal({ dryRun: false, ...EXPECTED });

    clock.advance(DAY);
    try {
      const tomorrow = await other.daily();
      // A day later, the records just inside their limits have passed them.
      expect(tomorrow?.counts).to.include({ contacts: 2, cases: 1 });
    } finally {
      clock.advance(-DAY);
    }
  });
});

describe('retention from the tick loop', () => {
  const clock = new TestClock();
  // A tick every 4 ms: the loop looks for the daily job every 600 ticks, so every 2.4 s here.
  const TICK_MS = 4;
  const LOOK = 600 * TICK_MS + 200;
  // Its log is kept, to show the job ran without errors (and so that ticks cut short when the app closes stay quiet).
  const lines: string[] = [];
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } });
  const app = useTestApp({}, { now: clock.now, tickMs: TICK_MS, log: createLogger('info', sink) });

  it('runs by itself, once for the day, and marks the day done', async function () {
    this.timeout(30_000);
    const db = app.running.db;
    const day = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(at);
    const mark = (at: Date) => db.getRepository(Setting).save({ key: LAST_RUN_KEY, value: JSON.stringify(day(at)), updatedAt: clock.now(), updatedById: null });
    const runs = () => db.getRepository(AuditEntry).countBy({ action: 'retention.run' });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Today is done (and any run the loop had under way has finished): an old contact is left alone.
    await mark(clock.now());
    await sleep(300);
    const old = await contactRow(db, { notesCipher: protect.encrypt('x'), startedAt: new Date(clock.now().getTime() - 366 * DAY) });
    const before = await runs();
    await sleep(LOOK);
    expect((await db.getRepository(Contact).findOneByOrFail({ id: old.id })).notesCipher).to.not.equal(null);

    // The last run was yesterday: the loop runs it, once.
    await mark(new Date(clock.now().getTime() - DAY));
    await eventually(async () => {
      const [c, m, n] = await Promise.all([db.getRepository(Contact).findOneByOrFail({ id: old.id }), db.getRepository(Setting).findOneByOrFail({ key: LAST_RUN_KEY }), runs()]);
      return c.notesCipher === null && JSON.parse(m.value) === day(clock.now()) && n === before + 1;
    }, 2 * LOOK, 'the daily run');
    await sleep(LOOK);
    expect(await runs()).to.equal(before + 1);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.filter((l) => l.message === 'retention failed')).to.deep.equal([]);
    expect(logged.filter((l) => l.message === 'retention run').at(-1)).to.deep.include({ area: 'privacy', dryRun: false, contacts: 1, level: 'info' });
  });
});
