import type { QueueResult } from '../call.types.js';
import type { Bridge } from '../bridge.js';
import type { Next } from '../document.loader.js';
import { Interrupt, Scope, forever, interruptOf, isInterrupt, raceAbort } from '../interrupt.js';
import type { QueueMember, SimQueue, Take } from '../queues.js';
import type { Attrs } from '../twiml.attrs.js';
import type { HttpMethod } from '../webhook.client.js';
import { NEXT, attrsOf, goto, type Outcome, type Verb, type VerbContext } from './verb.types.js';

/** Twilio's default hold music for <Enqueue> and <Conference> without a waitUrl. */
export const DEFAULT_HOLD_MUSIC = 'https://twimlets.com/holdmusic?Bucket=com.twilio.music.classical';
/** How long one default hold-music track lasts before the next play event. */
const HOLD_TRACK_MS = 30_000;
/** Retry delay after a waitUrl fails: the caller keeps waiting, in silence. */
const WAIT_RETRY_MS = 10_000;
/** An empty waitUrl document is re-requested no faster than this. */
const WAIT_MIN_LOOP_MS = 1000;

export type WaitSource = { kind: 'default' } | { kind: 'silence' } | { kind: 'url'; url: string; method: HttpMethod };

/** waitUrl: absent → Twilio's hold music; "" → silence; else a TwiML URL. */
export function waitSource(a: Attrs, urlAttr: string, methodAttr: string): WaitSource {
  if (!a.has(urlAttr)) return { kind: 'default' };
  const url = a.url(urlAttr);
  if (url === undefined) return { kind: 'silence' };
  if (url === null) return { kind: 'default' };
  return { kind: 'url', url, method: a.method(methodAttr) };
}

/**
 * <Enqueue> (reference §2.2): holds the caller in a named queue (created on demand), runs waitUrl
 * and re-requests it whenever its verbs run out. The wait ends on <Leave>, on a <Dial><Queue>
 * bridge (and then when that bridge ends), on a REST dequeue/redirect, or on hangup. With an action
 * the result goes there (QueueResult); without one the next verb runs.
 */
export const enqueue: Verb = async (ctx, node) => {
  const { call, rt } = ctx;
  const a = attrsOf(ctx, node);
  const name = node.text;
  if (!name || name.length > 64) {
    call.emit({ kind: 'error', code: 12200, message: '<Enqueue> needs a queue name of 1 to 64 characters' });
    return NEXT;
  }
  if (a.has('workflowSid')) {
    call.emit({ kind: 'notice', message: 'TaskRouter workflows are not simulated; the call waits in a plain queue' });
  }
  const action = a.url('action');
  const method = a.method('method');
  const wait = waitSource(a, 'waitUrl', 'waitUrlMethod');
  const queue = rt.queues.ensure(name);

  if (queue.isFull) {
    call.emit({ kind: 'queue-left', queue: name, result: 'queue-full' });
    return action ? goto(ctx, action, method, 'action', { QueueResult: 'queue-full' }) : NEXT;
  }

  const member = queue.add(call);
  call.queueSeat = { name, position: () => queue.position(member) };
  call.emit({ kind: 'enqueue', queue: name });
  const resultParams = (result: QueueResult) => ({
    QueueResult: result,
    QueueSid: queue.sid,
    QueueTime: String(queue.waitSeconds(member)),
  });

  let result: QueueResult = 'error';
  let bridge: Bridge | null = null;
  let announced = false;
  const hold = new Scope(ctx.signal);
  try {
    const holding = holdLoop({ ...ctx, signal: hold.signal, mode: 'queue-wait', extraParams: () => queueParams(queue, member) }, wait);
    holding.catch(() => {}); // awaited below when it matters
    const first = await Promise.race([holding, member.whenTaken]);
    if (first === 'leave') {
      result = 'leave';
    } else {
      hold.abort(new Interrupt('done'));
      await holding.catch((e) => {
        if (!isInterrupt(e)) throw e;
      });
      if (ctx.signal.aborted) throw interruptOf(ctx.signal);
      queue.remove(member);
      call.queueSeat = null;
      bridge = await connect(ctx, first, queue, member);
      if (!bridge) {
        result = 'error';
      } else {
        announced = true;
        await raceAbort(bridge.ended, ctx.signal);
        result = 'bridged';
      }
    }
  } catch (e) {
    if (isInterrupt(e) && e.reason !== 'shutdown') {
      result = e.reason === 'redirect' ? (bridge ? 'redirected-from-bridged' : 'redirected') : 'hangup';
      // The call is gone or elsewhere: the action still learns why, its TwiML is ignored.
      if (action) rt.notifyUrl(call, action, method, resultParams(result));
    }
    throw e;
  } finally {
    hold.abort(new Interrupt('done'));
    hold.dispose();
    queue.remove(member);
    call.queueSeat = null;
    member.take?.accept(null); // a dequeuer still waiting on this member gets nobody
    bridge?.end(call);
    if (!announced && call.isLive) call.emit({ kind: 'queue-left', queue: name, result });
  }
  return action ? goto(ctx, action, method, 'action', resultParams(result)) : NEXT;
};

/** Runs the dequeuer's whisper to this caller, then bridges them; null when the dequeuer is gone. */
async function connect(ctx: VerbContext, take: Take, queue: SimQueue, member: QueueMember): Promise<Bridge | null> {
  const { call, rt } = ctx;
  if (take.whisper) {
    const params = { QueueSid: queue.sid, QueueTime: String(queue.waitSeconds(member)), DequeingCallSid: take.dequeuer.sid };
    await rt.interpreter.runDocuments(
      { ...ctx, mode: 'whisper', extraParams: () => params },
      { kind: 'fetch', url: take.whisper.url, method: take.whisper.method, purpose: 'whisper', params },
    );
  }
  if (!take.dequeuer.isLive || take.withdrawn) {
    take.accept(null);
    return null;
  }
  call.emit({ kind: 'queue-left', queue: queue.name, result: 'bridged' });
  const bridge = rt.bridge(take.dequeuer, call);
  take.accept(bridge);
  return bridge;
}

function queueParams(queue: SimQueue, member: QueueMember): Record<string, string> {
  return {
    QueuePosition: String(queue.position(member)),
    QueueSid: queue.sid,
    QueueTime: String(queue.waitSeconds(member)),
    AvgQueueTime: String(queue.averageWaitSeconds()),
    CurrentQueueSize: String(queue.members.length),
    MaxQueueSize: String(queue.maxSize),
  };
}

/** Plays the wait source until <Leave> ('leave'); otherwise only ends by interruption. */
async function holdLoop(ctx: VerbContext, wait: WaitSource): Promise<'leave'> {
  const { rt, call, signal } = ctx;
  if (wait.kind === 'silence') return forever(signal);
  if (wait.kind === 'default') {
    for (;;) {
      call.emit({ kind: 'play', url: DEFAULT_HOLD_MUSIC });
      await rt.clock.sleep(HOLD_TRACK_MS, signal);
    }
  }
  const fresh = (): Next => ({ kind: 'fetch', url: wait.url, method: wait.method, purpose: 'wait', params: ctx.extraParams?.() });
  let next = fresh();
  for (;;) {
    const started = rt.clock.now();
    const doc = await rt.documents.load(call, next, signal, false);
    if (!doc) {
      await rt.clock.sleep(WAIT_RETRY_MS, signal);
      next = fresh();
      continue;
    }
    const out: Outcome = await rt.interpreter.runVerbs({ ...ctx, doc });
    if (out.kind === 'leave') return 'leave';
    if (out.kind === 'end') throw interruptOf(signal);
    if (out.kind === 'goto') {
      next = out.next;
      continue;
    }
    const spent = rt.clock.simSeconds(started) * 1000;
    if (spent < WAIT_MIN_LOOP_MS) await rt.clock.sleep(WAIT_MIN_LOOP_MS - spent, signal);
    next = fresh();
  }
}
