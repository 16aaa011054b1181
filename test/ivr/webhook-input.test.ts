import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import twilio from 'twilio';
import { Contact } from '../../server/calls/contact.entity.js';
import { useTestApp } from '../support/app.js';
import { eventually } from '../support/http.js';

const sid = (p: string) => p + randomBytes(16).toString('hex');

describe('webhooks refuse what Twilio would never send, and change nothing', () => {
  const app = useTestApp();
  const token = () => app.running.config.telephony.authToken;
  const account = () => app.running.config.telephony.accountSid;
  const count = () => app.running.db.getRepository(Contact).count();

  async function post(path: string, params: Record<string, string>, o: { sign?: 'right' | 'wrong' | 'none'; raw?: string } = {}) {
    const url = app.url + path;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if ((o.sign ?? 'right') !== 'none') {
      headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(o.sign === 'wrong' ? 'not-the-token' : token(), url, params);
    }
    const res = await fetch(url, { method: 'POST', headers, body: o.raw ?? new URLSearchParams(params).toString() });
    return { status: res.status, text: await res.text() };
  }
  const voice = (extra: Record<string, string> = {}) => ({
    CallSid: sid('CA'), AccountSid: account(), From: '+393331234567', To: '+39800290290', CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01', ...extra,
  });

  it('a signed incoming call creates one contact and answers the greeting', async () => {
    const r = await post('/ivr/voice', voice());
    expect(r.status).to.equal(200);
    expect(r.text).to.contain('<Gather');
    expect(await count()).to.equal(1);
  });

  it('Twilio retrying the same incoming call still makes one contact', async () => {
    const params = voice();
    await post('/ivr/voice', params);
    await post('/ivr/voice', params);
    expect(await count()).to.equal(1);
  });

  it('an unsigned request is 403 and writes nothing', async () => {
    expect((await post('/ivr/voice', voice(), { sign: 'none' })).status).to.equal(403);
    expect(await count()).to.equal(0);
  });

  it('a request signed with another token is 403 and writes nothing', async () => {
    expect((await post('/ivr/voice', voice(), { sign: 'wrong' })).status).to.equal(403);
    expect(await count()).to.equal(0);
  });

  it('a signature for another URL is 403 (the path is signed)', async () => {
    const params = voice();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(token(), app.url + '/ivr/other', params) };
    const res = await fetch(app.url + '/ivr/voice', { method: 'POST', headers, body: new URLSearchParams(params).toString() });
    expect(res.status).to.equal(403);
    expect(await count()).to.equal(0);
  });

  it('another account is 403 even when correctly signed', async () => {
    expect((await post('/ivr/voice', voice({ AccountSid: sid('AC') }))).status).to.equal(403);
    expect(await count()).to.equal(0);
  });

  it('a signed request without a CallSid is 400 and writes nothing', async () => {
    const { CallSid: _drop, ...rest } = voice();
    expect((await post('/ivr/voice', rest)).status).to.equal(400);
    expect(await count()).to.equal(0);
  });

  it('a malformed CallSid is 400', async () => {
    expect((await post('/ivr/voice', voice({ CallSid: "CA'; DROP TABLE contacts; --" }))).status).to.equal(400);
    expect(await count()).to.equal(0);
  });

  it('a garbage body is refused (unsigned garbage: 403)', async () => {
    const r = await post('/ivr/voice', {}, { sign: 'none', raw: '\u0000\u0001%%%&&&==\uFFFF' });
    expect(r.status).to.equal(403);
    expect(await count()).to.equal(0);
  });

  it('an oversized body is 413, not a 5xx', async () => {
    const r = await post('/ivr/voice', voice({ Padding: 'x'.repeat(200_000) }));
    expect(r.status).to.equal(413);
    expect(await count()).to.equal(0);
  });

  it('a status callback for an unknown CallSid is a no-op 204', async () => {
    const r = await post('/ivr/status', { CallSid: sid('CA'), AccountSid: account(), CallStatus: 'completed', CallDuration: '12' });
    expect(r.status).to.equal(204);
    expect(await count()).to.equal(0);
  });

  it('a duplicate or late status callback leaves one correct record', async () => {
    const params = voice();
    await post('/ivr/voice', params);
    const done = { CallSid: params.CallSid, AccountSid: account(), CallStatus: 'completed', CallDuration: '42', SequenceNumber: '1' };
    expect((await post('/ivr/status', done)).status).to.equal(204);
    expect((await post('/ivr/status', { ...done, CallDuration: '99' })).status).to.equal(204);
    expect((await post('/ivr/status', { ...done, CallStatus: 'ringing', SequenceNumber: '0' })).status).to.equal(204);
    const c = await app.running.db.getRepository(Contact).findOneByOrFail({ callSid: params.CallSid });
    expect(c).to.include({ status: 'abandoned', durationSeconds: 42 });
  });

  it('a status callback with an unknown status is 400', async () => {
    const r = await post('/ivr/status', { CallSid: sid('CA'), AccountSid: account(), CallStatus: 'exploded' });
    expect(r.status).to.equal(400);
  });

  it('a menu answer for an unknown call still puts the caller through to the on-call number', async () => {
    const r = await post('/ivr/menu', { CallSid: sid('CA'), AccountSid: account(), Digits: '1' });
    expect(r.status).to.equal(200);
    expect(r.text).to.contain(`<Dial timeout="30">${app.running.config.onCallNumber}</Dial>`);
    expect(await count()).to.equal(0);
  });

  it('the fallback URL answers from configuration: apology in both languages, then the on-call number', async () => {
    const r = await post('/ivr/fallback', { ...voice(), ErrorCode: '11200', ErrorUrl: app.url + '/ivr/voice' });
    expect(r.status).to.equal(200);
    expect(r.text).to.contain('Ci scusiamo').and.contain('We are sorry').and.contain(app.running.config.onCallNumber);
    expect(await count()).to.equal(0);
  });

  it('when the database is unreachable, a caller still hears the apology and the on-call number', async () => {
    const db = app.running.db;
    await db.destroy();
    try {
      const r = await post('/ivr/voice', voice());
      expect(r.status).to.equal(200);
      expect(r.text).to.contain('We are sorry').and.contain(`<Dial timeout="30">${app.running.config.onCallNumber}</Dial>`);
      const health = await app.agent().get('/health');
      expect(health.status).to.equal(503);
      expect(health.body).to.include({ status: 'degraded', db: 'down' });
    } finally {
      await db.initialize();
    }
  });

  it('a status callback that arrives while the database is down is kept, and written when it returns', async function () {
    this.timeout(20_000);
    const params = voice();
    await post('/ivr/voice', params);
    const db = app.running.db;
    await db.destroy();
    try {
      const r = await post('/ivr/status', { CallSid: params.CallSid, AccountSid: account(), CallStatus: 'completed', CallDuration: '33' });
      expect(r.status).to.equal(204);
    } finally {
      await db.initialize();
    }
    const c = await eventually(async () => {
      const row = await db.getRepository(Contact).findOneByOrFail({ callSid: params.CallSid });
      return row.status === 'abandoned' ? row : null;
    }, 10_000, 'the kept callback to be replayed');
    expect(c.durationSeconds).to.equal(33);
  });
});
