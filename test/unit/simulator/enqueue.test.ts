import { expect } from 'chai';
import { type Harness, is, twiml, useHarness } from './harness.js';

/** The caller's IVR: straight into the Italian queue, hold loop at /ivr/hold. */
function queueScript(h: Harness, attrs: { action?: string } = {}) {
  h.on('/ivr/voice', twiml((r) => {
    r.enqueue({ waitUrl: '/ivr/hold', ...attrs }, 'helpline-it');
    r.say('after the queue');
  }));
}

describe('simulator: <Enqueue> and queues', () => {
  const harness = useHarness();

  it('runs waitUrl with the queue parameters and re-requests it when its verbs run out', async () => {
    const h = harness();
    queueScript(h);
    h.on('/ivr/hold', (p) => twiml((r) => r.say(`You are number ${p.QueuePosition} in line`)));
    const first = await h.sim.placeCall();
    await h.waitForHit((x) => x.path === '/ivr/hold' && x.params.CallSid === first.sid && h.hitsTo('/ivr/hold').length >= 2);
    const second = await h.sim.placeCall();
    const secondHold = await h.waitForHit((x) => x.path === '/ivr/hold' && x.params.CallSid === second.sid);
    const firstHold = h.hitsTo('/ivr/hold').find((x) => x.params.CallSid === first.sid)!;
    expect(firstHold.params).to.include({ QueuePosition: '1', CurrentQueueSize: '1', MaxQueueSize: '1000' });
    expect(firstHold.params.QueueSid).to.match(/^QU[0-9a-f]{32}$/);
    expect(secondHold.params).to.include({ QueuePosition: '2', CurrentQueueSize: '2', QueueSid: firstHold.params.QueueSid });
    expect(Number(secondHold.params.QueueTime)).to.be.at.least(0);
    expect(first.events.filter(is('say')).map((e) => e.text)).to.include('You are number 1 in line');
    expect(first.toJSON().queue).to.deep.equal({ name: 'helpline-it', position: 1 });
    expect(second.toJSON().queue).to.deep.equal({ name: 'helpline-it', position: 2 });
  });

  it('QueueTime grows in simulated seconds while the caller waits', async () => {
    const h = harness();
    queueScript(h);
    h.on('/ivr/hold', twiml((r) => r.pause({ length: 10 })));
    const call = await h.sim.placeCall();
    await h.waitForHit(() => h.hitsTo('/ivr/hold').length >= 3);
    const times = h.hitsTo('/ivr/hold').map((x) => Number(x.params.QueueTime));
    expect(times[2]).to.be.at.least(times[0] + 15);
    call.hangup();
  });

  it('<Leave> sends QueueResult=leave to the Enqueue action, whose TwiML then runs', async () => {
    const h = harness();
    queueScript(h, { action: '/ivr/queue-exit' });
    h.on('/ivr/hold', twiml((r) => {
      r.say('All operators are busy');
      r.leave();
    }));
    h.on('/ivr/queue-exit', twiml((r) => r.say('Please leave a message')));
    const call = await h.sim.placeCall();
    const exit = await h.waitForHit((x) => x.path === '/ivr/queue-exit');
    expect(exit.params.QueueResult).to.equal('leave');
    expect(exit.params.QueueSid).to.match(/^QU/);
    await call.ended();
    const says = call.events.filter(is('say')).map((e) => e.text);
    expect(says).to.deep.equal(['All operators are busy', 'Please leave a message']);
    expect(call.events.find(is('queue-left'))?.result).to.equal('leave');
  });

  it('<Leave> without an action continues with the verb after <Enqueue>', async () => {
    const h = harness();
    queueScript(h);
    h.on('/ivr/hold', twiml((r) => r.leave()));
    const call = await h.sim.placeCall();
    await call.ended();
    expect(call.events.filter(is('say')).map((e) => e.text)).to.deep.equal(['after the queue']);
  });

  it('a Gather in the hold music can lead to <Leave>', async () => {
    const h = harness();
    queueScript(h, { action: '/ivr/queue-exit' });
    h.on('/ivr/hold', twiml((r) => r.gather({ numDigits: 1, action: '/ivr/hold-choice' }).say('Press 1 to leave a message')));
    h.on('/ivr/hold-choice', (p) => twiml((r) => (p.Digits === '1' ? r.leave() : r.redirect('/ivr/hold'))));
    h.on('/ivr/queue-exit', twiml((r) => r.hangup()));
    const call = await h.sim.placeCall();
    await call.waitFor(is('gather'));
    call.press('1');
    const choice = await h.waitForHit((x) => x.path === '/ivr/hold-choice');
    expect(choice.params.QueuePosition).to.equal('1');
    expect((await h.waitForHit((x) => x.path === '/ivr/queue-exit')).params.QueueResult).to.equal('leave');
  });

  it('REST calls.update(url) pulls a queued call out and runs the new TwiML', async () => {
    const h = harness();
    queueScript(h, { action: '/ivr/queue-exit' });
    h.on('/ivr/hold', twiml((r) => r.play('http://example.invalid/music.mp3')));
    h.on('/ivr/queue-exit', twiml((r) => r.say('ignored')));
    h.on('/ivr/connect', twiml((r) => r.say('Connecting you to an operator')));
    const call = await h.sim.placeCall();
    await call.waitFor(is('play'));
    await h.client.calls(call.sid).update({ url: h.url('/ivr/connect') });
    expect((await call.waitFor(is('say'))).text).to.equal('Connecting you to an operator');
    expect(call.events.find(is('queue-left'))?.result).to.equal('redirected');
    expect((await h.waitForHit((x) => x.path === '/ivr/queue-exit')).params.QueueResult).to.equal('redirected');
    const [queue] = await h.client.queues.list();
    expect(queue.friendlyName).to.equal('helpline-it');
    expect(queue.currentSize).to.equal(0);
    expect(call.toJSON().queue).to.equal(null);
  });

  it('REST members(Front).update dequeues the head of the queue', async () => {
    const h = harness();
    queueScript(h);
    h.on('/ivr/hold', twiml((r) => r.pause({ length: 30 })));
    h.on('/ivr/operator', twiml((r) => r.say('An operator will take your call')));
    const first = await h.sim.placeCall();
    await first.waitFor(is('enqueue'));
    const second = await h.sim.placeCall();
    await second.waitFor(is('enqueue'));
    const [queue] = await h.client.queues.list();
    expect(queue.currentSize).to.equal(2);
    const members = await h.client.queues(queue.sid).members.list();
    expect(members.map((m) => [m.callSid, m.position])).to.deep.equal([[first.sid, 1], [second.sid, 2]]);
    const member = await h.client.queues(queue.sid).members('Front').update({ url: h.url('/ivr/operator'), method: 'POST' });
    expect(member.callSid).to.equal(first.sid);
    await first.waitFor((e) => e.kind === 'say' && e.text.startsWith('An operator'));
    expect(second.toJSON().queue?.position).to.equal(1);
    const fetched = await h.client.queues(queue.sid).fetch();
    expect(fetched.currentSize).to.equal(1);
  });

  it('an operator dialling the queue is bridged with the caller; when the operator hangs up the caller continues', async () => {
    const h = harness();
    queueScript(h, { action: '/ivr/queue-exit' });
    h.on('/ivr/hold', twiml((r) => r.pause({ length: 30 })));
    h.on('/ivr/queue-exit', twiml((r) => r.say('The operator has left the call')));
    const caller = await h.sim.placeCall();
    await caller.waitFor(is('enqueue'));
    const created = await h.client.calls.create({
      to: 'client:operator1',
      from: '+39800290290',
      twiml: twiml((r) => r.dial().queue('helpline-it')),
    });
    const bridged = await caller.waitFor(is('bridged'));
    expect(bridged.with).to.equal(created.sid);
    expect(caller.events.find(is('queue-left'))?.result).to.equal('bridged');
    h.sim.call(created.sid)!.hangup();
    const exit = await h.waitForHit((x) => x.path === '/ivr/queue-exit');
    expect(exit.params.QueueResult).to.equal('bridged');
    await caller.waitFor((e) => e.kind === 'say' && e.text === 'The operator has left the call');
  });

  it('the Queue noun url whispers to the dequeued caller before the bridge', async () => {
    const h = harness();
    queueScript(h);
    h.on('/ivr/hold', twiml((r) => r.pause({ length: 30 })));
    h.on('/ivr/whisper', twiml((r) => r.say('You are being connected')));
    const caller = await h.sim.placeCall();
    await caller.waitFor(is('enqueue'));
    const op = await h.client.calls.create({
      to: 'client:operator1',
      from: '+39800290290',
      twiml: twiml((r) => r.dial().queue({ url: h.url('/ivr/whisper') }, 'helpline-it')),
    });
    await caller.waitFor(is('bridged'));
    const whisper = h.hitsTo('/ivr/whisper')[0];
    expect(whisper.params).to.include({ CallSid: caller.sid, DequeingCallSid: op.sid });
    const say = caller.events.findIndex((e) => e.kind === 'say' && e.text === 'You are being connected');
    const bridged = caller.events.findIndex((e) => e.kind === 'bridged');
    expect(say).to.be.greaterThan(-1).and.lessThan(bridged);
  });

  it('a caller hanging up in the queue leaves it, and the action hears QueueResult=hangup', async () => {
    const h = harness();
    queueScript(h, { action: '/ivr/queue-exit' });
    h.on('/ivr/hold', twiml((r) => r.pause({ length: 30 })));
    h.on('/ivr/queue-exit', twiml((r) => r.say('nobody hears this')));
    const call = await h.sim.placeCall();
    await call.waitFor(is('enqueue'));
    call.hangup();
    const exit = await h.waitForHit((x) => x.path === '/ivr/queue-exit');
    expect(exit.params).to.include({ QueueResult: 'hangup', CallStatus: 'completed' });
    const [queue] = await h.client.queues.list();
    expect(queue.currentSize).to.equal(0);
    expect(call.events.some((e) => e.kind === 'say' && e.text === 'nobody hears this')).to.equal(false);
  });

  it('verbs not allowed in a waitUrl are skipped with an error', async () => {
    const h = harness();
    queueScript(h);
    h.on('/ivr/hold', twiml((r) => {
      r.dial().client('operator1');
      r.leave();
    }));
    const call = await h.sim.placeCall();
    await call.ended();
    expect(call.events.find(is('error'))?.message).to.match(/<Dial> is not allowed/);
    expect(h.sim.calls().some((c) => c.direction === 'outbound-dial')).to.equal(false);
    expect(call.events.filter(is('say')).map((e) => e.text)).to.deep.equal(['after the queue']);
  });

  it('without waitUrl the caller hears the default hold music', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.enqueue('helpline-en')));
    const call = await h.sim.placeCall();
    const play = await call.waitFor(is('play'));
    expect(play.url).to.match(/holdmusic/);
    call.hangup();
  });
});
