import { expect } from 'chai';
import twilio from 'twilio';
import { createTwilioClient } from '../../../ivr/twilio/rest-client.js';
import { ACCOUNT_SID, AUTH_TOKEN, is, REST_PREFIX, twiml, useHarness } from './harness.js';

const UNKNOWN_CALL = 'CA' + 'f'.repeat(32);

async function rejection(p: Promise<unknown>): Promise<InstanceType<typeof twilio.RestException>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof twilio.RestException) return e;
    throw e;
  }
  throw new Error('expected the request to fail');
}

describe('simulator: REST API through the twilio client', () => {
  const harness = useHarness();

  it('answers 401 with code 20003 without credentials', async () => {
    const h = harness();
    const res = await fetch(h.url(`${REST_PREFIX}/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`));
    expect(res.status).to.equal(401);
    expect(await res.json()).to.include({ code: 20003, status: 401 });
  });

  it('answers 401 to a client with the wrong token', async () => {
    const h = harness();
    const wrong = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: 'wrong', apiBaseUrl: h.url(REST_PREFIX) });
    const err = await rejection(wrong.calls.list());
    expect(err.status).to.equal(401);
    expect(err.code).to.equal(20003);
  });

  it('answers 404 with code 20404 for an unknown call', async () => {
    const h = harness();
    const err = await rejection(h.client.calls(UNKNOWN_CALL).fetch());
    expect(err.status).to.equal(404);
    expect(err.code).to.equal(20404);
    expect(err.moreInfo).to.match(/20404/);
  });

  it('calls.create to a client: rings, answers, fetches Url as outbound-api in progress', async () => {
    const h = harness();
    h.on('/ivr/operator', twiml((r) => r.say('You have a call')));
    const created = await h.client.calls.create({ to: 'client:operator1', from: '+39800290290', url: h.url('/ivr/operator') });
    expect(created.sid).to.match(/^CA[0-9a-f]{32}$/);
    expect(created.status).to.equal('queued');
    expect(created.direction).to.equal('outbound-api');
    expect(created.to).to.equal('client:operator1');
    const hit = await h.waitForHit((x) => x.path === '/ivr/operator');
    expect(hit.params).to.include({ CallSid: created.sid, Direction: 'outbound-api', CallStatus: 'in-progress', To: 'client:operator1' });
    const call = h.sim.call(created.sid)!;
    await call.ended();
    const statuses = call.events.filter(is('status')).map((e) => e.status);
    expect(statuses).to.deep.equal(['ringing', 'in-progress', 'completed']);
    const fetched = await h.client.calls(created.sid).fetch();
    expect(fetched.status).to.equal('completed');
    expect(fetched.endTime).to.be.instanceOf(Date);
    expect(Number(fetched.duration)).to.be.at.least(0);
  });

  it('calls.create with inline Twiml runs it', async () => {
    const h = harness();
    const created = await h.client.calls.create({ to: '+390612345678', from: '+39800290290', twiml: twiml((r) => r.say('inline hello')) });
    const call = h.sim.call(created.sid)!;
    expect((await call.waitFor(is('say'))).text).to.equal('inline hello');
  });

  it('refuses a call without Url or Twiml, and invalid Twiml', async () => {
    const h = harness();
    const missing = await rejection(h.client.calls.create({ to: 'client:x', from: '+39800290290' }));
    expect([missing.status, missing.code]).to.deep.equal([400, 21205]);
    const broken = await rejection(h.client.calls.create({ to: 'client:x', from: '+39800290290', twiml: '<Response><Say>' }));
    expect(broken.status).to.equal(400);
  });

  it('calls.update({status: completed}) hangs up a live call', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.pause({ length: 100 })));
    const call = await h.sim.placeCall();
    await call.waitFor(is('pause'));
    const updated = await h.client.calls(call.sid).update({ status: 'completed' });
    expect(updated.status).to.equal('completed');
    expect(call.events.find(is('hangup'))?.by).to.equal('rest');
  });

  it('calls.update({status: canceled}) cancels a ringing call', async () => {
    const h = harness();
    h.sim.setEndpointBehaviour('client:slow', 'no-answer');
    const created = await h.client.calls.create({ to: 'client:slow', from: '+39800290290', url: h.url('/ivr/never') });
    const call = h.sim.call(created.sid)!;
    await call.waitFor((e) => e.kind === 'status' && e.status === 'ringing');
    await h.client.calls(created.sid).update({ status: 'canceled' });
    await call.ended();
    expect(call.status).to.equal('canceled');
    expect(h.hitsTo('/ivr/never')).to.have.length(0);
  });

  it('calls.update(twiml) makes a live call abandon its TwiML and run the new one', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.pause({ length: 100 })));
    const call = await h.sim.placeCall();
    await call.waitFor(is('pause'));
    await h.client.calls(call.sid).update({ twiml: twiml((r) => r.say('Moved by the server')) });
    expect((await call.waitFor(is('say'))).text).to.equal('Moved by the server');
    await call.ended();
  });

  it('refuses to redirect a call that has ended', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.ended();
    const err = await rejection(h.client.calls(call.sid).update({ url: h.url('/ivr/voice') }));
    expect([err.status, err.code]).to.deep.equal([400, 21220]);
  });

  it('lists calls and queues in the page shape twilio-node reads', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.enqueue({ waitUrl: '' }, 'helpline-ro')));
    const call = await h.sim.placeCall();
    await call.waitFor(is('enqueue'));
    const calls = await h.client.calls.list({ status: 'in-progress' });
    expect(calls.map((c) => c.sid)).to.deep.equal([call.sid]);
    const queues = await h.client.queues.list();
    expect(queues.map((q) => [q.friendlyName, q.currentSize, q.maxSize])).to.deep.equal([['helpline-ro', 1, 1000]]);
    const queue = await h.client.queues(queues[0].sid).fetch();
    expect(queue.sid).to.match(/^QU[0-9a-f]{32}$/);
    call.hangup();
  });

  it('answers 404 for an unknown queue, conference and path', async () => {
    const h = harness();
    expect((await rejection(h.client.queues('QU' + '0'.repeat(32)).fetch())).status).to.equal(404);
    expect((await rejection(h.client.conferences('CF' + '0'.repeat(32)).fetch())).status).to.equal(404);
    const res = await fetch(h.url(`${REST_PREFIX}/2010-04-01/Accounts/${ACCOUNT_SID}/Nothing.json`), {
      headers: { Authorization: 'Basic ' + Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64') },
    });
    expect(res.status).to.equal(404);
    expect((await res.json()).code).to.equal(20404);
  });
});
