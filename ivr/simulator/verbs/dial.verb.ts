import type { Bridge } from '../bridge.js';
import type { CallLeg, StatusCallbackConfig } from '../call.leg.js';
import type { DialNoun } from '../call.types.js';
import { Interrupt, Scope, isInterrupt, raceAbort } from '../interrupt.js';
import type { RingResult } from '../runtime.js';
import { CALLBACK_EVENTS, type CallbackEvent } from '../status-callbacks.js';
import type { TwimlNode } from '../twiml.parser.js';
import { dialConference } from './dial.conference.js';
import { NEXT, attrsOf, goto, type Verb, type VerbContext } from './verb.types.js';

export type DialCallStatus = 'completed' | 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export interface DialOptions {
  timeout: number; // seconds of ringing
  timeLimit: number; // seconds of talking
  callerId: string | undefined;
  hangupOnStar: boolean;
}

/** What the Dial action hears about; filled in as the dial goes, so a hangup can still report it. */
export interface DialProgress {
  status: DialCallStatus;
  dialCallSid: string | null;
  bridgedAt: Date | null;
  endedAt: Date | null;
  extra: Record<string, string>;
}

interface Target {
  noun: Extract<DialNoun, 'client' | 'number'>;
  address: string;
  statusCallback: StatusCallbackConfig | null;
}

/**
 * <Dial> (reference §2.2) with Number/Client (ring virtual endpoints, first to answer is bridged),
 * Queue (bridge the head of a queue) and Conference. When it ends the action gets DialCallStatus
 * (and DialCallSid/DialCallDuration for two-party calls); without an action the next verb runs.
 */
export const dial: Verb = async (ctx, node) => {
  const { call, rt } = ctx;
  const a = attrsOf(ctx, node);
  const action = a.url('action');
  const method = a.method('method');
  const opts: DialOptions = {
    timeout: a.num('timeout', 30, 1, 600),
    timeLimit: a.num('timeLimit', 14_400, 1, 86_400),
    callerId: a.str('callerId') || undefined,
    hangupOnStar: a.bool('hangupOnStar', false),
  };
  if (a.has('record')) call.emit({ kind: 'notice', message: 'Dial recording is not simulated' });
  const progress: DialProgress = { status: 'failed', dialCallSid: null, bridgedAt: null, endedAt: null, extra: {} };
  const nouns = node.children;
  const conference = nouns.find((n) => n.name === 'Conference');
  const queue = nouns.find((n) => n.name === 'Queue');
  try {
    if (conference) await dialConference(ctx, conference, opts, progress);
    else if (queue) await dialQueue(ctx, queue, opts, progress);
    else {
      const targets = targetsOf(ctx, node);
      if (targets.length) await dialEndpoints(ctx, targets, opts, progress);
      else call.emit({ kind: 'error', code: 13214, message: '<Dial> has nothing the simulator can call' });
    }
  } catch (e) {
    // The caller hung up during the Dial: the action still hears how it went; its TwiML is ignored.
    if (isInterrupt(e) && e.reason === 'hangup' && action) rt.notifyUrl(call, action, method, dialParams(ctx, progress));
    throw e;
  }
  return action ? goto(ctx, action, method, 'action', dialParams(ctx, progress)) : NEXT;
};

function dialParams(ctx: VerbContext, p: DialProgress): Record<string, string> {
  const params: Record<string, string> = { DialCallStatus: p.status, DialBridged: String(p.bridgedAt !== null), ...p.extra };
  if (p.dialCallSid) {
    params.DialCallSid = p.dialCallSid;
    const end = p.endedAt ?? ctx.rt.clock.now();
    params.DialCallDuration = String(p.bridgedAt ? Math.round(ctx.rt.clock.simSeconds(p.bridgedAt, end)) : 0);
  }
  return params;
}

function targetsOf(ctx: VerbContext, node: TwimlNode): Target[] {
  if (!node.children.length && node.text) return [{ noun: 'number', address: node.text, statusCallback: null }];
  const targets: Target[] = [];
  for (const noun of node.children) {
    if (noun.name === 'Number' || noun.name === 'Client') {
      // <Client> holds an identity, directly or in an <Identity> child.
      const identity = noun.children.find((c) => c.name === 'Identity')?.text ?? noun.text;
      const address = noun.name === 'Client' ? `client:${identity}` : noun.text;
      if (noun.attrs.url) ctx.call.emit({ kind: 'notice', message: `the <${noun.name} url> whisper is not simulated` });
      targets.push({ noun: noun.name === 'Client' ? 'client' : 'number', address, statusCallback: nounCallback(ctx, noun) });
    } else {
      ctx.call.emit({ kind: 'notice', message: `<Dial><${noun.name}> is not simulated` });
    }
  }
  return targets;
}

/** A Number/Client noun's own statusCallback (default event: completed). */
function nounCallback(ctx: VerbContext, noun: TwimlNode): StatusCallbackConfig | null {
  const a = attrsOf(ctx, noun);
  const url = a.url('statusCallback');
  if (!url) return null;
  const asked = (a.str('statusCallbackEvent') ?? '').split(/\s+/).filter((e): e is CallbackEvent => CALLBACK_EVENTS.includes(e as CallbackEvent));
  return { url, method: a.method('statusCallbackMethod'), events: new Set<CallbackEvent>(asked.length ? asked : ['completed']) };
}

async function dialEndpoints(ctx: VerbContext, targets: Target[], opts: DialOptions, progress: DialProgress): Promise<void> {
  const { call, rt } = ctx;
  for (const t of targets) call.emit({ kind: 'dial', noun: t.noun, target: t.address });
  const legs = targets.map((t) =>
    rt.createCall({
      from: opts.callerId ?? call.from,
      to: t.address,
      direction: 'outbound-dial',
      parentCallSid: call.sid,
      statusCallback: t.statusCallback,
    }),
  );
  const ringing = new Scope(ctx.signal);
  progress.status = 'canceled'; // what the action hears if the caller hangs up while it rings
  let first: { winner: CallLeg | null; status: DialCallStatus } = { winner: null, status: 'failed' };
  try {
    first = await firstAnswer(legs.map((leg) => rt.ring(leg, opts.timeout, ringing.signal).then((r) => ({ leg, r }))));
  } finally {
    ringing.abort(new Interrupt('done'));
    ringing.dispose();
    // Simultaneous ringing: the first answer wins, the others stop ringing.
    for (const leg of legs) if (leg !== first.winner && leg.isLive) rt.end(leg, 'canceled', 'remote');
  }
  const winner = first.winner;
  if (!winner) {
    progress.status = first.status;
    return;
  }
  rt.answer(winner);
  const bridge = rt.bridge(call, winner);
  progress.status = 'completed';
  progress.dialCallSid = winner.sid;
  progress.bridgedAt = bridge.startedAt;
  try {
    await talk(ctx, bridge, opts);
  } finally {
    progress.endedAt = rt.clock.now();
    bridge.end(bridge.isOpen ? call : null);
    // The callee only hangs up with us if it did not leave on its own (hung up or was redirected).
    if (winner.isLive && bridge.endedBy !== winner) rt.end(winner, 'completed', 'remote');
  }
}

/** The first leg to answer, or the combined failure when none does. */
function firstAnswer(rings: Array<Promise<{ leg: CallLeg; r: RingResult }>>): Promise<{ winner: CallLeg | null; status: DialCallStatus }> {
  return new Promise((resolve, reject) => {
    let pending = rings.length;
    const failures: RingResult[] = [];
    for (const ring of rings) {
      ring.then(({ leg, r }) => {
        if (r === 'answered') return resolve({ winner: leg, status: 'completed' });
        failures.push(r);
        if (--pending === 0) {
          const status = (['busy', 'no-answer', 'canceled', 'failed'] as const).find((s) => failures.includes(s)) ?? 'failed';
          resolve({ winner: null, status });
        }
      }, reject);
    }
  });
}

/** Holds the bridge until a party leaves, the time limit, or * with hangupOnStar. */
async function talk(ctx: VerbContext, bridge: Bridge, opts: DialOptions): Promise<void> {
  const { call, rt } = ctx;
  const scope = new Scope(ctx.signal);
  let stopListening = () => {};
  try {
    const racers: Array<Promise<unknown>> = [bridge.ended, rt.clock.sleep(opts.timeLimit * 1000, scope.signal)];
    if (opts.hangupOnStar) {
      racers.push(new Promise<void>((resolve) => (stopListening = call.keypad.listen((key) => key === '*' && resolve()))));
    }
    await raceAbort(Promise.race(racers), ctx.signal);
  } finally {
    stopListening();
    scope.abort(new Interrupt('done'));
    scope.dispose();
  }
}

async function dialQueue(ctx: VerbContext, noun: TwimlNode, opts: DialOptions, progress: DialProgress): Promise<void> {
  const { call, rt } = ctx;
  const a = attrsOf(ctx, noun);
  const name = noun.text;
  call.emit({ kind: 'dial', noun: 'queue', target: name });
  const url = a.url('url');
  const whisper = url ? { url, method: a.method('method') } : null;
  const queue = rt.queues.ensure(name);
  const started = rt.clock.now();
  let bridge: Bridge | null = null;
  // An empty queue waits up to the Dial timeout for someone to arrive.
  while (!bridge) {
    const left = opts.timeout * 1000 - rt.clock.simSeconds(started) * 1000;
    const member = left > 0 ? await queue.takeHead(left, ctx.signal) : null;
    if (!member) {
      progress.status = 'no-answer';
      return;
    }
    const waited = queue.waitSeconds(member);
    const offer = member.offer(call, whisper);
    try {
      bridge = await raceAbort(offer, ctx.signal);
    } catch (e) {
      // We left while the member heard the whisper: it must not bridge to us after all.
      member.withdraw();
      void offer.then((b) => b?.end(call));
      throw e;
    }
    progress.extra = { QueueSid: queue.sid, QueueTime: String(waited), DequeingCallSid: call.sid };
  }
  progress.status = 'completed';
  progress.dialCallSid = bridge.other(call).sid;
  progress.bridgedAt = bridge.startedAt;
  try {
    await talk(ctx, bridge, opts);
  } finally {
    progress.endedAt = rt.clock.now();
    // The dequeued caller keeps its own TwiML: ending the bridge sends it to its Enqueue action.
    bridge.end(bridge.isOpen ? call : null);
  }
}
