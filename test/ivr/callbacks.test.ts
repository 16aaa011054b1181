import { expect } from 'chai';
import type { SimCall } from '../../ivr/simulator/simulator.js';
import { Contact } from '../../server/calls/contact.entity.js';
import type { CallConnected, CallEnded } from '../../server/contracts/realtime.js';
import { DataProtection } from '../../server/privacy/crypto.js';
import { User } from '../../server/users/user.entity.js';
import { useTestApp } from '../support/app.js';
import { eventually, next } from '../support/http.js';
import { contactRow } from '../support/seed.js';

const NUMBER = '+393471234567';

describe('calling back someone who left a message', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' });
  const contacts = () => app.running.db.getRepository(Contact);

  /** A message left in English with consent to be called back on NUMBER. */
  const message = () => contactRow(app.running.db, {
    status: 'message', language: 'en', answeredAt: null, answeredById: null, cannotTalkFreely: true,
    messageAt: new Date(), messageSeconds: 12, messageUrl: 'https://api.twilio.com/recording',
    callbackCipher: new DataProtection(app.running.config.dataKey).encrypt(NUMBER), callbackExpiresAt: new Date(Date.now() + 3600_000),
  });
  const personLeg = () => eventually(() => app.running.simulator!.calls().find((c) => c.to === NUMBER && c.status !== 'completed') ?? null, 5000, 'the person\'s phone to ring');

  it('the operator\'s phone rings, then the person\'s, from the helpline\'s number; once they answer the number is deleted', async function () {
    this.timeout(30_000);
    app.running.simulator!.setEndpointBehaviour(NUMBER, 'answer');
    const msg = await message();
    const operator = await app.as('operator1');
    const socket = await operator.socket();
    const connected = next<CallConnected>(socket, 'call:connected', 10_000);

    const r = await operator.post(`/api/callbacks/${msg.id}/call`);
    expect(r.status).to.equal(201);
    const callbackId = r.body.contactId as string;
    const leg: SimCall = await personLeg();
    expect(leg.from).to.equal(app.running.config.telephony.number);
    expect((await connected).contactId).to.equal(callbackId);
    const cb = await contacts().findOneByOrFail({ id: callbackId });
    expect(cb).to.include({ status: 'connected', callbackOfId: msg.id, language: 'en', cannotTalkFreely: true, callSid: leg.sid });
    const after = await contacts().findOneByOrFail({ id: msg.id });
    expect(after.callbackCipher).to.equal(null);
    expect(after.callbackById).to.equal(null);
    expect((await operator.get('/api/callbacks')).body.items).to.deep.equal([]);
    const events = (await operator.get(`/api/contacts/${callbackId}`)).status;
    expect(events).to.equal(200);
    expect((await (await app.as('supervisor')).get(`/api/contacts/${msg.id}`)).body.events.map((e: { kind: string }) => e.kind)).to.deep.equal(['called_back']);

    const ended = next<CallEnded>(socket, 'call:ended', 10_000);
    leg.hangup();
    expect((await ended).contactId).to.equal(callbackId);
    await eventually(async () => (await contacts().findOneByOrFail({ id: callbackId })).status === 'completed', 5000, 'completed');
    await eventually(async () => (await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' })).state === 'wrap_up', 5000, 'wrap-up');
    socket.close();
  });

  it('nobody answers: the request goes back to the list with its number, and the operator is free', async function () {
    this.timeout(30_000);
    app.running.simulator!.setEndpointBehaviour(NUMBER, 'no-answer');
    const msg = await message();
    const operator = await app.as('operator2');
    const socket = await operator.socket();
    const ended = next<CallEnded>(socket, 'call:ended', 15_000);
    const r = await operator.post(`/api/callbacks/${msg.id}/call`);
    expect(r.status).to.equal(201);
    expect((await ended).contactId).to.equal(r.body.contactId);
    expect((await contacts().findOneByOrFail({ id: r.body.contactId })).status).to.equal('no_answer');
    const kept = await contacts().findOneByOrFail({ id: msg.id });
    expect(kept.callbackCipher).to.be.a('string');
    expect(kept.callbackById).to.equal(null);
    expect((await operator.get('/api/callbacks')).body.items[0]).to.include({ contactId: msg.id, inProgressBy: null });
    expect((await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator2' })).state).to.not.equal('on_call');
    socket.close();
  });

  it('only those who may: operators of the language and supervisors; never twice at once; never without a number', async () => {
    const msg = await message();
    expect((await (await app.as('operator3')).post(`/api/callbacks/${msg.id}/call`)).status).to.equal(403);
    expect((await (await app.as('admin')).post(`/api/callbacks/${msg.id}/call`)).status).to.equal(403);
    expect((await (await app.as('coordinator1')).post(`/api/callbacks/${msg.id}/call`)).status).to.equal(403);
    const gone = await contactRow(app.running.db, { status: 'message', language: 'en', callbackCipher: null, callbackExpiresAt: null });
    expect((await (await app.as('supervisor')).post(`/api/callbacks/${gone.id}/call`)).status).to.equal(403);
    // While a colleague is calling back, nobody else can start the same call-back; the list says who.
    const op1 = await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' });
    await contacts().update({ id: msg.id }, { callbackById: op1.id, callbackAt: new Date() });
    expect((await (await app.as('operator2')).post(`/api/callbacks/${msg.id}/call`)).status).to.equal(409);
    expect((await (await app.as('operator2')).get('/api/callbacks')).body.items[0]).to.include({ contactId: msg.id, inProgressBy: 'Operator One' });
    // A claim left by a call-back that never finished lapses after ten minutes.
    await contacts().update({ id: msg.id }, { callbackAt: new Date(Date.now() - 11 * 60_000) });
    app.running.simulator!.setEndpointBehaviour('client:operator2', 'no-answer');
    expect((await (await app.as('operator2')).post(`/api/callbacks/${msg.id}/call`)).status).to.equal(201);
    await eventually(async () => (await contacts().findOneByOrFail({ id: msg.id })).callbackById === null, 10_000, 'the request back in the list');
    // An operator on a call cannot start one.
    const before = await contacts().countBy({ callbackOfId: msg.id });
    await app.running.db.getRepository(User).update({ username: 'operator1' }, { state: 'on_call' });
    expect((await (await app.as('operator1')).post(`/api/callbacks/${msg.id}/call`)).status).to.equal(409);
    expect((await contacts().findOneByOrFail({ id: msg.id })).callbackById).to.equal(null);
    expect(await contacts().countBy({ callbackOfId: msg.id })).to.equal(before);
  });
});
