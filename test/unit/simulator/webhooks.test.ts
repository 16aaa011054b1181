import { expect } from 'chai';
import { APPLICATION_ERROR } from '../../../ivr/simulator/index.js';
import { ACCOUNT_SID, HELPLINE, is, twiml, useHarness } from './harness.js';

describe('simulator: webhooks as Twilio sends them', () => {
  const harness = useHarness();

  it('the first fetch says the call is ringing, later ones that it is in progress', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.redirect('/ivr/next')));
    h.on('/ivr/next', twiml((r) => r.say('Welcome')));
    const call = await h.sim.placeCall({ from: '+393331234567' });
    await call.ended();
    const [first, second] = [h.hitsTo('/ivr/voice')[0], h.hitsTo('/ivr/next')[0]];
    expect(first.params.CallStatus).to.equal('ringing');
    expect(second.params.CallStatus).to.equal('in-progress');
    expect(call.status).to.equal('completed');
  });

  it('every fetch carries the standard parameters, geo fields included', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall({ from: '+393331234567' });
    await call.ended();
    const { params } = h.hitsTo('/ivr/voice')[0];
    expect(params).to.include({
      CallSid: call.sid,
      AccountSid: ACCOUNT_SID,
      From: '+393331234567',
      To: HELPLINE,
      Caller: '+393331234567',
      Called: HELPLINE,
      ApiVersion: '2010-04-01',
      Direction: 'inbound',
      FromCountry: 'IT',
      ToCountry: 'IT',
      FromCity: '',
      ToZip: '',
    });
    expect(call.sid).to.match(/^CA[0-9a-f]{32}$/);
  });

  it('signs every request so twilio.validateRequest accepts it (POST and GET)', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.redirect({ method: 'GET' }, '/ivr/get?lang=it')));
    h.on('/ivr/get', twiml((r) => r.say('ciao')));
    const call = await h.sim.placeCall();
    await call.ended();
    const get = h.hitsTo('/ivr/get')[0];
    expect(get.method).to.equal('GET');
    expect(get.params).to.include({ lang: 'it', CallSid: call.sid });
    expect(h.hits).to.have.length.greaterThan(1);
    expect(h.badSignatures).to.deep.equal([]);
  });

  it('a wrong token makes every signature fail (the check can fail)', async () => {
    const h = harness();
    const { Simulator } = await import('../../../ivr/simulator/index.js');
    const rogue = new Simulator({
      accountSid: ACCOUNT_SID,
      authToken: 'not-the-token',
      number: HELPLINE,
      voiceUrl: h.url('/ivr/voice'),
      statusCallback: h.url('/ivr/status'),
      timeScale: 0.01,
    });
    h.on('/ivr/voice', twiml((r) => r.hangup()));
    try {
      const call = await rogue.placeCall();
      await call.ended();
      expect(h.badSignatures.map((x) => x.path)).to.include('/ivr/voice');
    } finally {
      await rogue.close();
      h.badSignatures.length = 0;
    }
  });

  it('resolves a relative Redirect against the current document URL', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.redirect('menu/language')));
    h.on('/ivr/menu/language', twiml((r) => r.say('Scegli la lingua')));
    const call = await h.sim.placeCall();
    const say = await call.waitFor(is('say'));
    expect(say.text).to.equal('Scegli la lingua');
    const request = call.events.filter(is('request')).map((e) => e.url);
    expect(request).to.deep.equal([h.url('/ivr/voice'), h.url('/ivr/menu/language')]);
  });

  it('follows a 3xx to the new location', async () => {
    const h = harness();
    h.on('/ivr/voice', { status: 302, location: '/ivr/moved', body: '' });
    h.on('/ivr/moved', twiml((r) => r.say('moved here')));
    const call = await h.sim.placeCall();
    expect((await call.waitFor(is('say'))).text).to.equal('moved here');
    expect(h.hitsTo('/ivr/moved')[0].method).to.equal('GET');
  });

  it('a webhook answering 500 sends the call to the fallback URL with ErrorCode and ErrorUrl', async () => {
    const h = harness();
    h.on('/ivr/voice', { status: 500, body: 'boom', type: 'text/plain' });
    h.on('/ivr/fallback', twiml((r) => r.say('We are having trouble, please call again.')));
    const call = await h.sim.placeCall();
    const say = await call.waitFor(is('say'));
    expect(say.text).to.equal('We are having trouble, please call again.');
    const fallback = h.hitsTo('/ivr/fallback')[0];
    expect(fallback.params).to.include({ ErrorCode: '11200', ErrorUrl: h.url('/ivr/voice'), CallSid: call.sid });
    expect(call.events.some((e) => e.kind === 'error' && e.code === 11200)).to.equal(true);
  });

  it('unparseable TwiML goes to the fallback with ErrorCode 12100', async () => {
    const h = harness();
    h.on('/ivr/voice', '<Response><Say>unclosed</Response>');
    h.on('/ivr/fallback', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.ended();
    expect(h.hitsTo('/ivr/fallback')[0].params.ErrorCode).to.equal('12100');
  });

  it('when the fallback fails too the caller hears the application error and the call ends', async () => {
    const h = harness();
    h.on('/ivr/voice', { status: 503 });
    h.on('/ivr/fallback', { status: 500 });
    const call = await h.sim.placeCall();
    await call.ended();
    const says = call.events.filter(is('say')).map((e) => e.text);
    expect(says).to.deep.equal([APPLICATION_ERROR]);
    expect(call.events.find(is('hangup'))?.by).to.equal('error');
  });

  it('an audio response is played and then the call hangs up', async () => {
    const h = harness();
    h.on('/ivr/voice', { type: 'audio/mpeg', body: 'ID3' });
    const call = await h.sim.placeCall();
    await call.ended();
    expect(call.events.find(is('play'))?.url).to.equal(h.url('/ivr/voice'));
    expect(call.events.find(is('hangup'))?.by).to.equal('twiml');
  });

  it('runs out of verbs and ends the call', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.say({ language: 'it-IT', voice: 'Polly.Bianca' }, 'Ciao')));
    const call = await h.sim.placeCall();
    await call.ended();
    const say = call.events.find(is('say'));
    expect(say).to.include({ text: 'Ciao', language: 'it-IT', voice: 'Polly.Bianca' });
    expect(call.events.find(is('hangup'))?.by).to.equal('no-more-verbs');
  });

  it('Say defaults to en-US and repeats with loop; Pause takes its length', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.say({ loop: 2 }, 'Hello there');
      r.pause({ length: 3 });
    }));
    const call = await h.sim.placeCall();
    await call.ended();
    const says = call.events.filter(is('say'));
    expect(says).to.have.length(2);
    expect(says[0]).to.include({ language: 'en-US', voice: 'man' });
    expect(call.events.find(is('pause'))?.length).to.equal(3);
  });

  it('takes simulated time: a 3 s Pause at timeScale 0.01 lasts about 30 ms', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.pause({ length: 3 })));
    const call = await h.sim.placeCall();
    const pause = await call.waitFor(is('pause'));
    await call.ended();
    const hangup = call.events.find(is('hangup'))!;
    const took = Date.parse(hangup.at) - Date.parse(pause.at);
    expect(took).to.be.within(25, 200);
  });

  it('Reject as the first verb leaves the call unanswered: busy or no-answer', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.reject({ reason: 'busy' })));
    const busy = await h.sim.placeCall();
    await busy.ended();
    expect(busy.status).to.equal('busy');
    expect(busy.events.some((e) => e.kind === 'status' && e.status === 'in-progress')).to.equal(false);
    h.on('/ivr/voice', twiml((r) => r.reject()));
    const rejected = await h.sim.placeCall();
    await rejected.ended();
    expect(rejected.status).to.equal('no-answer');
  });

  it('never puts the caller number in request events (GET parameters included)', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.redirect({ method: 'GET' }, '/ivr/get')));
    h.on('/ivr/get', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall({ from: '+393339876543' });
    await call.ended();
    expect(JSON.stringify(call.events.filter(is('request')))).not.to.contain('3339876543');
  });

  describe('on a number without a fallback URL', () => {
    const bare = useHarness({ fallback: false });

    it('a failure goes straight to the application error', async () => {
      const h = bare();
      h.on('/ivr/voice', { status: 404 });
      h.on('/ivr/fallback', twiml((r) => r.say('never')));
      const call = await h.sim.placeCall();
      await call.ended();
      expect(h.hitsTo('/ivr/fallback')).to.have.length(0);
      expect(call.events.filter(is('say')).map((e) => e.text)).to.deep.equal([APPLICATION_ERROR]);
    });
  });
});
