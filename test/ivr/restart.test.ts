import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import { Simulator } from '../../ivr/simulator/simulator.js';
import { Contact } from '../../server/calls/contact.entity.js';
import type { Offer } from '../../server/contracts/realtime.js';
import { useTestApp } from '../support/app.js';
import { eventually, next } from '../support/http.js';
import { freePort } from '../support/ports.js';

// Here the simulator stands outside the server, as Twilio does, and the server runs in real-Twilio
// mode against it (TWILIO_API_BASE_URL): the production Telephony port, through the twilio client.
describe('a restart of the server loses nothing', () => {
  const accountSid = 'AC' + randomBytes(16).toString('hex');
  const authToken = randomBytes(20).toString('hex');
  let sim: Simulator;
  let simServer: Server;

  const app = useTestApp(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // Slow enough that a hold round (20 s of Pause, scaled) outlasts the restart.
    sim = new Simulator({ accountSid, authToken, number: '+39800290290', voiceUrl: `${base}/ivr/voice`, statusCallback: `${base}/ivr/status`, fallbackUrl: `${base}/ivr/fallback`, timeScale: 0.1 });
    const simApp = express().use('/twilio', sim.restRouter());
    simServer = await new Promise<Server>((resolve) => { const s = simApp.listen(0, '127.0.0.1', () => resolve(s)); });
    const simPort = (simServer.address() as { port: number }).port;
    return {
      PORT: String(port), PUBLIC_URL: base, TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken,
      TWILIO_NUMBER: '+39800290290', TWILIO_API_BASE_URL: `http://127.0.0.1:${simPort}/twilio`,
    };
  });

  after(async () => {
    await sim?.close();
    await new Promise((r) => simServer?.close(r));
  });

  it('a caller holding in the queue is still there, and is answered after the restart', async function () {
    this.timeout(60_000);
    const operator = await app.as('operator1');
    const call = await sim.placeCall({ from: '+393471112233' });
    await call.waitFor((e) => e.kind === 'gather', 10_000);
    call.press('1');
    await eventually(() => call.events.filter((e) => e.kind === 'gather').length >= 2, 10_000);
    call.press('3');
    await call.waitFor((e) => e.kind === 'enqueue', 10_000);
    const before = await app.running.db.getRepository(Contact).findOneByOrFail({ callSid: call.sid });
    expect(before.status).to.equal('queued');

    await app.restart();

    // The old session still works after the restart; the operator goes Available and is offered the same caller.
    const socket = await operator.socket();
    const offered = next<Offer>(socket, 'offer', 10_000);
    expect(await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' })).to.deep.equal({ ok: true });
    const offer = await offered;
    expect(offer.contactId).to.equal(before.id);
    expect(await socket.timeout(3000).emitWithAck('offer:accept', { contactId: offer.contactId })).to.deep.equal({ ok: true });
    await call.waitFor((e) => e.kind === 'conference' && e.participants.length >= 2, 15_000);
    // While the server was down a hold-loop request may have failed (the simulator, like Twilio, keeps
    // the caller waiting); what matters is that the caller was never hung up on.
    expect(call.status).to.equal('in-progress');
    expect(call.events.filter((e) => e.kind === 'hangup')).to.deep.equal([]);
    call.hangup();
    await eventually(async () => (await app.running.db.getRepository(Contact).findOneBy({ id: before.id }))?.status === 'completed', 10_000);
    socket.close();
  });
});
