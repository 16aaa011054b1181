import { expect } from 'chai';
import { is, sleep, twiml, useHarness } from './harness.js';

describe('simulator: <Gather>', () => {
  const harness = useHarness();

  it('sends the pressed digits to the action without the finish key', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ action: '/ivr/menu' }).say('Press your code then hash')));
    h.on('/ivr/menu', twiml((r) => r.say('thanks')));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('42#');
    const hit = await h.waitForHit((x) => x.path === '/ivr/menu');
    expect(hit.params).to.include({ Digits: '42', FinishedOnKey: '#', CallStatus: 'in-progress' });
  });

  it('stops at numDigits and reports FinishedOnKey as empty', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ numDigits: 1, action: '/ivr/lang' }).say('Per italiano premi 1')));
    h.on('/ivr/lang', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('3');
    const hit = await h.waitForHit((x) => x.path === '/ivr/lang');
    expect(hit.params).to.include({ Digits: '3', FinishedOnKey: '' });
  });

  it('keys after numDigits is reached are not part of Digits', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ numDigits: 2, action: '/ivr/two' })));
    h.on('/ivr/two', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('1234');
    expect((await h.waitForHit((x) => x.path === '/ivr/two')).params.Digits).to.equal('12');
  });

  it('honours a custom finishOnKey, and finishOnKey="" disables it', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ finishOnKey: '*', action: '/ivr/star' })));
    h.on('/ivr/star', twiml((r) => r.gather({ finishOnKey: '', numDigits: 2, action: '/ivr/none' })));
    h.on('/ivr/none', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('7*');
    expect((await h.waitForHit((x) => x.path === '/ivr/star')).params).to.include({ Digits: '7', FinishedOnKey: '*' });
    await call.waitFor((e) => e.kind === 'gather' && e.finishOnKey === '');
    call.press('#9');
    expect((await h.waitForHit((x) => x.path === '/ivr/none')).params).to.include({ Digits: '#9', FinishedOnKey: '' });
  });

  it('without input it falls through to the next verb after the timeout', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.gather({ timeout: 3, action: '/ivr/never' }).say('Press a key');
      r.say('We did not receive any input. Goodbye.');
    }));
    const call = await h.sim.placeCall();
    await call.ended();
    expect(h.hitsTo('/ivr/never')).to.have.length(0);
    expect(call.events.filter(is('say')).map((e) => e.text)).to.deep.equal(['Press a key', 'We did not receive any input. Goodbye.']);
    const gather = call.events.find(is('gather'))!;
    expect(gather).to.include({ timeout: 3, finishOnKey: '#', numDigits: null, action: h.url('/ivr/never') });
  });

  it('the timeout starts when the prompt ends, which is when the gather event comes', async () => {
    const h = harness();
    // Six words ≈ 2.4 s of speech, then 2 s of timeout: about 44 ms at timeScale 0.01.
    h.on('/ivr/voice', twiml((r) => r.gather({ timeout: 2 }).say('one two three four five six')));
    const call = await h.sim.placeCall();
    await call.ended();
    const at = (kind: 'say' | 'gather' | 'hangup') => Date.parse(call.events.find((e) => e.kind === kind)!.at);
    expect(call.events.map((e) => e.kind).filter((k) => k === 'say' || k === 'gather')).to.deep.equal(['say', 'gather']);
    expect(at('hangup') - at('say')).to.be.at.least(40);
    expect(at('hangup') - at('gather')).to.be.at.least(18);
  });

  it('a timeout after some input still requests the action', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ timeout: 2, action: '/ivr/partial' })));
    h.on('/ivr/partial', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('5');
    expect((await h.waitForHit((x) => x.path === '/ivr/partial')).params).to.include({ Digits: '5', FinishedOnKey: '' });
  });

  it('with actionOnEmptyResult the action is requested with empty Digits', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ timeout: 1, actionOnEmptyResult: true, action: '/ivr/empty' })));
    h.on('/ivr/empty', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    const hit = await h.waitForHit((x) => x.path === '/ivr/empty');
    expect(hit.params.Digits).to.equal('');
    await call.ended();
  });

  it('a hash alone is an empty result: falls through', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.gather({ action: '/ivr/never' });
      r.say('fell through');
    }));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('#');
    expect((await call.waitFor(is('say'))).text).to.equal('fell through');
    expect(h.hitsTo('/ivr/never')).to.have.length(0);
  });

  it('a key press interrupts the prompts: later prompts are not played', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      const g = r.gather({ numDigits: 1, action: '/ivr/chosen' });
      g.say('For Italian press one. For English press two. For French press three.');
      g.say('This second prompt must not be heard');
    }));
    h.on('/ivr/chosen', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('say'));
    call.press('2');
    const hit = await h.waitForHit((x) => x.path === '/ivr/chosen');
    expect(hit.params.Digits).to.equal('2');
    await call.ended();
    expect(call.events.filter(is('say'))).to.have.length(1);
  });

  it('without an action it posts back to the current document URL', async () => {
    const h = harness();
    let round = 0;
    h.on('/ivr/voice', () => (++round === 1 ? twiml((r) => r.gather({ numDigits: 1 })) : twiml((r) => r.hangup())));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('9');
    await call.ended();
    const hits = h.hitsTo('/ivr/voice');
    expect(hits).to.have.length(2);
    expect(hits[1].params.Digits).to.equal('9');
  });

  it('speech is not simulated: a notice says so and keys still work', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ input: ['dtmf', 'speech'], numDigits: 1, action: '/ivr/got' })));
    h.on('/ivr/got', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('1');
    await h.waitForHit((x) => x.path === '/ivr/got');
    expect(call.events.find(is('gather'))?.input).to.deep.equal(['dtmf', 'speech']);
    expect(call.events.some((e) => e.kind === 'notice' && /speech/.test(e.message))).to.equal(true);
  });

  it('keys pressed while nothing listens are lost', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.say('Listen carefully to the following options');
      r.gather({ numDigits: 1, timeout: 2, action: '/ivr/got' });
      r.say('nothing');
    }));
    h.on('/ivr/got', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('say'));
    call.press('4');
    await call.ended();
    expect(h.hitsTo('/ivr/got')).to.have.length(0);
  });

  it('press() refuses anything but 0-9, * and #', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.pause({ length: 100 })));
    const call = await h.sim.placeCall();
    expect(() => call.press('1a')).to.throw(RangeError);
    call.hangup();
    await call.ended();
    expect(() => call.press('1')).to.throw(/ended/);
    await sleep(1);
  });
});
