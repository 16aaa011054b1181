import { expect } from 'chai';
import type { CallConnected, Offer, Presence } from '../../server/contracts/realtime.js';
import { User } from '../../server/users/user.entity.js';
import { useTestApp } from '../support/app.js';
import { available, callAndQueue } from '../support/calls.js';
import { next } from '../support/http.js';
import { queuedContacts } from '../support/seed.js';

type App = ReturnType<typeof useTestApp>;

const setSkills = (app: App, username: string, skills: User['skills']) =>
  app.running.db.getRepository(User).update({ username }, { skills });

describe('the routing engine: skills, widening, wrap-up', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' });

  it('supervisors set the widening steps and the wrap-up time; operators may not; bad values change nothing', async () => {
    const supervisor = await app.as('supervisor');
    expect((await supervisor.get('/api/settings/routing')).body).to.deep.equal({ widening: { basicAfterSeconds: 30, anyAfterSeconds: 90 }, wrapUpSeconds: 60 });
    const bad = await supervisor.put('/api/settings/routing', { widening: { basicAfterSeconds: -1, anyAfterSeconds: 90 }, wrapUpSeconds: 60 });
    expect(bad.status).to.equal(400);
    const good = { widening: { basicAfterSeconds: 10, anyAfterSeconds: null }, wrapUpSeconds: 0 };
    expect((await supervisor.put('/api/settings/routing', good)).status).to.equal(200);
    expect((await supervisor.get('/api/settings/routing')).body).to.deep.equal(good);
    const operator = await app.as('operator1');
    expect((await operator.get('/api/settings/routing')).status).to.equal(403);
    expect((await operator.put('/api/settings/routing', good)).status).to.equal(403);
  });

  it('a native speaker is offered the call before a fluent one who has been free longer', async function () {
    this.timeout(20_000);
    await setSkills(app, 'operator1', { languages: { it: 'fluent' }, minors: false, labour: false });
    await setSkills(app, 'supervisor', { languages: { it: 'native' }, minors: false, labour: false });
    const fluent = await available(app, 'operator1');
    await new Promise((r) => setTimeout(r, 50));
    const native = await available(app, 'supervisor');
    const offered = next<Offer>(native, 'offer');
    let fluentOffered = false;
    fluent.on('offer', () => { fluentOffered = true; });
    const call = await callAndQueue(app, ['1', '1']);
    expect((await offered).language).to.equal('it');
    expect(fluentOffered).to.equal(false);
    call.hangup();
    fluent.close();
    native.close();
  });

  it('a basic speaker is offered the caller only once the wait passes the basic step', async function () {
    this.timeout(20_000);
    await (await app.as('supervisor')).put('/api/settings/routing', { widening: { basicAfterSeconds: 2, anyAfterSeconds: null }, wrapUpSeconds: 60 });
    await setSkills(app, 'operator3', { languages: { ro: 'native', it: 'basic' }, minors: false, labour: false });
    const basic = await available(app, 'operator3');
    const offered = next<Offer>(basic, 'offer', 15_000);
    const call = await callAndQueue(app, ['1', '1']);
    const queuedAt = Date.now();
    const offer = await offered;
    const waited = Date.now() - queuedAt;
    expect(waited).to.be.at.least(1500);
    expect(offer.language).to.equal('it');
    call.hangup();
    basic.close();
  });

  it('after the call, wrap-up lasts the time set, then the operator is available and gets the next caller', async function () {
    this.timeout(30_000);
    await (await app.as('supervisor')).put('/api/settings/routing', { widening: { basicAfterSeconds: 30, anyAfterSeconds: 90 }, wrapUpSeconds: 2 });
    const socket = await available(app, 'operator1');
    const offered = next<Offer>(socket, 'offer', 15_000);
    const first = await callAndQueue(app, ['2', '1']);
    const offer = await offered;
    const connected = next<CallConnected>(socket, 'call:connected');
    expect(await socket.timeout(3000).emitWithAck('offer:accept', { contactId: offer.contactId })).to.deep.equal({ ok: true });
    await connected;

    const wrapUp = new Promise<Presence>((resolve) => socket.on('presence', (p) => { if (p.state === 'wrap_up') resolve(p); }));
    first.hangup();
    const w = await wrapUp;
    expect(Date.parse(w.until!) - Date.parse(w.since)).to.equal(2000);

    // A caller arriving during wrap-up waits for it to end.
    let offeredDuringWrapUp = false;
    const nextOffer = next<Offer>(socket, 'offer', 15_000);
    socket.once('offer', () => { offeredDuringWrapUp = Date.now() < Date.parse(w.until!); });
    const second = await callAndQueue(app, ['2', '1']);
    await nextOffer;
    expect(offeredDuringWrapUp).to.equal(false);
    expect((await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' })).state).to.equal('offered');
    second.hangup();
    socket.close();
  });
});

describe('the routing engine with a long queue', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' });

  it('a caller behind 500 callers nobody free can take is still offered at once', async function () {
    this.timeout(20_000);
    await queuedContacts(app.running.db, 500, () => ({ language: 'zh' }));
    const socket = await available(app, 'operator1');
    const offered = next<Offer>(socket, 'offer', 15_000);
    const call = await callAndQueue(app, ['1', '1']);
    expect((await offered).language).to.equal('it');
    call.hangup();
    socket.close();
  });
});

describe('setting what operators can take', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' });

  it('supervisors and admins see the staff with their skills and change them; routing follows at once', async function () {
    this.timeout(20_000);
    const supervisor = await app.as('supervisor');
    const staff = (await supervisor.get('/api/staff')).body.items as Array<{ id: string; username: string; skills: { languages: Record<string, string> } }>;
    expect(staff.map((s) => s.username)).to.include.members(['operator1', 'operator2', 'operator3', 'supervisor']).and.not.include('admin');
    const op3 = staff.find((s) => s.username === 'operator3')!;
    expect(op3.skills.languages).to.deep.equal({ ro: 'native', ru: 'fluent' });

    // A French caller waits: nobody available speaks French…
    const socket = await available(app, 'operator3');
    const call = await callAndQueue(app, ['3', '1']);
    const offered = next<Offer>(socket, 'offer', 5000);
    // …until operator3 is given fluent French.
    const r = await supervisor.put(`/api/staff/${op3.id}/skills`, { languages: { ro: 'native', ru: 'fluent', fr: 'fluent' }, minors: true, labour: false });
    expect(r.status).to.equal(200);
    expect((await offered).language).to.equal('fr');
    const row = await app.running.db.getRepository(User).findOneByOrFail({ id: op3.id });
    expect(row.languages).to.deep.equal(['ro', 'ru', 'fr']);
    call.hangup();
    socket.close();
  });

  it('bad skills are a 400 naming the field; operators cannot change skills', async () => {
    const admin = await app.as('admin');
    const op1 = await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' });
    const bad = await admin.put(`/api/staff/${op1.id}/skills`, { languages: { it: 'excellent' }, minors: false, labour: false });
    expect(bad.status).to.equal(400);
    expect((await admin.put(`/api/staff/${op1.id}/skills`, { languages: { other: 'native' }, minors: false, labour: false })).status).to.equal(400);
    const coordinator = await app.running.db.getRepository(User).findOneByOrFail({ username: 'coordinator1' });
    expect((await admin.put(`/api/staff/${coordinator.id}/skills`, { languages: {}, minors: false, labour: false })).status).to.equal(404);
    expect((await (await app.as('operator1')).put(`/api/staff/${op1.id}/skills`, { languages: {}, minors: true, labour: true })).status).to.equal(403);
    expect((await app.running.db.getRepository(User).findOneByOrFail({ id: op1.id })).skills).to.deep.equal({ languages: { it: 'native', en: 'fluent' }, minors: true, labour: false });
  });
});
