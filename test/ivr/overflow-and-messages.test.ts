import { expect } from 'chai';
import type { SimCall, SimEvent } from '../../ivr/simulator/simulator.js';
import { CATALOGUES } from '../../ivr/prompts/catalogue.js';
import { Contact } from '../../server/calls/contact.entity.js';
import { DataProtection } from '../../server/privacy/crypto.js';
import { useTestApp } from '../support/app.js';
import { TestClock } from '../support/clock.js';
import { eventually } from '../support/http.js';

const said = (call: SimCall) => call.events.filter((e): e is Extract<SimEvent, { kind: 'say' }> => e.kind === 'say').map((e) => e.text);
const dialled = (call: SimCall) => call.events.filter((e): e is Extract<SimEvent, { kind: 'dial' }> => e.kind === 'dial' && e.noun === 'number').map((e) => e.target);
const gathers = (call: SimCall) => call.events.filter((e) => e.kind === 'gather').length;

describe('when nobody answers: holding, the on-call colleague, and messages', () => {
  const clock = new TestClock();
  const app = useTestApp({}, { now: clock.now });
  const contactOf = (call: SimCall) => app.running.db.getRepository(Contact).findOneByOrFail({ callSid: call.sid });
  const admin = () => app.as('admin');

  beforeEach(() => clock.reset());

  /** Places a call, answers the language and purpose menus, and waits until it holds. */
  async function queued(keys: [string, string], from?: string): Promise<SimCall> {
    const call = await app.running.simulator!.placeCall(from ? { from } : {});
    await eventually(() => gathers(call) >= 1, 5000, 'language menu');
    call.press(keys[0]);
    await eventually(() => gathers(call) >= 2, 5000, 'purpose menu');
    call.press(keys[1]);
    await call.waitFor((e) => e.kind === 'enqueue');
    return call;
  }

  it('while holding, the caller hears their place in line and the keys, in their language', async function () {
    this.timeout(20_000);
    const call = await queued(['3', '1']);
    await eventually(() => said(call).includes(CATALOGUES.fr.holdOptions), 5000, 'the keys');
    expect(said(call)).to.include('Vous êtes le numéro 1 dans la file.');
    call.hangup();
  });

  it('pressing 9 while holding makes the call a danger call, first in line', async function () {
    this.timeout(20_000);
    const calm = await queued(['2', '1']);
    const later = await queued(['2', '1']);
    await eventually(() => said(later).includes(CATALOGUES.en.holdOptions), 5000, 'hold options');
    later.press('9');
    await eventually(() => said(later).includes(CATALOGUES.en.dangerNoted), 5000, 'danger noted');
    const row = await eventually(async () => { const c = await contactOf(later); return c.danger ? c : null; });
    expect(row).to.include({ priority: 100, purpose: 'SELF' });
    expect((await contactOf(calm)).danger).to.equal(false);
    calm.hangup(); later.hangup();
  });

  it('past the wait limit the caller goes to the on-call numbers in order, then is heard by the one who answers', async function () {
    this.timeout(30_000);
    const a = await admin();
    expect((await a.put('/api/oncall-numbers', { items: [
      { region: null, number: '+390600000001', label: 'National on-call A', active: true },
      { region: null, number: '+390600000002', label: 'National on-call B', active: true },
    ] })).status).to.equal(200);
    app.running.simulator!.setEndpointBehaviour('+390600000001', 'no-answer');
    app.running.simulator!.setEndpointBehaviour('+390600000002', 'answer');
    const call = await queued(['1', '1']);
    clock.advance(181_000);
    await eventually(() => dialled(call).length >= 2, 15_000, 'both on-call numbers dialled');
    expect(dialled(call)).to.deep.equal(['+390600000001', '+390600000002']);
    expect(said(call)).to.include(CATALOGUES.it.overflow);
    await call.waitFor((e) => e.kind === 'bridged', 5000);
    expect((await contactOf(call)).status).to.equal('overflow');
    call.hangup();
    await eventually(async () => (await contactOf(call)).status === 'oncall', 5000, 'contact handed to on-call');
  });

  it("a caller from a region goes to that region's on-call first, then the national one", async () => {
    await (await admin()).put('/api/oncall-numbers', { items: [
      { region: null, number: '+390600000009', label: 'National', active: true },
      { region: 'VENETO', number: '+390410000001', label: 'Veneto h24', active: true },
      { region: 'VENETO', number: '+390410000002', label: 'Veneto h24 (second)', active: false },
      { region: 'LAZIO', number: '+390600000003', label: 'Lazio h24', active: true },
    ] });
    const settings = app.running.settings;
    expect(await settings.onCallNumbersFor('VENETO')).to.deep.equal(['+390410000001', '+390600000009']);
    expect(await settings.onCallNumbersFor(null)).to.deep.equal(['+390600000009']);
    expect(await settings.onCallNumbersFor('SICILIA')).to.deep.equal(['+390600000009']);
    await (await admin()).put('/api/oncall-numbers', { items: [] });
    expect(await settings.onCallNumbersFor('VENETO')).to.deep.equal([app.running.config.onCallNumber]);
  });

  it('when no on-call number answers, the caller is asked to consent to a call-back, and leaves a message', async function () {
    this.timeout(30_000);
    await (await admin()).put('/api/oncall-numbers', { items: [{ region: null, number: '+390600000004', label: 'On-call', active: true }] });
    app.running.simulator!.setEndpointBehaviour('+390600000004', 'no-answer');
    const call = await queued(['2', '2'], '+393471234567');
    clock.advance(181_000);
    await eventually(() => said(call).includes(CATALOGUES.en.callbackConsent), 15_000, 'the consent question');
    call.press('1');
    await call.waitFor((e) => e.kind === 'record', 5000);
    call.press('#');
    await eventually(() => said(call).includes(CATALOGUES.en.callbackSaved), 5000, 'the thanks');
    await call.ended();
    const c = await eventually(async () => { const r = await contactOf(call); return r.status === 'message' ? r : null; }, 5000, 'status message');
    expect(c.messageUrl).to.match(/^https:\/\/api\.twilio\.com\//);
    expect(c.messageAt).to.be.instanceOf(Date);
    // The number is kept only encrypted, and only because the caller pressed 1.
    const [raw] = await app.running.db.query('SELECT callbackCipher FROM contacts WHERE id = ?', [c.id]);
    expect(raw.callbackCipher).to.be.a('string').and.not.contain('3471234567');
    expect(new DataProtection(app.running.config.dataKey).decrypt(raw.callbackCipher)).to.equal('+393471234567');
    expect(c.callbackExpiresAt!.getTime() - clock.now().getTime()).to.be.closeTo(168 * 3600_000, 120_000);

    // It appears in the call-back list of an operator who speaks English, not of one who does not.
    const list = await (await app.as('operator2')).get('/api/callbacks');
    expect(list.body.items.map((t: { contactId: string }) => t.contactId)).to.deep.equal([c.id]);
    expect(JSON.stringify(list.body)).to.not.contain('3471234567');
    expect((await (await app.as('operator3')).get('/api/callbacks')).body.items).to.deep.equal([]);
    // Operators who speak the language may open it (it is theirs to call back); others may not.
    const view = await (await app.as('operator2')).get(`/api/contacts/${c.id}`);
    expect(view.status).to.equal(200);
    expect(view.body.message).to.include({ callbackUntil: c.callbackExpiresAt!.toISOString() });
    expect((await (await app.as('operator3')).get(`/api/contacts/${c.id}`)).status).to.equal(403);

    // After the retention, the number is deleted; the message stays.
    clock.advance(169 * 3600_000);
    expect(await app.running.calls.expireCallbackNumbers()).to.equal(1);
    const after = await contactOf(call);
    expect(after.callbackCipher).to.equal(null);
    expect(after.messageUrl).to.equal(c.messageUrl);
    expect((await (await app.as('operator2')).get('/api/callbacks')).body.items).to.deep.equal([]);
  });

  it('pressing 1 while holding leads to a message; declining the call-back keeps no number', async function () {
    this.timeout(20_000);
    const call = await queued(['1', '3']);
    await eventually(() => said(call).includes(CATALOGUES.it.holdOptions), 5000, 'hold options');
    call.press('1');
    await eventually(() => said(call).includes(CATALOGUES.it.callbackConsent), 5000, 'consent');
    call.press('2');
    await call.waitFor((e) => e.kind === 'record', 5000);
    call.press('#');
    await eventually(() => said(call).includes(CATALOGUES.it.messageSaved), 5000, 'thanks');
    await call.ended();
    const c = await eventually(async () => { const r = await contactOf(call); return r.status === 'message' ? r : null; });
    expect(c.callbackCipher).to.equal(null);
  });

  it('a caller with a withheld number is told a call-back is impossible and can still leave a message', async function () {
    this.timeout(20_000);
    const call = await queued(['2', '1'], 'anonymous');
    await eventually(() => said(call).includes(CATALOGUES.en.holdOptions), 5000, 'hold options');
    call.press('1');
    await eventually(() => said(call).includes(CATALOGUES.en.callbackNoNumber), 5000, 'no-number notice');
    await call.waitFor((e) => e.kind === 'record', 5000);
    call.press('#');
    await call.ended();
    const c = await eventually(async () => { const r = await contactOf(call); return r.status === 'message' ? r : null; });
    expect(c.callbackCipher).to.equal(null);
  });
});

describe('IVR settings and the on-call table (admin)', () => {
  const app = useTestApp();

  it('an admin changes the wait limits; bad values are a 400 naming the field and change nothing', async () => {
    const a = await app.as('admin');
    expect((await a.get('/api/settings/ivr')).body).to.deep.equal({ waitLimitSeconds: 180, dangerWaitLimitSeconds: 60, onCallDialSeconds: 20, callbackRetentionHours: 168, listenForDanger: true });
    const bad = await a.put('/api/settings/ivr', { waitLimitSeconds: 5, dangerWaitLimitSeconds: 60, onCallDialSeconds: 20, callbackRetentionHours: 168, listenForDanger: true });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.fields).to.have.keys('waitLimitSeconds');
    const good = { waitLimitSeconds: 90, dangerWaitLimitSeconds: 30, onCallDialSeconds: 15, callbackRetentionHours: 72, listenForDanger: false };
    expect((await a.put('/api/settings/ivr', good)).status).to.equal(200);
    expect((await a.get('/api/settings/ivr')).body).to.deep.equal(good);
  });

  it('supervisors may read but not change them; operators may do neither', async () => {
    const s = await app.as('supervisor');
    expect((await s.get('/api/oncall-numbers')).status).to.equal(200);
    expect((await s.put('/api/oncall-numbers', { items: [] })).status).to.equal(403);
    expect((await (await app.as('operator1')).get('/api/settings/ivr')).status).to.equal(403);
  });

  it('an on-call number must be an international number', async () => {
    const r = await (await app.as('admin')).put('/api/oncall-numbers', { items: [{ region: null, number: '06 1234', label: 'x', active: true }] });
    expect(r.status).to.equal(400);
    expect(r.body.error.fields).to.have.keys('items.0.number');
  });
});
