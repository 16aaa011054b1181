import { expect } from 'chai';
import type { SimCallView } from '../../../ivr/simulator/index.js';
import { HELPLINE, twiml, useHarness, type Harness } from './harness.js';

const post = (h: Harness, path: string, body?: unknown) =>
  fetch(h.url(`/phone${path}`), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const get = (h: Harness, path: string) => fetch(h.url(`/phone${path}`));

describe('simulator: the softphone JSON API', () => {
  const harness = useHarness();

  it('places a call from a random Italian mobile and shows it', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ numDigits: 1, action: '/ivr/lang' }).say('Per italiano premi 1')));
    h.on('/ivr/lang', twiml((r) => r.say('Benvenuto')));
    const res = await post(h, '/calls', {});
    expect(res.status).to.equal(201);
    const { sid } = (await res.json()) as { sid: string };
    const call = h.sim.call(sid)!;
    await call.waitFor((e) => e.kind === 'gather');
    const view = (await (await get(h, `/calls/${sid}`)).json()) as SimCallView;
    expect(view).to.include({ sid, to: HELPLINE, direction: 'inbound', status: 'in-progress', endedAt: null, conference: null, queue: null });
    expect(view.from).to.match(/^\+3933\d{8}$/);
    expect(view.events.map((e) => e.kind)).to.include('gather');
    const list = (await (await get(h, '/calls')).json()) as { items: SimCallView[] };
    expect(list.items.map((c) => c.sid)).to.deep.equal([sid]);
  });

  it('presses digits (204) and refuses bad ones with 400 invalid_input', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ numDigits: 1, action: '/ivr/lang' }).say('Per italiano premi 1')));
    h.on('/ivr/lang', twiml((r) => r.say('Benvenuto')));
    const { sid } = (await (await post(h, '/calls', { from: '+393331112222' })).json()) as { sid: string };
    await h.sim.call(sid)!.waitFor((e) => e.kind === 'gather');
    for (const digits of ['12a', '', '1'.repeat(33), 5]) {
      const bad = await post(h, `/calls/${sid}/digits`, { digits });
      expect(bad.status, `digits ${JSON.stringify(digits)}`).to.equal(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).to.equal('invalid_input');
    }
    expect((await post(h, `/calls/${sid}/digits`, { digits: '1' })).status).to.equal(204);
    expect((await h.waitForHit((x) => x.path === '/ivr/lang')).params.Digits).to.equal('1');
  });

  it('says words (204) that a speech menu hears, and refuses blank or over-long text with 400 invalid_input', async () => {
    const h = harness();
    // A long timeout: the bad requests below must not outlast the menu on a busy machine.
    h.on('/ivr/voice', twiml((r) => r.gather({ input: ['dtmf', 'speech'], action: '/ivr/said', timeout: 600 }).say('Press 1 or say help')));
    h.on('/ivr/said', twiml((r) => r.say('Thanks')));
    const { sid } = (await (await post(h, '/calls', {})).json()) as { sid: string };
    await h.sim.call(sid)!.waitFor((e) => e.kind === 'gather');
    for (const text of ['', '   ', 'x'.repeat(501), 42, undefined]) {
      const bad = await post(h, `/calls/${sid}/speech`, { text });
      expect(bad.status, `text ${JSON.stringify(text)}`).to.equal(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).to.equal('invalid_input');
    }
    expect(h.hitsTo('/ivr/said')).to.have.length(0);
    const words = `I need help ${'x'.repeat(488)}`; // 500 characters, the most there may be
    expect((await post(h, `/calls/${sid}/speech`, { text: words })).status).to.equal(204);
    expect((await h.waitForHit((x) => x.path === '/ivr/said')).params).to.include({ SpeechResult: words, Confidence: '0.9' });
    const view = (await (await get(h, `/calls/${sid}`)).json()) as SimCallView;
    expect(view.events.filter((e) => e.kind === 'spoke')).to.have.length(1).and.to.have.nested.property('[0].text', words);
  });

  it('answers 404 for words to an unknown call and 409 once the call has ended', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.hangup()));
    expect((await post(h, '/calls/CA' + '0'.repeat(32) + '/speech', { text: 'hello' })).status).to.equal(404);
    const { sid } = (await (await post(h, '/calls', {})).json()) as { sid: string };
    await h.sim.call(sid)!.ended();
    expect((await post(h, `/calls/${sid}/speech`, { text: 'hello' })).status).to.equal(409);
  });

  it('refuses a malformed from and malformed JSON with 400', async () => {
    const h = harness();
    expect((await post(h, '/calls', { from: 'my number' })).status).to.equal(400);
    const res = await fetch(h.url('/phone/calls'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' });
    expect(res.status).to.equal(400);
  });

  it('answers 404 for an unknown call and 409 for digits on an ended call', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.hangup()));
    expect((await get(h, '/calls/CA' + '0'.repeat(32))).status).to.equal(404);
    expect((await post(h, '/calls/CA' + '0'.repeat(32) + '/digits', { digits: '1' })).status).to.equal(404);
    const { sid } = (await (await post(h, '/calls', {})).json()) as { sid: string };
    await h.sim.call(sid)!.ended();
    expect((await post(h, `/calls/${sid}/digits`, { digits: '1' })).status).to.equal(409);
  });

  it('hangs up (204) and the call ends by the caller', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.pause({ length: 100 })));
    const { sid } = (await (await post(h, '/calls', {})).json()) as { sid: string };
    const call = h.sim.call(sid)!;
    await call.waitFor((e) => e.kind === 'pause');
    expect((await post(h, `/calls/${sid}/hangup`)).status).to.equal(204);
    await call.ended();
    expect(call.events.find((e) => e.kind === 'hangup')).to.include({ by: 'caller' });
  });

  it('streams the call as server-sent events and closes the stream after the call ends', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ numDigits: 1, action: '/ivr/done' }).say('Press a key')));
    h.on('/ivr/done', twiml((r) => r.hangup()));
    const { sid } = (await (await post(h, '/calls', {})).json()) as { sid: string };
    const res = await get(h, `/calls/${sid}/stream`);
    expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const call = h.sim.call(sid)!;
    await call.waitFor((e) => e.kind === 'gather');
    call.press('3');
    const started = Date.now();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    const frames = text.split('\n\n').filter((f) => f.startsWith('event: call'));
    expect(frames.length).to.be.greaterThan(2);
    const last = JSON.parse(frames[frames.length - 1].split('\ndata: ')[1]) as SimCallView;
    expect(last.status).to.equal('completed');
    expect(last.endedAt).to.be.a('string');
    expect(Date.now() - started).to.be.at.least(900); // held open about a second after the end
  });

  it('stops listening to the call when the page closes its stream', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.pause({ length: 100 })));
    const { sid } = (await (await post(h, '/calls', {})).json()) as { sid: string };
    const call = h.sim.call(sid)!;
    // The count of change listeners is private; reading it is the point of this test.
    const listeners = () => (call as unknown as { listeners: Set<unknown> }).listeners.size;
    const page = new AbortController();
    const res = await fetch(h.url(`/phone/calls/${sid}/stream`), { signal: page.signal });
    await res.body!.getReader().read();
    expect(listeners()).to.equal(1);
    page.abort();
    for (let i = 0; i < 50 && listeners() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(listeners()).to.equal(0);
    call.hangup();
  });

  it('lists only virtual-caller calls, newest first', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.dial().client('operator1')));
    const a = (await (await post(h, '/calls', {})).json()) as { sid: string };
    await h.sim.call(a.sid)!.waitFor((e) => e.kind === 'bridged');
    const b = (await (await post(h, '/calls', {})).json()) as { sid: string };
    const list = (await (await get(h, '/calls')).json()) as { items: SimCallView[] };
    expect(list.items.map((c) => c.sid)).to.deep.equal([b.sid, a.sid]);
    const operatorLeg = h.sim.calls().find((c) => c.direction === 'outbound-dial')!;
    expect((await get(h, `/calls/${operatorLeg.sid}`)).status).to.equal(404);
  });
});
