import { expect } from 'chai';
import type { SimCall, SimEvent } from '../../ivr/simulator/simulator.js';
import { CATALOGUES } from '../../ivr/prompts/catalogue.js';
import { Contact } from '../../server/calls/contact.entity.js';
import { useTestApp } from '../support/app.js';
import { eventually } from '../support/http.js';

const said = (call: SimCall) => call.events.filter((e): e is Extract<SimEvent, { kind: 'say' }> => e.kind === 'say').map((e) => e.text);
const gathers = (call: SimCall) => call.events.filter((e) => e.kind === 'gather').length;
const atMenu = (call: SimCall, n: number) => eventually(() => gathers(call) >= n, 5000, `menu ${n}`);
const contactOf = (app: ReturnType<typeof useTestApp>, call: SimCall) =>
  eventually(() => app.running.db.getRepository(Contact).findOneBy({ callSid: call.sid }), 5000, 'the contact');

describe('the IVR hears "danger" said aloud, and speaks the prompts admins edit', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' });

  it('saying "sono in pericolo" at the language menu puts the caller first in line, in Italian, at once', async function () {
    this.timeout(15_000);
    const call = await app.running.simulator!.placeCall();
    await atMenu(call, 1);
    expect(said(call)).to.include(CATALOGUES.it.sayDanger);
    call.speak('Sono in pericolo');
    await call.waitFor((e) => e.kind === 'enqueue');
    expect(said(call)).to.include(CATALOGUES.it.dangerNow);
    const contact = await contactOf(app, call);
    expect(contact).to.include({ status: 'queued', language: 'it', purpose: 'DANGER', danger: true });
    call.hangup();
  });

  it('at the Romanian purpose menu "ajutor" is heard; other words repeat the menu', async function () {
    this.timeout(15_000);
    const call = await app.running.simulator!.placeCall();
    await atMenu(call, 1);
    call.press('4');
    await atMenu(call, 2);
    call.speak('bună ziua');
    await atMenu(call, 3);
    expect(said(call).slice(-3)).to.deep.equal([CATALOGUES.ro.invalid, CATALOGUES.ro.purposeMenu, CATALOGUES.ro.sayDanger]);
    call.speak('Ajutor!');
    await call.waitFor((e) => e.kind === 'enqueue');
    expect(await contactOf(app, call)).to.include({ language: 'ro', danger: true });
    call.hangup();
  });

  it('with listening turned off, menus ignore words and do not mention them', async function () {
    this.timeout(15_000);
    const admin = await app.as('admin');
    const settings = (await admin.get('/api/settings/ivr')).body;
    expect(settings.listenForDanger).to.equal(true);
    expect((await admin.put('/api/settings/ivr', { ...settings, listenForDanger: false })).status).to.equal(200);
    const call = await app.running.simulator!.placeCall();
    await atMenu(call, 1);
    expect(said(call)).to.not.include(CATALOGUES.it.sayDanger);
    call.speak('pericolo');
    // Not heard: the menu times out as if silent, and is said again.
    await atMenu(call, 2);
    expect((await contactOf(app, call)).danger).to.equal(false);
    call.hangup();
  });

  it('an admin edits the Italian welcome: the next call hears it; a reset brings back the default', async function () {
    this.timeout(20_000);
    const admin = await app.as('admin');
    const edited = await admin.put('/api/settings/prompts/it/welcome', { text: '  Benvenuta ad Approdo, linea gratuita e anonima.  ' });
    expect(edited.status).to.equal(200);
    expect(edited.body).to.include({ language: 'it', key: 'welcome', text: 'Benvenuta ad Approdo, linea gratuita e anonima.', defaultText: CATALOGUES.it.welcome });

    const first = await app.running.simulator!.placeCall();
    await atMenu(first, 1);
    expect(said(first)[0]).to.equal('Benvenuta ad Approdo, linea gratuita e anonima.');
    expect(said(first)).to.include(CATALOGUES.en.welcome);
    first.hangup();

    const list = (await admin.get('/api/settings/prompts')).body.items as Array<{ language: string; key: string; text: string | null }>;
    expect(list.filter((p) => p.text !== null).map((p) => `${p.language}/${p.key}`)).to.deep.equal(['it/welcome']);
    expect(list.length).to.equal(Object.keys(CATALOGUES).length * Object.keys(CATALOGUES.en).length);

    const reset = await admin.delete('/api/settings/prompts/it/welcome');
    expect(reset.status).to.equal(200);
    expect(reset.body.text).to.equal(null);
    const second = await app.running.simulator!.placeCall();
    await atMenu(second, 1);
    expect(said(second)[0]).to.equal(CATALOGUES.it.welcome);
    second.hangup();
  });

  it('a text that drops a placeholder, an unknown prompt, or a non-admin changes nothing', async () => {
    const admin = await app.as('admin');
    const lost = await admin.put('/api/settings/prompts/en/position', { text: 'You are in line.' });
    expect(lost.status).to.equal(400);
    expect(lost.body.error.message).to.contain('{position}');
    expect((await admin.put('/api/settings/prompts/en/position', { text: 'Your place in line: {position}. {minutes}' })).status).to.equal(400);
    expect((await admin.put('/api/settings/prompts/xx/welcome', { text: 'Hi' })).status).to.equal(404);
    expect((await admin.put('/api/settings/prompts/en/noSuchKey', { text: 'Hi' })).status).to.equal(404);
    expect((await admin.put('/api/settings/prompts/en/welcome', { text: '   ' })).status).to.equal(400);
    expect((await admin.put('/api/settings/prompts/en/constructor', { text: 'Hi' })).status).to.equal(404);
    const supervisor = await app.as('supervisor');
    expect((await supervisor.get('/api/settings/prompts')).status).to.equal(200);
    expect((await supervisor.put('/api/settings/prompts/en/welcome', { text: 'Hi' })).status).to.equal(403);
    expect((await (await app.as('operator1')).get('/api/settings/prompts')).status).to.equal(403);
    const items = (await admin.get('/api/settings/prompts')).body.items as Array<{ text: string | null }>;
    expect(items.every((p) => p.text === null)).to.equal(true);
    // A kept placeholder is fine.
    const ok = await admin.put('/api/settings/prompts/en/position', { text: 'Your place in line: {position}.' });
    expect(ok.status).to.equal(200);
    expect(ok.body.placeholders).to.deep.equal(['position']);
  });
});
