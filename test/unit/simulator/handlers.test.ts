// The simulator's REST and softphone APIs are plain node:http handlers: here they run with no
// Express at all, reading their own bodies, as they do behind a host that has not parsed them.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Simulator } from '../../../ivr/simulator/index.js';
import { parseForm, routeTable } from '../../../ivr/simulator/http.js';
import { createTwilioClient } from '../../../ivr/twilio/rest-client.js';
import { ACCOUNT_SID, AUTH_TOKEN, HELPLINE, sleep } from './harness.js';

const AUTH = { Authorization: 'Basic ' + Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64') };
const FORM = { ...AUTH, 'Content-Type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'Content-Type': 'application/json' };

const readText = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
};

describe('simulator: the APIs as plain node:http handlers', () => {
  let server: Server;
  let sim: Simulator;
  let base = '';
  const webhooks: Array<{ path: string; params: URLSearchParams }> = [];
  /** Set per test: what the host has parsed for the softphone API before it runs. */
  let hostBody: unknown;

  beforeEach(async () => {
    webhooks.length = 0;
    hostBody = undefined;
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      // A prefix-stripping mount, as a Connect-style host does it.
      const under = (prefix: string) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);
      if (under('/sim/twilio')) {
        req.url = url.slice('/sim/twilio'.length) || '/';
        return sim.restRouter()(req, res);
      }
      if (under('/phone')) {
        req.url = url.slice('/phone'.length) || '/';
        if (hostBody !== undefined) (req as IncomingMessage & { body?: unknown }).body = hostBody;
        return sim.phoneRouter()(req, res);
      }
      void readText(req).then((text) => {
        webhooks.push({ path: url, params: new URLSearchParams(text) });
        res.setHeader('Content-Type', 'text/xml');
        res.end('<Response><Pause length="100"/></Response>');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sim = new Simulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      number: HELPLINE,
      voiceUrl: `${base}/ivr/voice`,
      statusCallback: `${base}/ivr/status`,
      timeScale: 0.01,
    });
  });

  afterEach(async () => {
    await sim.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const rest = (path: string) => `${base}/sim/twilio/2010-04-01/Accounts/${ACCOUNT_SID}${path}`;

  it('the twilio client drives calls through the REST handler, list parameters included', async () => {
    const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: `${base}/sim/twilio` });
    const created = await client.calls.create({
      to: 'client:operator1',
      from: HELPLINE,
      url: `${base}/ivr/operator`,
      statusCallback: `${base}/ivr/progress`,
      statusCallbackEvent: ['ringing', 'answered'], // sent as two StatusCallbackEvent fields
    });
    const call = sim.call(created.sid)!;
    await call.waitFor((e) => e.kind === 'pause');
    const progress = () => webhooks.filter((w) => w.path === '/ivr/progress').map((w) => w.params.get('CallStatus'));
    for (let i = 0; i < 100 && progress().length < 2; i++) await sleep(10);
    expect(progress()).to.deep.equal(['ringing', 'in-progress']);
    expect((await client.calls(created.sid).update({ status: 'completed' })).status).to.equal('completed');
  });

  it('refuses a REST body over 64 kB, or with over 1000 fields, as unreadable (400, code 20001)', async () => {
    const pad = (n: number) => `FriendlyName=q${n}&Pad=` + 'x'.repeat(n - `FriendlyName=q${n}&Pad=`.length);
    expect((await fetch(rest('/Queues.json'), { method: 'POST', headers: FORM, body: pad(64 * 1024) })).status).to.equal(201);
    const tooBig = await fetch(rest('/Queues.json'), { method: 'POST', headers: FORM, body: pad(64 * 1024 + 1) });
    expect(tooBig.status).to.equal(400);
    expect(await tooBig.json()).to.include({ code: 20001, status: 400 });
    const tooMany = await fetch(rest('/Queues.json'), { method: 'POST', headers: FORM, body: 'FriendlyName=many' + '&a=1'.repeat(1000) });
    expect(((await tooMany.json()) as { code: number }).code).to.equal(20001);
  });

  it('answers unknown REST paths and methods with 404 (20404), and a missing login with 401', async () => {
    const unknown = await fetch(rest('/Messages.json'), { headers: AUTH });
    expect(unknown.status).to.equal(404);
    expect(((await unknown.json()) as { message: string }).message).to.include('/2010-04-01/Accounts/');
    expect((await fetch(rest('/Calls.json'), { method: 'DELETE', headers: AUTH })).status).to.equal(404);
    const anonymous = await fetch(rest('/Calls.json'));
    expect(anonymous.status).to.equal(401);
    expect(anonymous.headers.get('www-authenticate')).to.equal('Basic realm="Twilio API"');
  });

  it('the softphone handler reads JSON itself, within 4 kB', async () => {
    const placed = await fetch(`${base}/phone/calls`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ from: '+393331234567' }) });
    expect(placed.status).to.equal(201);
    const { sid } = (await placed.json()) as { sid: string };
    expect(sim.call(sid)?.from).to.equal('+393331234567');
    const big = await fetch(`${base}/phone/calls`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ pad: 'x'.repeat(4096) }) });
    expect(big.status).to.equal(400);
    expect(await big.json()).to.deep.equal({ error: { code: 'invalid_input', message: 'The request body is not valid JSON' } });
  });

  it('the softphone handler takes the body its host has parsed already', async () => {
    hostBody = { from: 'not a number' };
    const res = await fetch(`${base}/phone/calls`, { method: 'POST' });
    expect(res.status).to.equal(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).to.equal('from must be an E.164 number');
  });

  it('without a host, an unknown softphone path is a plain 404', async () => {
    expect((await fetch(`${base}/phone/nothing`)).status).to.equal(404);
  });
});

describe('simulator: routes and forms as Express read them', () => {
  const match = routeTable([
    { method: 'GET', path: '/calls', handle: 'list' },
    { method: 'POST', path: '/calls', handle: 'place' },
    { method: 'GET', path: '/calls/:sid.json', handle: 'one' },
  ]);

  it('matches paths case-insensitively, with or without a trailing slash, and decodes params', () => {
    expect(match('GET', '/CALLS/')).to.deep.equal({ handle: 'list', params: {} });
    expect(match('GET', '/calls/CA%20x.json')).to.deep.equal({ handle: 'one', params: { sid: 'CA x' } });
    expect(match('HEAD', '/calls')).to.deep.include({ handle: 'list' });
    expect(match('DELETE', '/calls')).to.equal(null);
    expect(match('GET', '/calls/a/b.json')).to.equal(null);
  });

  it('answers OPTIONS with the methods a path allows, and a bad escape with a 400', () => {
    expect(match('OPTIONS', '/calls')).to.deep.equal({ allow: 'GET, HEAD, POST' });
    expect(() => match('GET', '/calls/%ZZ.json')).to.throw().with.property('status', 400);
  });

  it('reads a repeated form key as a list, "+" as a space, and keeps a bad escape as sent', () => {
    const form = parseForm('StatusCallbackEvent=ringing&StatusCallbackEvent=answered&To=client%3Aop+1&Note=100%&=x&Flag');
    expect({ ...form }).to.deep.equal({ StatusCallbackEvent: ['ringing', 'answered'], To: 'client:op 1', Note: '100%', Flag: '' });
  });
});
