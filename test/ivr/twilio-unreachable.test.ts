import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import twilio from 'twilio';
import { Contact } from '../../server/calls/contact.entity.js';
import type { Offer } from '../../server/contracts/realtime.js';
import { useTestApp } from '../support/app.js';
import { eventually, next } from '../support/http.js';
import { freePort } from '../support/ports.js';

// Real-Twilio mode with Twilio's REST API out of reach (nothing listens at the base URL).
describe("with real Twilio settings and Twilio's REST API unreachable", () => {
  const accountSid = 'AC' + randomBytes(16).toString('hex');
  const authToken = randomBytes(20).toString('hex');
  let base = '';
  const app = useTestApp(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    return {
      PORT: String(port), PUBLIC_URL: base, TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken,
      TWILIO_NUMBER: '+39800290290', TWILIO_API_BASE_URL: `http://127.0.0.1:${await freePort()}`,
    };
  });

  async function webhook(path: string, params: Record<string, string>): Promise<string> {
    const url = base + path;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status, path).to.equal(200);
    return res.text();
  }

  it('the server starts, reports healthy, and answers webhooks', async () => {
    expect((await app.agent().get('/health')).body).to.deep.equal({ status: 'ok', db: 'ok', telephony: 'twilio' });
    const callSid = 'CA' + randomBytes(16).toString('hex');
    expect(await webhook('/ivr/voice', { CallSid: callSid, AccountSid: accountSid, From: '+393330000000', To: '+39800290290' })).to.contain('<Gather');
    expect(await webhook('/ivr/menu', { CallSid: callSid, AccountSid: accountSid, Digits: '1' })).to.contain('<Gather');
    expect(await webhook('/ivr/menu', { CallSid: callSid, AccountSid: accountSid, Digits: '1' })).to.contain('<Enqueue');
  });

  it('accepting when the operator cannot be dialled says so, and the caller stays in the queue for the next offer', async function () {
    this.timeout(20_000);
    const socket = await (await app.as('operator1')).socket();
    const offered = next<Offer>(socket, 'offer');
    await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' });
    const callSid = 'CA' + randomBytes(16).toString('hex');
    await webhook('/ivr/voice', { CallSid: callSid, AccountSid: accountSid, From: '+393330000001', To: '+39800290290' });
    await webhook('/ivr/menu', { CallSid: callSid, AccountSid: accountSid, Digits: '1' });
    await webhook('/ivr/menu', { CallSid: callSid, AccountSid: accountSid, Digits: '1' });
    const offer = await offered;
    const ack = await socket.timeout(10_000).emitWithAck('offer:accept', { contactId: offer.contactId });
    expect(ack.ok).to.equal(false);
    expect(ack.error).to.match(/back in the queue/);
    const c = await eventually(() => app.running.db.getRepository(Contact).findOneBy({ id: offer.contactId }));
    expect(c.status).to.equal('queued');
    expect(await webhook('/ivr/hold', { CallSid: callSid, AccountSid: accountSid })).to.contain('<Pause');
    socket.close();
  });
});
