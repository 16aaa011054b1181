import { expect } from 'chai';
import { useTestApp } from '../../support/app.js';
import { DEMO_PASSWORD } from '../../support/env.js';

describe('signing in and out', () => {
  const app = useTestApp();

  it('a demo operator signs in and the session knows them', async () => {
    const a = app.agent();
    const r = await a.signIn('operator1');
    expect(r.status).to.equal(200);
    expect(r.body.user).to.include({ username: 'operator1', role: 'operator', state: 'offline' });
    expect(r.body.user.languages).to.deep.equal(['it', 'en']);
    expect(r.body.user).to.not.have.property('passwordHash');
    const s = await a.get('/api/session');
    expect(s.body.user.username).to.equal('operator1');
    expect(s.body.simulator).to.equal(true);
  });

  it('a wrong password and an unknown user get the same 401', async () => {
    const wrong = await app.agent().signIn('operator1', 'not the password');
    const unknown = await app.agent().signIn('nobody-here', 'not the password');
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    expect(wrong.body).to.deep.equal(unknown.body);
    expect(wrong.body.error.code).to.equal('unauthenticated');
  });

  it('signing in without the CSRF header is refused and signs nobody in', async () => {
    const a = app.agent();
    await a.get('/api/session');
    const r = await a.request('POST', '/api/session', { username: 'operator1', password: DEMO_PASSWORD }, { 'x-csrf-token': '' });
    expect(r.status).to.equal(403);
    expect((await a.get('/api/session')).body.user).to.equal(null);
  });

  it('a write with a wrong CSRF token is refused', async () => {
    const a = await app.as('operator1');
    const r = await a.request('DELETE', '/api/session', undefined, { 'x-csrf-token': 'forged' });
    expect(r.status).to.equal(403);
    expect((await a.get('/api/session')).body.user.username).to.equal('operator1');
  });

  it('a malformed sign-in is a 400 naming the field', async () => {
    const a = app.agent();
    a.csrf = (await a.get('/api/session')).body.csrfToken;
    const r = await a.post('/api/session', { username: '', password: 5 });
    expect(r.status).to.equal(400);
    expect(r.body.error.fields).to.have.keys('username', 'password');
  });

  it('hammering one account gets 429, and the right password does not get through meanwhile', async () => {
    const a = app.agent();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await a.signIn('supervisor', `guess-${i}`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).to.equal(true);
    expect(statuses[10]).to.equal(429);
    expect((await a.signIn('supervisor')).status).to.equal(429);
  });

  it('signing out ends the session', async () => {
    const a = await app.as('operator2');
    expect((await a.delete('/api/session')).status).to.equal(204);
    expect((await a.get('/api/session')).body.user).to.equal(null);
    expect((await a.get('/api/contacts')).status).to.equal(401);
  });

  it('the session survives a restart of the server', async function () {
    this.timeout(30_000);
    const a = await app.as('operator1');
    await app.restart();
    const again = new (a.constructor as typeof import('../../support/http.js').Agent)(app.url);
    again.cookie = a.cookie;
    const s = await again.get('/api/session');
    expect(s.body.user?.username).to.equal('operator1');
    expect((await again.get('/api/contacts')).status).to.equal(200);
  });
});

describe('roles', () => {
  const app = useTestApp();

  it('not signed in: the API answers 401 with the error body', async () => {
    const r = await app.agent().get('/api/contacts');
    expect(r.status).to.equal(401);
    expect(r.body).to.deep.equal({ error: { code: 'unauthenticated', message: 'Sign in first' } });
  });

  for (const username of ['coordinator1', 'admin']) {
    it(`${username} may not list contacts (403)`, async () => {
      const a = await app.as(username);
      const r = await a.get('/api/contacts');
      expect(r.status).to.equal(403);
      expect(r.body.error.code).to.equal('forbidden');
    });
  }

  it('the caller softphone is for signed-in staff only', async () => {
    expect((await app.agent().get('/sim/phone/calls')).status).to.equal(401);
    expect((await (await app.as('coordinator2')).get('/sim/phone/calls')).status).to.equal(403);
    expect((await (await app.as('operator1')).get('/sim/phone/calls')).status).to.equal(200);
  });

  it('an unknown API path is a JSON 404', async () => {
    const r = await (await app.as('operator1')).get('/api/nothing-here');
    expect(r.status).to.equal(404);
    expect(r.body.error.code).to.equal('not_found');
  });

  it('health answers without signing in', async () => {
    const r = await app.agent().get('/health');
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.equal({ status: 'ok', db: 'ok', telephony: 'simulator' });
  });

  it('Socket.IO refuses a connection without a session', async () => {
    let refused = false;
    try { await app.agent().socket(); } catch { refused = true; }
    expect(refused).to.equal(true);
  });

  it('a coordinator cannot set themself available (ack refuses)', async () => {
    const socket = await (await app.as('coordinator1')).socket();
    const ack = await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' });
    socket.close();
    expect(ack).to.deep.equal({ ok: false, error: 'forbidden' });
  });
});
