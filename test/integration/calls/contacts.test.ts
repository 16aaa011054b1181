import { expect } from 'chai';
import { Contact } from '../../../server/calls/contact.entity.js';
import { useTestApp } from '../../support/app.js';
import { contactRow, userId } from '../../support/seed.js';

const record = {
  callerType: 'FAMILY_FRIEND_COLLEAGUE', language: 'ro', purpose: 'SOMEONE_ELSE', pertinence: 'PERTINENT',
  contactClass: 'TIP', reasons: ['REPORT_LABOUR_EXPLOITATION'], outcomes: ['SIGNPOSTED'], notes: 'Cousin works 14 hours a day in a warehouse.',
};

describe('contacts through the API', () => {
  const app = useTestApp();

  it('an operator lists only the contacts they answered, newest first; a supervisor lists all', async () => {
    const db = app.running.db;
    const op1 = await userId(db, 'operator1');
    const op2 = await userId(db, 'operator2');
    const older = await contactRow(db, { answeredById: op1, startedAt: new Date('2026-11-20T10:00:00Z') });
    const newer = await contactRow(db, { answeredById: op1, startedAt: new Date('2026-11-22T10:00:00Z') });
    const others = await contactRow(db, { answeredById: op2 });
    const mine = await (await app.as('operator1')).get('/api/contacts');
    expect(mine.status).to.equal(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).to.deep.equal([newer.id, older.id]);
    const all = await (await app.as('supervisor')).get('/api/contacts');
    expect(all.body.items.map((c: { id: string }) => c.id)).to.have.members([newer.id, older.id, others.id]);
    expect(mine.body.items[0].operator).to.deep.equal({ id: op1, displayName: 'Operator One' });
  });

  it('pages with a cursor, without losing or repeating a contact', async () => {
    const db = app.running.db;
    const op1 = await userId(db, 'operator1');
    const at = new Date('2026-11-21T10:00:00Z');
    // Five with the same start time: the cursor must break ties.
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await contactRow(db, { answeredById: op1, startedAt: at })).id);
    const a = await app.as('operator1');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await a.get(`/api/contacts?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).to.be.at.most(2);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.next;
    } while (cursor);
    expect(seen).to.have.length(5);
    expect(new Set(seen)).to.deep.equal(new Set(ids));
  });

  it('the operator who answered saves the record; notes are encrypted at rest and readable through the API', async () => {
    const db = app.running.db;
    const c = await contactRow(db, { answeredById: await userId(db, 'operator3'), language: 'ro' });
    const a = await app.as('operator3');
    const r = await a.put(`/api/contacts/${c.id}/record`, record);
    expect(r.status).to.equal(200);
    expect(r.body.record).to.include({ callerType: 'FAMILY_FRIEND_COLLEAGUE', notes: record.notes, pertinence: 'PERTINENT' });
    expect(r.body.record.reasons).to.deep.equal(['REPORT_LABOUR_EXPLOITATION']);
    const [raw] = await db.query('SELECT notesCipher FROM contacts WHERE id = ?', [c.id]);
    expect(raw.notesCipher).to.be.a('string').and.not.contain('warehouse');
    expect((await a.get(`/api/contacts/${c.id}`)).body.record.notes).to.equal(record.notes);
  });

  it("another operator can neither read nor record someone else's contact (403, nothing changes)", async () => {
    const db = app.running.db;
    const c = await contactRow(db, { answeredById: await userId(db, 'operator1') });
    const other = await app.as('operator2');
    const read = await other.get(`/api/contacts/${c.id}`);
    expect(read.status).to.equal(403);
    expect(JSON.stringify(read.body)).to.not.contain(c.id);
    expect((await other.put(`/api/contacts/${c.id}/record`, record)).status).to.equal(403);
    expect((await db.getRepository(Contact).findOneByOrFail({ id: c.id })).recordSavedAt).to.equal(null);
  });

  it('coordinators and admins never see a contact', async () => {
    const db = app.running.db;
    const c = await contactRow(db, { answeredById: await userId(db, 'operator1') });
    for (const u of ['coordinator1', 'admin']) {
      expect((await (await app.as(u)).get(`/api/contacts/${c.id}`)).status, u).to.equal(403);
    }
  });

  it('a bad record is a 400 naming the fields, and changes nothing', async () => {
    const db = app.running.db;
    const c = await contactRow(db, { answeredById: await userId(db, 'operator1') });
    const a = await app.as('operator1');
    const r = await a.put(`/api/contacts/${c.id}/record`, { ...record, callerType: 'ALIEN', reasons: ['HELP_EXIT', 'HELP_EXIT'], notes: 'x'.repeat(9000) });
    expect(r.status).to.equal(400);
    expect(r.body.error.fields).to.have.keys('callerType', 'reasons', 'notes');
    expect((await db.getRepository(Contact).findOneByOrFail({ id: c.id })).recordSavedAt).to.equal(null);
  });

  it('a repeat caller is recognised by the keyed hash alone: "called 2 times before, last on …"', async () => {
    const db = app.running.db;
    const op1 = await userId(db, 'operator1');
    const hash = 'a'.repeat(64);
    await contactRow(db, { callerHash: hash, startedAt: new Date('2026-11-01T09:00:00Z') });
    await contactRow(db, { callerHash: hash, startedAt: new Date('2026-11-21T09:00:00Z') });
    await contactRow(db, { callerHash: 'b'.repeat(64), startedAt: new Date('2026-11-22T09:00:00Z') });
    const now = await contactRow(db, { callerHash: hash, answeredById: op1, startedAt: new Date('2026-11-23T09:00:00Z') });
    const r = await (await app.as('operator1')).get(`/api/contacts/${now.id}`);
    expect(r.body.earlier).to.deep.equal({ count: 2, lastAt: '2026-11-21T09:00:00.000Z', case: null });
    const withheld = await contactRow(db, { callerHash: null, answeredById: op1 });
    expect((await (await app.as('operator1')).get(`/api/contacts/${withheld.id}`)).body.earlier).to.equal(null);
  });

  it('an unknown or malformed contact id is 404 or 400', async () => {
    const a = await app.as('supervisor');
    expect((await a.get('/api/contacts/00000000-0000-4000-8000-00000000dead')).status).to.equal(404);
    expect((await a.get('/api/contacts/not-an-id')).status).to.equal(400);
  });

  it('a supervisor may complete the record of a contact someone answered', async () => {
    const db = app.running.db;
    const c = await contactRow(db, { answeredById: await userId(db, 'operator1') });
    const r = await (await app.as('supervisor')).put(`/api/contacts/${c.id}/record`, record);
    expect(r.status).to.equal(200);
  });
});
