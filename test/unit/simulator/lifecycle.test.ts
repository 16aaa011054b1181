import { expect } from 'chai';
import { Clock } from '../../../ivr/simulator/clock.js';
import { Interrupt } from '../../../ivr/simulator/interrupt.js';
import { Simulator } from '../../../ivr/simulator/index.js';
import { createTwilioClient } from '../../../ivr/twilio/rest-client.js';
import { ACCOUNT_SID, AUTH_TOKEN, Harness, twiml } from './harness.js';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('simulator: lifecycle and clock', () => {
  it('the clock scales simulated durations and reports simulated seconds', async () => {
    const clock = new Clock(0.01);
    const t0 = clock.now();
    await clock.sleep(2000);
    expect(clock.simSeconds(t0)).to.be.within(1.9, 10);
    expect(() => new Clock(0)).to.throw(RangeError);
  });

  it('closing the clock rejects pending and later sleeps', async () => {
    const clock = new Clock(1);
    const pending = clock.sleep(60_000);
    clock.close();
    await pending.then(
      () => expect.fail('should reject'),
      (e: unknown) => expect(e).to.be.instanceOf(Interrupt),
    );
    await clock.sleep(1).then(
      () => expect.fail('should reject'),
      (e: unknown) => expect(e).to.be.instanceOf(Interrupt),
    );
  });

  it('close() ends live calls, rejects waiters, closes streams and leaves no timers', async () => {
    const h = await new Harness().start();
    try {
      h.on('/ivr/voice', twiml((r) => r.enqueue({ waitUrl: '/ivr/hold' }, 'q')));
      h.on('/ivr/hold', twiml((r) => r.pause({ length: 600 })));
      const before = timers();
      const call = await h.sim.placeCall();
      await call.waitFor((e) => e.kind === 'pause');
      const stream = await fetch(h.url(`/phone/calls/${call.sid}/stream`));
      const waiting = call.waitFor((e) => e.kind === 'say', 60_000);
      const started = Date.now();
      await h.sim.close();
      expect(Date.now() - started).to.be.below(500);
      await waiting.then(
        () => expect.fail('should reject'),
        (e: Error) => expect(e.message).to.match(/closed/),
      );
      expect(call.status).to.equal('completed');
      expect(call.events.find((e) => e.kind === 'hangup')).to.include({ by: 'shutdown' });
      const body = await stream.text(); // ends instead of hanging
      expect(body).to.contain('event: call');
      expect(timers()).to.be.at.most(before);
      await h.sim.close(); // twice is fine
    } finally {
      await h.close();
    }
  });

  it('waitFor rejects after its timeout, listing the last events', async () => {
    const h = await new Harness().start();
    try {
      h.on('/ivr/voice', twiml((r) => r.say('Benvenuto')));
      const call = await h.sim.placeCall();
      await call.ended();
      const err = await call.waitFor((e) => e.kind === 'gather', 50).then(
        () => expect.fail('should time out'),
        (e: Error) => e,
      );
      expect(err.message).to.match(/timed out after 50 ms/).and.to.contain('say {"text":"Benvenuto"').and.to.contain('hangup');
    } finally {
      await h.close();
    }
  });

  it('refuses options Twilio would never have', () => {
    const ok = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, number: '+39800290290', voiceUrl: 'http://x/ivr/voice', statusCallback: 'http://x/ivr/status' };
    expect(() => new Simulator({ ...ok, accountSid: 'AC123' })).to.throw(/accountSid/);
    expect(() => new Simulator({ ...ok, voiceUrl: '/ivr/voice' })).to.throw(/voiceUrl/);
    expect(() => new Simulator({ ...ok, number: '800290290' })).to.throw(/number/);
  });

  it('the REST client rewrites any twilio.com host to the base URL and leaves others alone', async () => {
    const seen: string[] = [];
    const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: 'http://127.0.0.1:9/sim/twilio/' });
    const http = client.httpClient as unknown as { axios: { defaults: { adapter: unknown } } };
    http.axios.defaults.adapter = async (config: { url: string }) => {
      seen.push(config.url);
      return { status: 200, data: { calls: [], next_page_uri: null, page: 0, page_size: 50, uri: '' }, headers: {}, config };
    };
    await client.calls.list();
    await client.request({ method: 'get', uri: 'https://media.example.org/elsewhere?a=1' });
    expect(seen).to.deep.equal([
      `http://127.0.0.1:9/sim/twilio/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`,
      'https://media.example.org/elsewhere?a=1',
    ]);
  });
});
