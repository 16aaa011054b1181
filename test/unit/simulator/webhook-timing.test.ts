import { expect } from 'chai';
import type { WebhookTiming } from '../../../ivr/simulator/index.js';
import { is, sleep, twiml, useHarness } from './harness.js';

describe('simulator: webhook timings for benchmarks', () => {
  const timings: WebhookTiming[] = [];
  const harness = useHarness({}, { onWebhook: (t) => timings.push(t) });
  beforeEach(() => {
    timings.length = 0;
  });

  it('every webhook of a call is timed once, with its purpose and HTTP status', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ numDigits: 1, action: '/ivr/menu' }).say('Press one')));
    h.on('/ivr/menu', { status: 500 });
    h.on('/ivr/fallback', twiml((r) => r.hangup()));
    h.on('/ivr/status', { status: 204 });
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('1');
    await call.ended();
    await h.waitForHit((x) => x.path === '/ivr/status');
    await sleep(20);
    expect(timings.map(({ purpose, status }) => ({ purpose, status }))).to.deep.equal([
      { purpose: 'voice', status: 200 },
      { purpose: 'action', status: 500 },
      { purpose: 'fallback', status: 200 },
      { purpose: 'status', status: 204 },
    ]);
    for (const t of timings) expect(t.ms).to.be.a('number').and.be.within(0, 2000);
  });

  it('a webhook that never answers is timed with status 0', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.redirect('http://127.0.0.1:9/gone')));
    h.on('/ivr/fallback', twiml((r) => r.hangup()));
    h.on('/ivr/status', { status: 204 });
    const call = await h.sim.placeCall();
    await call.ended();
    await h.waitForHit((x) => x.path === '/ivr/status');
    await sleep(20);
    expect(timings.find((t) => t.purpose === 'redirect')).to.include({ status: 0 });
  });
});
