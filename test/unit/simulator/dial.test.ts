import { expect } from 'chai';
import type { SimCall, SimEvent } from '../../../ivr/simulator/index.js';
import { type Harness, is, twiml, useHarness } from './harness.js';

async function childOf(h: Harness, parent: SimCall): Promise<SimCall> {
  const dial = await parent.waitFor(is('dial'));
  const child = h.sim.calls().find((c) => c.direction === 'outbound-dial' && c.to === dial.target);
  if (!child) throw new Error('no child leg');
  return child;
}

describe('simulator: <Dial> Client and Number', () => {
  const harness = useHarness();

  it('rings the client, bridges on answer, and the Dial action hears how it went when the callee hangs up', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.dial({ action: '/ivr/after-dial' }).client('operator1')));
    h.on('/ivr/after-dial', twiml((r) => r.say('The operator hung up')));
    const caller = await h.sim.placeCall();
    const child = await childOf(h, caller);
    expect(child).to.include({ to: 'client:operator1', direction: 'outbound-dial', from: caller.from });
    await caller.waitFor(is('bridged'));
    expect(child.status).to.equal('in-progress');
    child.hangup();
    const after = await h.waitForHit((x) => x.path === '/ivr/after-dial');
    expect(after.params).to.include({ DialCallStatus: 'completed', DialCallSid: child.sid, CallSid: caller.sid });
    expect(Number(after.params.DialCallDuration)).to.be.at.least(0);
    await caller.waitFor((e) => e.kind === 'say' && e.text === 'The operator hung up');
  });

  it('a client that does not answer gives DialCallStatus=no-answer after the timeout', async () => {
    const h = harness();
    h.sim.setEndpointBehaviour('client:operator2', 'no-answer');
    h.on('/ivr/voice', twiml((r) => r.dial({ action: '/ivr/after-dial', timeout: 5 }).client('operator2')));
    h.on('/ivr/after-dial', twiml((r) => r.hangup()));
    const caller = await h.sim.placeCall();
    const child = await childOf(h, caller);
    const after = await h.waitForHit((x) => x.path === '/ivr/after-dial');
    expect(after.params.DialCallStatus).to.equal('no-answer');
    expect(after.params.DialCallSid).to.equal(undefined);
    expect(child.status).to.equal('no-answer');
    expect(caller.events.some((e) => e.kind === 'bridged')).to.equal(false);
  });

  it('busy and failing endpoints give busy and failed', async () => {
    const h = harness();
    h.sim.setEndpointBehaviour('+390612345678', 'busy');
    h.sim.setEndpointBehaviour('client:broken', 'fail');
    let round = 0;
    h.on('/ivr/voice', () =>
      twiml((r) => (++round === 1 ? r.dial({ action: '/ivr/after-dial' }, '+390612345678') : r.dial({ action: '/ivr/after-dial' }).client('broken'))),
    );
    h.on('/ivr/after-dial', twiml((r) => r.hangup()));
    const one = await h.sim.placeCall();
    await one.ended();
    const two = await h.sim.placeCall();
    await two.ended();
    expect(h.hitsTo('/ivr/after-dial').map((x) => x.params.DialCallStatus)).to.deep.equal(['busy', 'failed']);
  });

  it("the '*' behaviour applies to every endpoint without its own", async () => {
    const h = harness();
    h.sim.setEndpointBehaviour('*', 'busy');
    h.on('/ivr/voice', twiml((r) => r.dial({ action: '/ivr/after-dial' }).client('anyone')));
    h.on('/ivr/after-dial', twiml((r) => r.hangup()));
    await (await h.sim.placeCall()).ended();
    expect(h.hitsTo('/ivr/after-dial')[0].params.DialCallStatus).to.equal('busy');
  });

  it('a callee hanging up while it rings declines: busy', async () => {
    const h = harness();
    h.sim.setEndpointBehaviour('client:operator3', 'no-answer');
    h.on('/ivr/voice', twiml((r) => r.dial({ action: '/ivr/after-dial' }).client('operator3')));
    h.on('/ivr/after-dial', twiml((r) => r.hangup()));
    const caller = await h.sim.placeCall();
    const child = await childOf(h, caller);
    await child.waitFor((e) => e.kind === 'status' && e.status === 'ringing');
    child.hangup();
    expect((await h.waitForHit((x) => x.path === '/ivr/after-dial')).params.DialCallStatus).to.equal('busy');
  });

  it('without an action the verbs after <Dial> run once the bridge ends', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.dial('+390612345678');
      r.say('Call ended, goodbye');
    }));
    const caller = await h.sim.placeCall();
    const child = await childOf(h, caller);
    await child.waitFor(is('bridged'));
    child.hangup();
    await caller.ended();
    expect(caller.events.filter(is('say')).map((e) => e.text)).to.deep.equal(['Call ended, goodbye']);
    expect(caller.events.find(is('unbridged'))?.with).to.equal(child.sid);
  });

  it('the caller hanging up ends the callee leg too', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.dial().client('operator1')));
    const caller = await h.sim.placeCall();
    const child = await childOf(h, caller);
    await child.waitFor(is('bridged'));
    caller.hangup();
    await child.ended();
    expect(child.status).to.equal('completed');
    expect(child.events.find(is('hangup'))?.by).to.equal('remote');
  });

  it('the Dial action still hears how the call went when the caller hangs up; its TwiML is ignored', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.dial({ action: '/ivr/after-dial' }).client('operator1')));
    h.on('/ivr/after-dial', twiml((r) => r.say('nobody hears this')));
    const caller = await h.sim.placeCall();
    const child = await childOf(h, caller);
    await child.waitFor(is('bridged'));
    caller.hangup();
    const after = await h.waitForHit((x) => x.path === '/ivr/after-dial');
    expect(after.params).to.include({ DialCallStatus: 'completed', DialCallSid: child.sid, CallStatus: 'completed' });
    expect(caller.events.find(is('request'))?.purpose).to.equal('voice');
    expect(caller.events.filter(is('request')).at(-1)?.purpose).to.equal('notify');
    expect(caller.events.some(is('say'))).to.equal(false);
  });

  it('hangupOnStar drops the callee and the caller carries on', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.dial({ hangupOnStar: true }).client('operator1');
      r.say('Back to the menu');
    }));
    const caller = await h.sim.placeCall();
    const child = await childOf(h, caller);
    await caller.waitFor(is('bridged'));
    caller.press('*');
    await caller.waitFor((e) => e.kind === 'say' && e.text === 'Back to the menu');
    await child.ended();
    expect(child.events.find(is('hangup'))?.by).to.equal('remote');
  });

  it('callerId sets the callee leg From', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.dial({ callerId: '+39800290290' }).client('operator1')));
    const caller = await h.sim.placeCall();
    const child = await childOf(h, caller);
    expect(child.from).to.equal('+39800290290');
    caller.hangup();
  });

  it('timeLimit ends the bridge and the caller continues', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.dial({ timeLimit: 3 }).client('operator1');
      r.say('Time is up');
    }));
    const caller = await h.sim.placeCall();
    await caller.waitFor((e) => e.kind === 'say' && e.text === 'Time is up');
    const child = h.sim.calls().find((c) => c.direction === 'outbound-dial')!;
    expect(child.status).to.equal('completed');
  });
});

describe('simulator: <Dial><Conference>', () => {
  const harness = useHarness();

  it('two legs meet; when the endConferenceOnExit one leaves, the other Dial returns and its TwiML continues', async () => {
    const h = harness();
    // The caller waits in the room (startConferenceOnEnter=false) and ends it on leaving.
    h.on('/ivr/voice', twiml((r) => {
      r.dial({ action: '/ivr/after-conference' }).conference(
        { startConferenceOnEnter: false, endConferenceOnExit: true, waitUrl: '/ivr/conf-wait' },
        'contact-42',
      );
    }));
    h.on('/ivr/conf-wait', twiml((r) => r.say('Please hold, an operator is joining')));
    h.on('/ivr/after-conference', twiml((r) => r.hangup()));
    // The operator's leg joins with the defaults and says goodbye when the room ends.
    h.on('/ivr/operator-leg', twiml((r) => {
      r.dial().conference('contact-42');
      r.say('The caller left the conference');
    }));
    const caller = await h.sim.placeCall();
    await caller.waitFor((e) => e.kind === 'say' && e.text.startsWith('Please hold'));
    expect(caller.events.find(is('conference'))).to.include({ name: 'contact-42', state: 'joined' });

    const op = await h.client.calls.create({ to: 'client:operator1', from: '+39800290290', url: h.url('/ivr/operator-leg') });
    const started = await caller.waitFor((e) => e.kind === 'conference' && e.state === 'started');
    expect((started as Extract<SimEvent, { kind: 'conference' }>).participants).to.have.members([caller.sid, op.sid]);
    const opCall = h.sim.call(op.sid)!;
    expect(opCall.toJSON().conference?.participants.map((p) => p.callSid)).to.have.members([caller.sid, op.sid]);

    const [conf] = await h.client.conferences.list({ friendlyName: 'contact-42', status: 'in-progress' });
    expect(conf.sid).to.match(/^CF[0-9a-f]{32}$/);
    const participants = await h.client.conferences(conf.sid).participants.list();
    expect(participants.map((p) => p.callSid)).to.have.members([caller.sid, op.sid]);

    caller.hangup();
    await opCall.waitFor((e) => e.kind === 'conference' && e.state === 'ended');
    await opCall.waitFor((e) => e.kind === 'say' && e.text === 'The caller left the conference');
    await opCall.ended();
    const fetched = await h.client.conferences(conf.sid).fetch();
    expect(fetched.status).to.equal('completed');
    const after = await h.waitForHit((x) => x.path === '/ivr/after-conference');
    expect(after.params.DialCallStatus).to.equal('answered');
  });

  it('a lone participant does not start the conference and hears the wait music', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.dial().conference('room-alone')));
    const caller = await h.sim.placeCall();
    const play = await caller.waitFor(is('play'));
    expect(play.url).to.match(/holdmusic/);
    expect(caller.events.some((e) => e.kind === 'conference' && e.state === 'started')).to.equal(false);
    const [conf] = await h.client.conferences.list({ friendlyName: 'room-alone' });
    expect(conf.status).to.equal('init');
    caller.hangup();
  });

  it('REST Status=completed ends the conference and every Dial returns', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.dial().conference('room-rest');
      r.say('Conference over');
    }));
    const a = await h.sim.placeCall();
    const b = await h.sim.placeCall();
    await a.waitFor((e) => e.kind === 'conference' && e.state === 'started');
    const [conf] = await h.client.conferences.list({ friendlyName: 'room-rest' });
    await h.client.conferences(conf.sid).update({ status: 'completed' });
    for (const call of [a, b]) await call.waitFor((e) => e.kind === 'say' && e.text === 'Conference over');
  });

  it('participants hear a beep when someone joins', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.dial().conference('room-beep')));
    const a = await h.sim.placeCall();
    await a.waitFor(is('conference'));
    const b = await h.sim.placeCall();
    await b.waitFor(is('conference'));
    expect((await a.waitFor(is('beep'))).reason).to.equal('enter');
    a.hangup();
    b.hangup();
  });

  it('sends conference status callbacks for the events asked for', async () => {
    const h = harness();
    h.on('/ivr/conf-status', { status: 204 });
    h.on('/ivr/voice', twiml((r) =>
      r.dial().conference({ statusCallback: '/ivr/conf-status', statusCallbackEvent: ['start', 'end', 'join', 'leave'], endConferenceOnExit: true }, 'room-cb'),
    ));
    const a = await h.sim.placeCall();
    const b = await h.sim.placeCall();
    await a.waitFor((e) => e.kind === 'conference' && e.state === 'started');
    b.hangup();
    await a.ended();
    await h.waitForHit((x) => x.path === '/ivr/conf-status' && x.params.StatusCallbackEvent === 'conference-end');
    const events = h.hitsTo('/ivr/conf-status').map((x) => x.params.StatusCallbackEvent);
    expect(events).to.deep.equal(['participant-join', 'participant-join', 'conference-start', 'participant-leave', 'participant-leave', 'conference-end']);
    const end = h.hitsTo('/ivr/conf-status').find((x) => x.params.StatusCallbackEvent === 'conference-end')!;
    expect(end.params).to.include({ FriendlyName: 'room-cb', CallSidEndingConference: b.sid });
    expect(end.params.ConferenceSid).to.match(/^CF/);
    expect(h.hitsTo('/ivr/conf-status').map((x) => x.params.SequenceNumber)).to.deep.equal(['0', '1', '2', '3', '4', '5']);
  });

  it('REST participants.create calls a phone into the room', async () => {
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.dial().conference({ startConferenceOnEnter: false, endConferenceOnExit: true }, 'contact-7')));
    const caller = await h.sim.placeCall();
    await caller.waitFor(is('conference'));
    const p = await h.client.conferences('contact-7').participants.create({ from: '+39800290290', to: 'client:operator2', endConferenceOnExit: false });
    expect(p.callSid).to.match(/^CA/);
    await caller.waitFor((e) => e.kind === 'conference' && e.state === 'started');
    const op = h.sim.call(p.callSid)!;
    expect(op.direction).to.equal('outbound-api');
    caller.hangup();
    await op.ended();
  });
});
