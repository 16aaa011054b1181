import { expect } from 'chai';
import { sleep, twiml, useHarness } from './harness.js';

describe('simulator: status callbacks', () => {
  const harness = useHarness();

  it('<Hangup> ends the call with a signed completed callback to the number status URL', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.say('one two three four five six seven eight nine ten');
      r.hangup();
    }));
    h.on('/ivr/status', { status: 204 });
    const call = await h.sim.placeCall();
    await call.ended();
    const cb = await h.waitForHit((x) => x.path === '/ivr/status');
    expect(cb.params).to.include({
      CallSid: call.sid,
      CallStatus: 'completed',
      CallbackSource: 'call-progress-events',
      SequenceNumber: '0',
      Direction: 'inbound',
    });
    // Ten words are 4 simulated seconds of speech.
    expect(Number(cb.params.CallDuration)).to.be.within(4, 8);
    expect(cb.params.Duration).to.equal('1');
    expect(cb.params.Timestamp).to.match(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(call.events.at(-1)).to.include({ kind: 'status', status: 'completed' });
    expect(call.events.find((e) => e.kind === 'hangup')).to.include({ by: 'twiml' });
  });

  it('running out of verbs also ends with one completed callback', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.say('Hello');
      r.pause({ length: 2 });
    }));
    h.on('/ivr/status', { status: 204 });
    const call = await h.sim.placeCall();
    await call.ended();
    await h.waitForHit((x) => x.path === '/ivr/status');
    await sleep(30);
    const callbacks = h.hitsTo('/ivr/status');
    expect(callbacks).to.have.length(1);
    expect(callbacks[0].params).to.include({ CallStatus: 'completed', SequenceNumber: '0' });
    expect(Number(callbacks[0].params.CallDuration)).to.be.at.least(2);
    expect(call.events.find((e) => e.kind === 'hangup')).to.include({ by: 'no-more-verbs' });
  });

  it('a REST call reports the events it asked for, numbered from 0', async () => {
    const h = harness();
    h.on('/ivr/outbound', twiml((r) => r.say('Hello operator')));
    h.on('/ivr/call-status', { status: 204 });
    const created = await h.client.calls.create({
      to: 'client:operator1',
      from: '+39800290290',
      url: h.url('/ivr/outbound'),
      statusCallback: h.url('/ivr/call-status'),
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
    await h.sim.call(created.sid)!.ended();
    await h.waitForHit((x) => x.path === '/ivr/call-status' && x.params.CallStatus === 'completed');
    const seen = h.hitsTo('/ivr/call-status').map((x) => [x.params.SequenceNumber, x.params.CallStatus]);
    expect(seen).to.deep.equal([
      ['0', 'initiated'],
      ['1', 'ringing'],
      ['2', 'in-progress'],
      ['3', 'completed'],
    ]);
    expect(h.hitsTo('/ivr/call-status')[3].params.Direction).to.equal('outbound-api');
  });

  it('a REST call with a status callback but no events only reports completed', async () => {
    const h = harness();
    h.sim.setEndpointBehaviour('client:away', 'no-answer');
    h.on('/ivr/call-status', { status: 204 });
    const created = await h.client.calls.create({
      to: 'client:away',
      from: '+39800290290',
      twiml: twiml((r) => r.say('never heard')),
      statusCallback: h.url('/ivr/call-status'),
      timeout: 5,
    });
    await h.sim.call(created.sid)!.ended();
    const cb = await h.waitForHit((x) => x.path === '/ivr/call-status');
    expect(cb.params).to.include({ CallStatus: 'no-answer', CallDuration: '0', SequenceNumber: '0' });
    await sleep(20);
    expect(h.hitsTo('/ivr/call-status')).to.have.length(1);
  });
});
