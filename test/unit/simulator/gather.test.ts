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

  it('with input "dtmf speech", keys still work and no notice is given', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ input: ['dtmf', 'speech'], numDigits: 1, action: '/ivr/got' })));
    h.on('/ivr/got', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('1');
    const hit = await h.waitForHit((x) => x.path === '/ivr/got');
    expect(hit.params).to.include({ Digits: '1', FinishedOnKey: '' });
    expect(hit.params).not.to.have.property('SpeechResult');
    expect(call.events.find(is('gather'))?.input).to.deep.equal(['dtmf', 'speech']);
    expect(call.events.filter(is('notice'))).to.deep.equal([]);
  });

  it('words said at a "dtmf speech" menu end it: the action gets them as SpeechResult, Confidence 0.9, no Digits', async () => {
    const h = harness();
    // The recogniser's settings are accepted, and change nothing: there is no recogniser.
    h.on('/ivr/voice', twiml((r) => r.gather({ input: ['dtmf', 'speech'], action: '/ivr/said', language: 'it-IT', hints: 'aiuto, pericolo', speechTimeout: 'auto' })
      .say('Press a key or say what you need')));
    h.on('/ivr/said', twiml((r) => r.say('thanks')));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    const words = '  Aiuto, per favore! Où est-ce? 救命  ';
    call.speak(words);
    const hit = await h.waitForHit((x) => x.path === '/ivr/said');
    expect(hit.method).to.equal('POST');
    expect(hit.params).to.include({ SpeechResult: words, Confidence: '0.9', FinishedOnKey: '', CallStatus: 'in-progress' });
    expect(hit.params).not.to.have.property('Digits');
    expect((await call.waitFor(is('spoke'))).text).to.equal(words);
    await call.waitFor((e) => e.kind === 'say' && e.text === 'thanks'); // the action's TwiML runs
    expect(call.events.filter((e) => e.kind === 'error' || e.kind === 'notice')).to.deep.equal([]);
  });

  it('a speech-only menu ends on words and does not hear keys', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.gather({ input: ['speech'], numDigits: 1, timeout: 2, action: '/ivr/said' });
      r.gather({ input: ['speech'], timeout: 2, action: '/ivr/said' });
    }));
    h.on('/ivr/said', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('1');
    // The first menu times out unheard and the second one starts: keys meant nothing.
    await call.waitFor((e) => e.kind === 'gather' && e.seq > call.events.find(is('gather'))!.seq);
    expect(h.hitsTo('/ivr/said')).to.have.length(0);
    call.speak('danger');
    const hit = await h.waitForHit((x) => x.path === '/ivr/said');
    expect(hit.params).to.include({ SpeechResult: 'danger', Confidence: '0.9' });
    expect(hit.params).not.to.have.property('Digits');
  });

  it('a dtmf-only menu does not hear words: it times out and falls through as before', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.gather({ timeout: 2, action: '/ivr/never' }).say('Press a key');
      r.say('We did not receive any input. Goodbye.');
    }));
    const call = await h.sim.placeCall();
    await call.waitFor(is('say'));
    call.speak('help me'); // during the prompt: no barge-in either
    const gather = await call.waitFor(is('gather'));
    call.speak('help me please');
    await call.ended();
    expect(h.hitsTo('/ivr/never')).to.have.length(0);
    expect(call.events.filter(is('spoke')).map((e) => e.text)).to.deep.equal(['help me', 'help me please']);
    expect(call.events.filter(is('say')).map((e) => e.text)).to.deep.equal(['Press a key', 'We did not receive any input. Goodbye.']);
    // The prompt played to its end (0.8 s) and the 2 s timeout ran in full: about 28 ms at timeScale 0.01.
    const at = (e: { at: string }) => Date.parse(e.at);
    const fellThrough = call.events.filter(is('say'))[1];
    expect(at(gather) - at(call.events.find(is('say'))!)).to.be.at.least(6);
    expect(at(fellThrough) - at(gather)).to.be.at.least(18);
  });

  it('a key first, then words: the words are not heard and the digits win', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ input: ['dtmf', 'speech'], timeout: 2, action: '/ivr/got' }).say('Enter your code')));
    h.on('/ivr/got', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('4');
    call.speak('danger');
    call.press('2#');
    const hit = await h.waitForHit((x) => x.path === '/ivr/got');
    expect(hit.params).to.include({ Digits: '42', FinishedOnKey: '#' });
    expect(hit.params).not.to.have.property('SpeechResult');
    expect(hit.params).not.to.have.property('Confidence');
    expect(h.hitsTo('/ivr/got')).to.have.length(1);
  });

  it('a key during the prompt, then words: the words are still not heard', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ input: ['dtmf', 'speech'], timeout: 2, action: '/ivr/got' }).say('one two three four five six seven eight nine ten')));
    h.on('/ivr/got', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('say'));
    call.press('7');
    call.speak('danger');
    const hit = await h.waitForHit((x) => x.path === '/ivr/got');
    expect(hit.params).to.include({ Digits: '7', FinishedOnKey: '' });
    expect(hit.params).not.to.have.property('SpeechResult');
  });

  it('words barge in on a long prompt: it stops, later prompts are not played, the action comes at once', async () => {
    const h = harness();
    // Forty words said three times is 48 simulated seconds, about half a second at timeScale 0.01.
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    h.on('/ivr/voice', twiml((r) => {
      const g = r.gather({ input: ['dtmf', 'speech'], action: '/ivr/said' });
      g.say({ loop: 3 }, long);
      g.say('This second prompt must not be heard');
    }));
    h.on('/ivr/said', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    const prompt = await call.waitFor(is('say'));
    call.speak('I am in danger');
    const hit = await h.waitForHit((x) => x.path === '/ivr/said');
    expect(hit.params).to.include({ SpeechResult: 'I am in danger', Confidence: '0.9' });
    expect(hit.at - Date.parse(prompt.at)).to.be.below(150);
    await call.ended();
    expect(call.events.filter(is('say'))).to.have.length(1);
    // As with a key: the menu counts as heard (gather event) once the caller cut it short.
    const kinds = call.events.map((e) => e.kind).filter((k) => ['say', 'spoke', 'gather', 'request'].includes(k));
    expect(kinds).to.deep.equal(['request', 'say', 'spoke', 'gather', 'request']);
  });

  it('words said while nothing listens are lost', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.say('Listen carefully to the following options');
      r.gather({ input: ['dtmf', 'speech'], timeout: 2, action: '/ivr/said' });
      r.say('nothing');
    }));
    h.on('/ivr/said', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('say'));
    call.speak('help');
    await call.ended();
    expect(h.hitsTo('/ivr/said')).to.have.length(0);
    expect(call.events.filter(is('say')).map((e) => e.text)).to.deep.equal(['Listen carefully to the following options', 'nothing']);
  });

  it('speak() refuses blank words, and any words once the call has ended', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.pause({ length: 100 })));
    const call = await h.sim.placeCall();
    expect(() => call.speak('')).to.throw(RangeError);
    expect(() => call.speak(' \n ')).to.throw(RangeError);
    call.hangup();
    await call.ended();
    expect(() => call.speak('hello')).to.throw(/ended/);
    expect(call.events.filter(is('spoke'))).to.deep.equal([]);
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
