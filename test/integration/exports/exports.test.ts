import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { AuditEntry } from '../../../server/audit/audit-entry.entity.js';
import { Contact } from '../../../server/calls/contact.entity.js';
import { CASE_EXPORT_COLUMNS, CONTACT_EXPORT_COLUMNS } from '../../../server/contracts/exports.js';
import { IntakeAnswers } from '../../../server/contracts/intake.js';
import { parseCsv } from '../../../server/exports/csv.js';
import { ContactIntake } from '../../../server/intake/intake.entity.js';
import { DataProtection } from '../../../server/privacy/crypto.js';
import { useTestApp } from '../../support/app.js';
import { contactRow } from '../../support/seed.js';
import { caseRow, intakeRow, personRow } from '../privacy/rows.js';

// National reporting files: structured fields, free text only when asked, safe in a spreadsheet,
// every export audited; historical contacts imported in the same layout, all or nothing.

const NOTES = {
  comma: 'Two people, maybe three',
  quote: 'She said "not tonight"',
  newline: 'First line\nsecond line',
  formula: '=HYPERLINK("http://evil.test","click")',
};

/** A CSV body as objects, one per row, keyed by the header. */
function table(csv: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(csv);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

describe('CSV exports and import', () => {
  const app = useTestApp({ TIME_ZONE: 'Europe/Rome' });
  let protect: DataProtection;
  before(() => { protect = new DataProtection(app.running.config.dataKey, app.running.config.previousDataKeys); });

  const at = (iso: string) => new Date(iso);

  /** Four contacts in March 2026 with every kind of awkward note, one in a SHARE case with a HIGH intake. */
  async function contacts() {
    const db = app.running.db;
    const kase = await caseRow(db, { consentLevel: 'SHARE', openedAt: at('2026-03-02T10:00:00Z'), notesCipher: protect.encrypt('Case note, private') });
    const rows = [];
    let minute = 0;
    for (const [kind, note] of Object.entries(NOTES)) {
      rows.push(await contactRow(db, {
        startedAt: at(`2026-03-02T09:${String(minute).padStart(2, '0')}:00.000Z`), endedAt: at(`2026-03-02T09:${String(minute + 5).padStart(2, '0')}:00.000Z`),
        language: 'en', purpose: 'SOMEONE_ELSE', callerType: 'FAMILY_FRIEND_COLLEAGUE', pertinence: 'PERTINENT', contactClass: 'TIP',
        reasons: ['REPORT_TRAFFICKING', 'INFO_RIGHTS_LEGAL'], outcomes: ['SIGNPOSTED'], region: 'Lazio', danger: kind === 'formula',
        cannotTalkFreely: kind === 'quote', notesCipher: protect.encrypt(note), caseId: kind === 'comma' ? kase.id : null, callerHash: 'a'.repeat(64),
      }));
      minute += 10;
    }
    await intakeRow(db, rows[0]!.id, { riskLevel: 'HIGH', computedLevel: 'HIGH', answers: IntakeAnswers.parse({ wishes: { consentLevel: 'SHARE' } }) });
    // Outside the period: 23:30 UTC on 31 March is already 1 April in Rome; the day before 1 March.
    await contactRow(db, { startedAt: at('2026-03-31T23:30:00Z'), notesCipher: protect.encrypt('April in Rome') });
    await contactRow(db, { startedAt: at('2026-02-28T22:59:00Z'), notesCipher: protect.encrypt('February in Rome') });
    return { kase, rows };
  }

  const PERIOD = 'from=2026-03-01&to=2026-03-31';

  it('contacts.csv has the structured fields only, as a download, and is audited with its filters and count', async () => {
    const { kase, rows } = await contacts();
    const s = await app.as('supervisor');
    const r = await s.get(`/api/exports/contacts.csv?${PERIOD}`);
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.match(/^text\/csv; charset=utf-8/);
    expect(r.headers.get('content-disposition')).to.match(/^attachment; filename="?contacts-2026-03-01-2026-03-31\.csv"?$/);
    expect(r.headers.get('cache-control')).to.equal('no-store');
    const text = r.body as string;
    expect(text.split('\r\n')[0]).to.equal(CONTACT_EXPORT_COLUMNS.join(','));
    for (const secret of [...Object.values(NOTES), 'HYPERLINK', 'not tonight', 'April', 'February', 'a'.repeat(64), 'Case note']) expect(text).to.not.contain(secret);
    const got = table(text);
    expect(got.map((x) => x.id)).to.deep.equal(rows.map((x) => x.id));
    expect(got[0]).to.deep.equal({
      id: rows[0]!.id, startedAt: '2026-03-02T09:00:00.000Z', endedAt: '2026-03-02T09:05:00.000Z', language: 'en', purpose: 'SOMEONE_ELSE',
      callerType: 'FAMILY_FRIEND_COLLEAGUE', pertinence: 'PERTINENT', contactClass: 'TIP', reasons: 'REPORT_TRAFFICKING;INFO_RIGHTS_LEGAL',
      outcomes: 'SIGNPOSTED', region: 'Lazio', caseCode: kase.code, riskLevel: 'HIGH', consentLevel: 'SHARE', danger: 'false', cannotTalkFreely: 'false',
    });
    expect(got[1]).to.include({ caseCode: '', riskLevel: '', consentLevel: '', cannotTalkFreely: 'true' });

    const audit = await app.running.db.getRepository(AuditEntry).find({ where: { action: 'export.contacts' }, order: { seq: 'DESC' }, take: 1 });
    expect(JSON.parse(audit[0]!.detail!)).to.include({ periodFrom: '2026-03-01', periodTo: '2026-03-31', includeText: false, rows: 4 });
  });

  it('with includeText, notes are decrypted and escaped per RFC 4180, and formulas are neutralised', async () => {
    await contacts();
    const s = await app.as('supervisor');
    const r = await s.get(`/api/exports/contacts.csv?${PERIOD}&includeText=true`);
    expect(r.status).to.equal(200);
    const text = r.body as string;
    expect(text.split('\r\n')[0]).to.equal([...CONTACT_EXPORT_COLUMNS, 'notes'].join(','));
    // Exactly as RFC 4180 writes them: quoted when holding a comma, a quote or a line break; quotes doubled.
    expect(text).to.contain(',"Two people, maybe three"\r\n');
    expect(text).to.contain(',"She said ""not tonight"""\r\n');
    expect(text).to.contain(',"First line\nsecond line"\r\n');
    expect(text).to.contain(`,"'=HYPERLINK(""http://evil.test"",""click"")"\r\n`);
    expect(table(text).map((x) => x.notes)).to.deep.equal([NOTES.comma, NOTES.quote, NOTES.newline, `'${NOTES.formula}`]);
    const audit = await app.running.db.getRepository(AuditEntry).find({ where: { action: 'export.contacts' }, order: { seq: 'DESC' }, take: 1 });
    expect(JSON.parse(audit[0]!.detail!)).to.include({ includeText: true, rows: 4 });
    expect(audit[0]!.detail).to.not.contain('tonight');
  });

  it('cases.csv: structured fields, counts and the first person; names only with includeText and consent to share', async () => {
    const db = app.running.db;
    const shared = await caseRow(db, {
      consentLevel: 'SHARE', status: 'CLOSED', openedAt: at('2026-03-05T08:00:00Z'), closedAt: at('2026-03-20T08:00:00Z'), riskLevel: 'HIGH',
      province: 'LT', exploitationTypes: ['LABOUR', 'SEXUAL'], labourSector: 'AGRICULTURE', peopleCount: 12, minorsInvolved: true,
      notesCipher: protect.encrypt('=1+1, "quoted"'),
    });
    const confidential = await caseRow(db, { consentLevel: 'CONFIDENTIAL', openedAt: at('2026-03-06T08:00:00Z') });
    const merged = await caseRow(db, { openedAt: at('2026-03-07T08:00:00Z'), status: 'CLOSED', mergedIntoId: shared.id });
    await caseRow(db, { openedAt: at('2026-04-01T08:00:00Z') });
    const ids = [randomUUID(), randomUUID()].sort();
    await personRow(db, shared.id, { id: ids[0], pseudonym: 'Esperanza', aliases: ['Espe'], gender: 'F', ageBand: '18_24', nationality: 'NG' });
    await personRow(db, shared.id, { id: ids[1], pseudonym: 'Joy', aliases: [], gender: 'F', ageBand: '14_17', nationality: 'NG' });
    await personRow(db, confidential.id, { pseudonym: 'Blessing', gender: 'TRANS', ageBand: '25_34', nationality: 'BR' });
    for (let i = 0; i < 3; i++) await contactRow(db, { caseId: shared.id });
    const s = await app.as('supervisor');

    const plain = await s.get(`/api/exports/cases.csv?${PERIOD}`);
    expect(plain.status).to.equal(200);
    expect(plain.headers.get('content-disposition')).to.match(/^attachment; filename="?cases-2026-03-01-2026-03-31\.csv"?$/);
    const text = plain.body as string;
    expect(text.split('\r\n')[0]).to.equal(CASE_EXPORT_COLUMNS.join(','));
    for (const secret of ['Esperanza', 'Espe', 'Joy', 'Blessing', 'quoted']) expect(text).to.not.contain(secret);
    const rows = table(text);
    expect(rows.map((x) => x.code)).to.deep.equal([shared.code, confidential.code]); // merged and April ones left out
    expect(rows.map((x) => x.code)).to.not.include(merged.code);
    expect(rows[0]).to.deep.equal({
      code: shared.code, openedAt: '2026-03-05T08:00:00.000Z', closedAt: '2026-03-20T08:00:00.000Z', status: 'CLOSED', riskLevel: 'HIGH',
      consentLevel: 'SHARE', province: 'LT', exploitationTypes: 'LABOUR;SEXUAL', labourSector: 'AGRICULTURE', peopleCount: '12', minorsInvolved: 'true',
      persons: '2', gender: 'F', ageBand: '18_24', nationality: 'NG', contacts: '3',
    });
    expect(rows[1]).to.include({ persons: '1', gender: 'TRANS', contacts: '0', closedAt: '', province: '' });

    const full = table((await s.get(`/api/exports/cases.csv?${PERIOD}&includeText=true`)).body);
    expect(full[0]).to.include({ notes: `'=1+1, "quoted"`, pseudonyms: 'Esperanza;Joy', aliases: 'Espe' });
    expect(full[1]).to.include({ notes: '', pseudonyms: '', aliases: '' });
    const audit = await db.getRepository(AuditEntry).find({ where: { action: 'export.cases' }, order: { seq: 'DESC' }, take: 2 });
    expect(audit.map((x) => JSON.parse(x.detail!))).to.satisfy((d: Array<Record<string, unknown>>) =>
      d[0]!.includeText === true && d[1]!.includeText === false && d.every((x) => x.rows === 2 && x.periodFrom === '2026-03-01'));
  });

  it('pages through large periods without losing or repeating rows, even at the same instant', async function () {
    this.timeout(60_000);
    const db = app.running.db;
    const same = at('2026-03-10T12:00:00Z');
    const ids = Array.from({ length: 1203 }, () => randomUUID());
    const rows = ids.map((id) => db.getRepository(Contact).create({
      id, callSid: 'CA' + randomBytes(16).toString('hex'), callerHash: null, status: 'completed', ivrStep: 'queue', ivrAttempts: 0, language: 'it',
      purpose: 'SELF', danger: false, cannotTalkFreely: false, priority: 10, minor: false, startedAt: same, queuedAt: null, offeredToId: null,
      offerExpiresAt: null, declinedBy: [], answeredById: null, answeredAt: null, operatorCallSid: null, endedAt: null, durationSeconds: null,
      region: null, callbackCipher: null, callbackExpiresAt: null, messageAt: null, messageUrl: null, messageSeconds: null, callerType: null,
      pertinence: null, contactClass: null, reasons: null, outcomes: null, notesCipher: null, recordSavedAt: null, recordSavedById: null,
      callbackOfId: null, callbackById: null, callbackAt: null, transferToId: null, transferCallSid: null, caseId: null,
    }));
    for (let i = 0; i < rows.length; i += 200) await db.getRepository(Contact).insert(rows.slice(i, i + 200));
    const r = await (await app.as('supervisor')).get(`/api/exports/contacts.csv?${PERIOD}`);
    const got = table(r.body).map((x) => x.id);
    expect(got).to.have.length(1203);
    expect(new Set(got).size).to.equal(1203);
    expect([...got].sort()).to.deep.equal([...ids].sort());
  });

  it('only supervisors export: operators, coordinators, analysts and admins get 403', async () => {
    const audited = () => app.running.db.getRepository(AuditEntry).countBy({ action: 'export.contacts' });
    const before = await audited();
    for (const user of ['operator1', 'coordinator1', 'analyst', 'admin']) {
      const u = await app.as(user);
      for (const file of ['contacts', 'cases']) {
        const r = await u.get(`/api/exports/${file}.csv?${PERIOD}`);
        expect(r.status, `${user} ${file}`).to.equal(403);
      }
    }
    expect((await app.agent().get(`/api/exports/contacts.csv?${PERIOD}`)).status).to.equal(401);
    expect(await audited()).to.equal(before);
  });

  it('a period must be two valid days, in order', async () => {
    const s = await app.as('supervisor');
    for (const q of ['', 'from=2026-03-01', 'from=2026-13-01&to=2026-03-31', 'from=2026-03-31&to=2026-03-01', `${PERIOD}&includeText=yes`]) {
      const r = await s.get(`/api/exports/contacts.csv?${q}`);
      expect(r.status, q).to.equal(400);
      expect(r.body.error.code, q).to.equal('invalid_input');
    }
  });

  it('an export imports back as the same contacts, completed, with no caller hash, audited', async () => {
    await contacts();
    const db = app.running.db;
    const s = await app.as('supervisor');
    const exported = (await s.get(`/api/exports/contacts.csv?${PERIOD}&includeText=true`)).body as string;
    await db.query('DELETE FROM contact_intakes');
    await db.query('DELETE FROM contacts');

    const a = await app.as('admin');
    const r = await a.post('/api/imports/contacts', { csv: exported });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body).to.deep.equal({ imported: 4 });

    const imported = await db.getRepository(Contact).find();
    expect(imported).to.have.length(4);
    for (const c of imported) {
      expect(c.callSid).to.match(/^IMPORT-[0-9a-f-]{36}$/);
      expect(c).to.include({ status: 'completed', callerHash: null, caseId: null });
    }
    const again = table((await s.get(`/api/exports/contacts.csv?${PERIOD}&includeText=true`)).body);
    const before = table(exported);
    const strip = (x: Record<string, string>) => ({ ...x, id: undefined, caseCode: undefined });
    expect(again.map(strip)).to.deep.equal(before.map(strip));
    expect(again.map((x) => x.notes)).to.include(NOTES.formula.replace(/^/, "'"));
    const n = await db.getRepository(Contact).findOneByOrFail({ callSid: imported.find((c) => c.danger)!.callSid });
    expect(protect.decrypt(n.notesCipher!)).to.equal(NOTES.formula);
    expect(await db.getRepository(ContactIntake).count()).to.equal(1);

    const audit = await db.getRepository(AuditEntry).find({ where: { action: 'import.contacts' }, order: { seq: 'DESC' }, take: 1 });
    expect(JSON.parse(audit[0]!.detail!)).to.include({ imported: 4 });
  });

  it('a cases export imports back as the same cases, numbered here, with persons and names; a bad row refuses the file', async () => {
    const db = app.running.db;
    const shared = await caseRow(db, {
      consentLevel: 'SHARE', status: 'CLOSED', openedAt: at('2026-03-05T08:00:00Z'), closedAt: at('2026-03-20T08:00:00Z'), riskLevel: 'HIGH',
      province: 'LT', exploitationTypes: ['LABOUR', 'SEXUAL'], labourSector: 'AGRICULTURE', peopleCount: 12, minorsInvolved: true,
      notesCipher: protect.encrypt('Seen at the Latina bus station'),
    });
    await personRow(db, shared.id, { pseudonym: 'Esperanza', aliases: ['Espe'], gender: 'F', ageBand: '18_24', nationality: 'NG' });
    const anonymous = await caseRow(db, { consentLevel: 'ANONYMOUS', openedAt: at('2026-03-06T08:00:00Z') });
    await personRow(db, anonymous.id, { gender: 'M', ageBand: '25_34', nationality: 'IN' });
    const s = await app.as('supervisor');
    const exported = (await s.get(`/api/exports/cases.csv?${PERIOD}&includeText=true`)).body as string;
    for (const t of ['case_names', 'case_persons', 'case_exploitation', 'case_events', 'cases']) await db.query(`DELETE FROM ${t}`);

    const bad = exported.replace('LT,', 'XX,');
    const refused = await s.post('/api/imports/cases', { csv: bad });
    expect(refused.status).to.equal(400);
    expect(Object.keys(refused.body.error.fields)).to.deep.equal(['rows.2.province']);
    expect(await db.query('SELECT COUNT(*) AS n FROM cases')).to.satisfy((r: Array<{ n: number | string }>) => Number(r[0]!.n) === 0);

    const r = await (await app.as('admin')).post('/api/imports/cases', { csv: exported });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body).to.deep.equal({ imported: 2 });
    const again = table((await s.get(`/api/exports/cases.csv?${PERIOD}&includeText=true`)).body);
    const strip = (x: Record<string, string>) => ({ ...x, code: undefined });
    expect(again.map(strip)).to.deep.equal(table(exported).map(strip));
    expect(again.map((x) => x.code)).to.satisfy((codes: string[]) => codes.every((c) => /^A-2026-\d{4}$/.test(c)));
    // Found by name, unassigned, and the timeline says where it came from.
    const found = (await s.get('/api/cases?q=espe')).body.items;
    expect(found).to.have.length(1);
    const read = (await s.get(`/api/cases/${found[0].id}`)).body;
    expect(read).to.deep.include({ assignedTo: null, notes: 'Seen at the Latina bus station' });
    expect(read.events.map((e: { kind: string; detail: string }) => [e.kind, e.detail])).to.deep.equal([['created', 'import']]);
    expect(await db.getRepository(AuditEntry).countBy({ action: 'import.cases' })).to.equal(1);
    expect((await (await app.as('operator1')).post('/api/imports/cases', { csv: exported })).status).to.equal(403);
  });

  it('one bad row rejects the whole file, naming rows and fields; nothing is written', async () => {
    const header = CONTACT_EXPORT_COLUMNS.join(',');
    const good = ',2025-01-10T10:00:00.000Z,2025-01-10T10:07:00.000Z,it,SELF,POTENTIAL_VICTIM_SELF,PERTINENT,CRISIS,HELP_EXIT,LISTENING_ADVICE,,,LOW,ANONYMOUS,false,false';
    const bad = ',2025-01-11T10:00:00.000Z,,xx,SELF,,,,HELP_EXIT;NOT_A_REASON,,,,,,maybe,false';
    const short = ',2025-01-12T10:00:00.000Z,,it';
    const imports = () => app.running.db.getRepository(AuditEntry).countBy({ action: 'import.contacts' });
    const audited = await imports();
    const r = await (await app.as('supervisor')).post('/api/imports/contacts', { csv: [header, good, bad, good, short].join('\r\n') });
    expect(r.status).to.equal(400);
    expect(r.body.error.code).to.equal('invalid_input');
    expect(r.body.error.fields).to.have.keys('rows.3.language', 'rows.3.reasons.1', 'rows.3.danger', 'rows.5');
    expect(await app.running.db.getRepository(Contact).count()).to.equal(0);
    expect(await imports()).to.equal(audited);

    const alone = await (await app.as('supervisor')).post('/api/imports/contacts', { csv: [header, good].join('\n') });
    expect(alone.status).to.equal(201);
    expect(alone.body).to.deep.equal({ imported: 1 });
  });

  it('a file with unknown or missing columns, or broken quoting, is refused', async () => {
    const s = await app.as('supervisor');
    const unknown = await s.post('/api/imports/contacts', { csv: 'startedAt,phone\n2025-01-10T10:00:00Z,+393331234567\n' });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.fields).to.have.property('header.2');
    expect(unknown.body.error.fields.header.join(' ')).to.contain('missing column "language"');
    const broken = await s.post('/api/imports/contacts', { csv: `${CONTACT_EXPORT_COLUMNS.join(',')}\n,"2025-01-10T10:00:00Z\n` });
    expect(broken.status).to.equal(400);
    expect((await s.post('/api/imports/contacts', { csv: '' })).status).to.equal(400);
  });

  it('imports up to 1 MB (past the usual 100 kB body limit), refuses more, and only for admins and supervisors', async function () {
    this.timeout(60_000);
    const header = CONTACT_EXPORT_COLUMNS.join(',');
    const row = (i: number) => `,2025-02-01T10:${String(i % 60).padStart(2, '0')}:00.000Z,,it,SELF,UNKNOWN,NOT_PERTINENT,INFORMATION,,,Lombardia,,,,false,false`;
    const csv = [header, ...Array.from({ length: 2500 }, (_, i) => row(i))].join('\r\n');
    expect(csv.length).to.be.within(150_000, 1_000_000);
    const r = await (await app.as('supervisor')).post('/api/imports/contacts', { csv });
    expect(r.status).to.equal(201);
    expect(r.body).to.deep.equal({ imported: 2500 });

    const huge = await (await app.as('admin')).post('/api/imports/contacts', { csv: 'x'.repeat(1_100_000) });
    expect(huge.status).to.equal(413);
    for (const user of ['operator1', 'coordinator1', 'analyst']) {
      expect((await (await app.as(user)).post('/api/imports/contacts', { csv: [header, row(1)].join('\n') })).status, user).to.equal(403);
    }
    // Elsewhere the usual limit still holds.
    const big = await (await app.as('admin')).put('/api/settings/retention', { unlinkedContactDays: 365, closedCaseDays: 1825, pad: 'x'.repeat(200_000) });
    expect(big.status).to.equal(413);
    expect(await app.running.db.getRepository(Contact).count()).to.equal(2500);
  });
});
