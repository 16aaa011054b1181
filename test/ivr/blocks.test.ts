import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import type { SimCall, SimEvent } from '../../ivr/simulator/simulator.js';
import { CATALOGUES } from '../../ivr/prompts/catalogue.js';
import { AuditEntry } from '../../server/audit/audit-entry.entity.js';
import { Contact } from '../../server/calls/contact.entity.js';
import type { Offer } from '../../server/contracts/realtime.js';
import { useTestApp } from '../support/app.js';
import { TEST_DATABASE_URL } from '../support/env.js';
import { eventually, next } from '../support/http.js';

const said = (call: SimCall) => call.events.filter((e): e is Extract<SimEvent, { kind: 'say' }> => e.kind === 'say').map((e) => e.text);
const NUMBER = '+393330001111';

describe('nuisance callers', () => {
  const app = useTestApp();
  const sim = () => app.running.simulator!;

  /** A first call from the number, which the supervisor then blocks from its contact. */
  async function blockNumber(): Promise<string> {
    const first = await sim().placeCall({ from: NUMBER });
    await first.waitFor((e) => e.kind === 'gather');
    first.hangup();
    const contact = await eventually(() => app.running.db.getRepository(Contact).findOneBy({ callSid: first.sid }));
    const r = await (await app.as('supervisor')).post('/api/blocks', { contactId: contact.id, reason: 'NUISANCE', days: 7 });
    expect(r.status).to.equal(201);
    return r.body.id as string;
  }

  it('a blocked caller hears one short message and is hung up on, unless they press 9', async function () {
    this.timeout(20_000);
    await blockNumber();
    const call = await sim().placeCall({ from: NUMBER });
    await call.ended();
    expect(said(call)).to.deep.equal([CATALOGUES.it.blocked, CATALOGUES.en.blocked, CATALOGUES.it.sayDanger, CATALOGUES.it.goodbye, CATALOGUES.en.goodbye]);
    expect(said(call).join(' ')).to.not.contain(CATALOGUES.it.welcome);
  });

  it('a blocked caller who presses 9 gets through, first in line, to an operator', async function () {
    this.timeout(20_000);
    await blockNumber();
    const socket = await (await app.as('operator1')).socket();
    const offered = next<Offer>(socket, 'offer');
    await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' });
    const call = await sim().placeCall({ from: NUMBER });
    await call.waitFor((e) => e.kind === 'gather');
    call.press('9');
    const offer = await offered;
    expect(offer).to.include({ danger: true, priority: 100, language: 'it' });
    expect(said(call)).to.include(CATALOGUES.it.dangerNow);
    call.hangup();
    socket.close();
  });

  it('other numbers are not affected, and lifting the block lets the number through again', async function () {
    this.timeout(20_000);
    const blockId = await blockNumber();
    const other = await sim().placeCall({ from: '+393330002222' });
    await other.waitFor((e) => e.kind === 'gather');
    expect(said(other)[0]).to.equal(CATALOGUES.it.welcome);
    other.hangup();
    const s = await app.as('supervisor');
    expect((await s.get('/api/blocks')).body.items.map((b: { id: string }) => b.id)).to.deep.equal([blockId]);
    // Blocking the same number again, from any of its contacts, is refused: one block per number.
    const firstContact = (await s.get('/api/blocks')).body.items[0].contactId as string;
    expect((await s.post('/api/blocks', { contactId: firstContact, reason: 'PRANK', days: 1 })).status).to.equal(409);
    expect((await s.delete(`/api/blocks/${blockId}`)).status).to.equal(204);
    expect((await s.delete(`/api/blocks/${blockId}`)).status).to.equal(404);
    const again = await sim().placeCall({ from: NUMBER });
    await again.waitFor((e) => e.kind === 'gather');
    expect(said(again)[0]).to.equal(CATALOGUES.it.welcome);
    again.hangup();
  });

  it('only supervisors block; a withheld number cannot be blocked; bad input is a 400', async function () {
    this.timeout(20_000);
    const withheld = await sim().placeCall({ from: 'anonymous' });
    await withheld.waitFor((e) => e.kind === 'gather');
    withheld.hangup();
    const contact = await eventually(() => app.running.db.getRepository(Contact).findOneBy({ callSid: withheld.sid }));
    expect((await (await app.as('operator1')).post('/api/blocks', { contactId: contact.id, reason: 'NUISANCE', days: 7 })).status).to.equal(403);
    expect((await (await app.as('admin')).get('/api/blocks')).status).to.equal(403);
    const s = await app.as('supervisor');
    expect((await s.post('/api/blocks', { contactId: contact.id, reason: 'NUISANCE', days: 7 })).status).to.equal(409);
    const bad = await s.post('/api/blocks', { contactId: contact.id, reason: 'ANNOYING', days: 0 });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.fields).to.have.keys('reason', 'days');
  });

  it('every block and unblock is in the audit chain; tampering with a row is caught at that row', async function () {
    this.timeout(60_000);
    const blockId = await blockNumber();
    await (await app.as('supervisor')).delete(`/api/blocks/${blockId}`);
    const rows = await app.running.db.getRepository(AuditEntry).find({ where: { subjectId: blockId }, order: { seq: 'ASC' } });
    expect(rows.map((r) => r.action)).to.deep.equal(['caller.block', 'caller.unblock']);
    expect(JSON.stringify(rows)).to.not.contain('3330001111');
    expect(await app.running.audit.verify()).to.deep.include({ ok: true });

    const cli = () => spawnSync(process.execPath, ['--import', 'tsx', 'server/audit/verify.cli.ts'], {
      env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, NODE_ENV: 'test' }, encoding: 'utf8',
    });
    const intact = cli();
    expect(intact.status, intact.stderr).to.equal(0);
    expect(intact.stdout).to.match(/Audit log intact: \d+ rows/);

    const victim = rows[0]!;
    await app.running.db.query("UPDATE audit_log SET action = 'caller.nothing' WHERE seq = ?", [victim.seq]);
    expect(await app.running.audit.verify()).to.deep.equal({ ok: false, brokenAt: victim.seq, reason: 'the row was changed' });
    const broken = cli();
    expect(broken.status).to.equal(1);
    expect(broken.stdout).to.contain(`BROKEN at row ${victim.seq}`);
    // Put it back, so later tests start from an intact chain.
    await app.running.db.query("UPDATE audit_log SET action = 'caller.block' WHERE seq = ?", [victim.seq]);
    expect(await app.running.audit.verify()).to.deep.include({ ok: true });
  });
});
