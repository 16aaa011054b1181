import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import twilio from 'twilio';
import { WebhookClient, WebhookError } from '../../../ivr/simulator/webhook.client.js';
import { Interrupt } from '../../../ivr/simulator/interrupt.js';

describe('simulator: the webhook HTTP client', () => {
  let server: Server;
  let base = '';
  const token = 'tok';

  before(async () => {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.post('/slow', () => {}); // never answers
    app.post('/big', (_req, res) => void res.type('text/xml').send(`<Response><Say>${'a'.repeat(70_000)}</Say></Response>`));
    app.all('/loop', (_req, res) => void res.redirect(302, '/loop'));
    app.post('/echo', (req, res) => {
      const ok = twilio.validateRequest(token, req.get('x-twilio-signature') ?? '', base + req.originalUrl, req.body);
      res.json({ ok, body: req.body, ua: req.get('user-agent') });
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const fail = async (p: Promise<unknown>): Promise<unknown> => p.then(() => expect.fail('should fail'), (e: unknown) => e);
  const never = new AbortController().signal;

  it('posts signed form parameters as TwilioProxy', async () => {
    const res = await new WebhookClient(token).send({ url: `${base}/echo?x=1`, method: 'POST', params: { B: '2', A: 'é +' }, signal: never, purpose: 'voice' });
    expect(JSON.parse(res.body)).to.deep.equal({ ok: true, body: { B: '2', A: 'é +' }, ua: 'TwilioProxy/1.1' });
  });

  it('gives up after its time limit with 11205', async () => {
    const err = await fail(new WebhookClient(token, 100).send({ url: `${base}/slow`, method: 'POST', params: {}, signal: never, purpose: 'voice' }));
    expect(err).to.be.instanceOf(WebhookError).and.to.include({ code: 11205 });
  });

  it('refuses a body over 64 kB with 11750', async () => {
    const err = await fail(new WebhookClient(token).send({ url: `${base}/big`, method: 'POST', params: {}, signal: never, purpose: 'voice' }));
    expect(err).to.be.instanceOf(WebhookError).and.to.include({ code: 11750 });
  });

  it('stops after 10 redirects with 11215', async () => {
    const err = await fail(new WebhookClient(token).send({ url: `${base}/loop`, method: 'POST', params: {}, signal: never, purpose: 'voice' }));
    expect(err).to.be.instanceOf(WebhookError).and.to.include({ code: 11215 });
  });

  it('a refused connection is 11205', async () => {
    const err = await fail(new WebhookClient(token).send({ url: 'http://127.0.0.1:9/x', method: 'POST', params: {}, signal: never, purpose: 'voice' }));
    expect(err).to.be.instanceOf(WebhookError).and.to.include({ code: 11205 });
  });

  it('an abort interrupts a fetch in flight', async () => {
    const ctl = new AbortController();
    const pending = new WebhookClient(token).send({ url: `${base}/slow`, method: 'POST', params: {}, signal: ctl.signal, purpose: 'voice' });
    setTimeout(() => ctl.abort(new Interrupt('hangup')), 20);
    const err = await fail(pending);
    expect(err).to.be.instanceOf(Interrupt).and.to.include({ reason: 'hangup' });
  });
});
