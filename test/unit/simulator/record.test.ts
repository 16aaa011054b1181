import { expect } from 'chai';
import { is, twiml, useHarness } from './harness.js';

describe('simulator: <Record> (flow only, no audio)', () => {
  const harness = useHarness();

  it('records until a finish key and posts RecordingUrl, RecordingDuration and Digits to the action', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.say('Leave a message after the tone');
      r.record({ action: '/ivr/recorded', maxLength: 120, recordingStatusCallback: '/ivr/recording-status' });
    }));
    h.on('/ivr/recorded', twiml((r) => r.say('Thank you')));
    h.on('/ivr/recording-status', { status: 204 });
    const call = await h.sim.placeCall();
    await call.waitFor(is('record'));
    call.press('#');
    const hit = await h.waitForHit((x) => x.path === '/ivr/recorded');
    expect(hit.params.Digits).to.equal('#');
    expect(hit.params.RecordingUrl).to.match(/\/Recordings\/RE[0-9a-f]{32}$/);
    expect(Number(hit.params.RecordingDuration)).to.be.at.least(0);
    const status = await h.waitForHit((x) => x.path === '/ivr/recording-status');
    expect(status.params).to.include({ RecordingStatus: 'completed', RecordingSid: hit.params.RecordingSid });
    await call.waitFor((e) => e.kind === 'say' && e.text === 'Thank you');
  });

  it('ends at maxLength with empty Digits', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.record({ action: '/ivr/recorded', maxLength: 3 })));
    h.on('/ivr/recorded', twiml((r) => r.hangup()));
    await h.sim.placeCall();
    const hit = await h.waitForHit((x) => x.path === '/ivr/recorded');
    expect(hit.params.Digits).to.equal('');
    expect(Number(hit.params.RecordingDuration)).to.be.within(3, 10);
  });

  it('a hangup while recording still posts the recording, with Digits=hangup', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.record({ action: '/ivr/recorded' })));
    h.on('/ivr/recorded', twiml((r) => r.say('never heard')));
    const call = await h.sim.placeCall();
    await call.waitFor(is('record'));
    call.hangup();
    const hit = await h.waitForHit((x) => x.path === '/ivr/recorded');
    expect(hit.params).to.include({ Digits: 'hangup', CallStatus: 'completed' });
  });
});
