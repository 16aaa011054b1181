import { execFile } from 'node:child_process';
import { createCipheriv, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { SimCall, SimEvent } from '../../../ivr/simulator/simulator.js';
import { CATALOGUES } from '../../../ivr/prompts/catalogue.js';
import { AuditEntry } from '../../../server/audit/audit-entry.entity.js';
import { CallerBlock } from '../../../server/calls/block.entity.js';
import { Contact } from '../../../server/calls/contact.entity.js';
import { Case, CaseTask } from '../../../server/cases/case.entity.js';
import { ContactIntake } from '../../../server/intake/intake.entity.js';
import { DataProtection } from '../../../server/privacy/crypto.js';
import { rotateCiphertexts } from '../../../server/privacy/rotation.js';
import { useTestApp } from '../../support/app.js';
import { TEST_DATABASE_URL } from '../../support/env.js';
import { eventually } from '../../support/http.js';
import { contactRow, userId } from '../../support/seed.js';
import { caseRow, intakeRow, taskRow } from './rows.js';

const OLD = randomBytes(32);
const NEW = randomBytes(32);
const NUMBER = '+393330004444';

/** A ciphertext as written before key ids existed. */
function sealV1(dataKey: Buffer, plain: string): string {
  const key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'approdo notes v1', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
}

describe('rotating DATA_KEY', () => {
  // The server already runs under the new key, still reading the old one: step 2 of docs/privacy.md.
  const app = useTestApp({ DATA_KEY: NEW.toString('hex'), DATA_KEY_PREVIOUS: OLD.toString('hex') });
  const before = new DataProtection(OLD);
  const during = new DataProtection(NEW, [OLD]);
  const after = new DataProtection(NEW);

  /** A contact's notes and a case's notes, tasks and plan, written under the old key. */
  async function oldRows() {
    const db = app.running.db;
    const contact = await contactRow(db, { notesCipher: before.encrypt('Works nights at the farm, paid nothing') });
    const legacy = await contactRow(db, { notesCipher: sealV1(OLD, 'Written before key ids'), callbackCipher: sealV1(OLD, '+393471234567') });
    await intakeRow(db, contact.id, { freeTextCipher: before.encrypt(JSON.stringify({ situation: 'Locked in at night' })) });
    const kase = await caseRow(db, { notesCipher: before.encrypt('Case notes, old key'), safetyPlanCipher: before.encrypt('{"codeWord":"aurora"}') });
    const task = await taskRow(db, kase.id, before.encrypt('Call the shelter'));
    return { contact, legacy, kase, task };
  }

  it('a block made before the rotation still holds while the old key is in DATA_KEY_PREVIOUS', async function () {
    this.timeout(20_000);
    const db = app.running.db;
    const made = await contactRow(db, { callerHash: before.callerHash(NUMBER) });
    await db.getRepository(CallerBlock).insert({
      id: randomUUID(), callerHash: before.callerHash(NUMBER)!, reason: 'NUISANCE', contactId: made.id, createdAt: new Date(),
      createdById: await userId(db, 'supervisor'), expiresAt: new Date(Date.now() + 86_400_000), liftedAt: null, liftedById: null,
    });
    const call = await app.running.simulator!.placeCall({ from: NUMBER });
    await call.ended();
    const said = (c: SimCall) => c.events.filter((e): e is Extract<SimEvent, { kind: 'say' }> => e.kind === 'say').map((e) => e.text);
    expect(said(call)[0]).to.equal(CATALOGUES.it.blocked);
    // The new contact is linked under the new key only.
    const contact = await eventually(() => db.getRepository(Contact).findOneBy({ callSid: call.sid }));
    expect(contact.callerHash).to.equal(after.callerHash(NUMBER));
  });

  it('re-encrypts contact and case notes under the new key; they read back with the old key gone', async () => {
    const db = app.running.db;
    const { contact, legacy, kase, task } = await oldRows();
    const fresh = await contactRow(db, { notesCipher: during.encrypt('Already under the new key') });

    const result = await rotateCiphertexts(db, during, { batchSize: 2 });
    expect(result.totals).to.deep.equal({ rewritten: 7, current: 1, changedMeanwhile: 0, unreadable: 0 });
    expect(result.columns.find((c) => c.name === 'contacts.notesCipher')).to.include({ rewritten: 2, current: 1 });

    const c = await db.getRepository(Contact).findOneByOrFail({ id: contact.id });
    const l = await db.getRepository(Contact).findOneByOrFail({ id: legacy.id });
    const k = await db.getRepository(Case).findOneByOrFail({ id: kase.id });
    const t = await db.getRepository(CaseTask).findOneByOrFail({ id: task.id });
    const i = await db.getRepository(ContactIntake).findOneByOrFail({ contactId: contact.id });
    for (const sealed of [c.notesCipher, l.notesCipher, l.callbackCipher, k.notesCipher, k.safetyPlanCipher, t.titleCipher, i.freeTextCipher]) {
      expect(sealed!.startsWith(`v2.${after.keyId}.`), sealed!).to.equal(true);
    }
    expect(after.decrypt(c.notesCipher!)).to.equal('Works nights at the farm, paid nothing');
    expect(after.decrypt(l.notesCipher!)).to.equal('Written before key ids');
    expect(after.decrypt(l.callbackCipher!)).to.equal('+393471234567');
    expect(after.decrypt(k.notesCipher!)).to.equal('Case notes, old key');
    expect(after.decrypt(t.titleCipher)).to.equal('Call the shelter');
    expect(JSON.parse(after.decrypt(i.freeTextCipher!))).to.deep.equal({ situation: 'Locked in at night' });
    expect(after.decrypt((await db.getRepository(Contact).findOneByOrFail({ id: fresh.id })).notesCipher!)).to.equal('Already under the new key');

    // And through the API of the server, which no longer needs the old key for these.
    const s = await app.as('supervisor');
    expect((await s.get(`/api/cases/${kase.id}`)).body.notes).to.equal('Case notes, old key');
  });

  it('a second run re-encrypts nothing', async () => {
    await oldRows();
    await rotateCiphertexts(app.running.db, during);
    const again = await rotateCiphertexts(app.running.db, during);
    expect(again.totals).to.deep.equal({ rewritten: 0, current: 7, changedMeanwhile: 0, unreadable: 0 });
  });

  it('a dry run counts what it would do and writes nothing', async () => {
    const { contact } = await oldRows();
    const dry = await rotateCiphertexts(app.running.db, during, { dryRun: true });
    expect(dry.totals).to.include({ rewritten: 7, current: 0 });
    const c = await app.running.db.getRepository(Contact).findOneByOrFail({ id: contact.id });
    expect(c.notesCipher!.startsWith(`v2.${before.keyId}.`)).to.equal(true);
  });

  it('a ciphertext no configured key opens is counted and left as it is', async () => {
    const stranger = new DataProtection(randomBytes(32)).encrypt('unknown key');
    const contact = await contactRow(app.running.db, { notesCipher: stranger });
    const result = await rotateCiphertexts(app.running.db, during);
    expect(result.totals.unreadable).to.equal(1);
    expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: contact.id })).notesCipher).to.equal(stranger);
  });

  it('npm run keys:rotate does it from the command line, prints counts only, and is audited', async function () {
    this.timeout(60_000);
    await oldRows();
    const env = {
      ...process.env, NODE_ENV: 'test', DATABASE_URL: TEST_DATABASE_URL, LOG_LEVEL: 'error',
      DATA_KEY: NEW.toString('hex'), DATA_KEY_PREVIOUS: OLD.toString('hex'),
    };
    // Asynchronously: the server in this process keeps running meanwhile, as it would in production.
    const run = () => new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'server/privacy/rotate-keys.cli.ts'], { env, encoding: 'utf8' },
        (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
    });
    const first = await run();
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/contacts\.notesCipher\s+re-encrypted\s+2\b/);
    expect(first.stdout).to.match(/total\s+re-encrypted\s+7\b/);
    for (const secret of ['farm', 'aurora', 'shelter', '3471234567']) expect(first.stdout).to.not.contain(secret);
    const second = await run();
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stdout).to.match(/total\s+re-encrypted\s+0\s+already current\s+7\b/);
    const audited = await app.running.db.getRepository(AuditEntry).find({ where: { action: 'keys.rotate', subjectId: after.keyId }, order: { seq: 'ASC' } });
    expect(audited.slice(-2).map((r) => JSON.parse(r.detail!).rewritten)).to.deep.equal([7, 0]);
  });
});
