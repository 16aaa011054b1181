import type { Beep, ConferenceCallbackConfig } from '../conferences.js';
import { Interrupt, Scope, forever, raceAbort } from '../interrupt.js';
import type { TwimlNode } from '../twiml.parser.js';
import type { DialOptions, DialProgress } from './dial.verb.js';
import { DEFAULT_HOLD_MUSIC, waitSource, type WaitSource } from './enqueue.verb.js';
import { attrsOf, type VerbContext } from './verb.types.js';

const BEEPS: readonly Beep[] = ['true', 'false', 'onEnter', 'onExit'];
const HOLD_TRACK_MS = 30_000;

/**
 * <Dial><Conference> (reference §2.2): joins the named room; until it starts the participant hears
 * waitUrl (silence once its verbs run out). The Dial returns when the conference ends, when REST
 * removes the participant, or at timeLimit; DialCallStatus is "answered".
 */
export async function dialConference(ctx: VerbContext, noun: TwimlNode, opts: DialOptions, progress: DialProgress): Promise<void> {
  const { call, rt } = ctx;
  const a = attrsOf(ctx, noun);
  const name = noun.text;
  call.emit({ kind: 'dial', noun: 'conference', target: name });
  if (!name) {
    call.emit({ kind: 'error', code: 12200, message: '<Conference> needs a room name' });
    return;
  }
  if (a.has('record')) call.emit({ kind: 'notice', message: 'conference recording is not simulated' });
  const beep = a.str('beep');
  const conf = rt.conferences.ensure(name);
  const participant = conf.join(
    call,
    {
      startConferenceOnEnter: a.bool('startConferenceOnEnter', true),
      endConferenceOnExit: a.bool('endConferenceOnExit', false),
      muted: a.bool('muted', false),
      beep: BEEPS.includes(beep as Beep) ? (beep as Beep) : 'true',
      label: a.str('participantLabel') ?? null,
      coaching: !!a.str('coach'),
      callSidToCoach: a.str('coach') ?? null,
    },
    conferenceCallback(ctx, noun),
  );
  progress.status = 'answered';
  const music = new Scope(ctx.signal);
  const limit = new Scope(ctx.signal);
  try {
    if (conf.status === 'init') {
      const playing = waitMusic({ ...ctx, signal: music.signal, mode: 'conference-wait' }, waitSource(a, 'waitUrl', 'waitMethod'));
      playing.catch(() => {});
      await raceAbort(Promise.race([conf.whenStarted, participant.whenRemoved, playing]), ctx.signal);
      music.abort(new Interrupt('done'));
    }
    if (conf.status !== 'completed') {
      await raceAbort(
        Promise.race([conf.whenEnded, participant.whenRemoved, rt.clock.sleep(opts.timeLimit * 1000, limit.signal)]),
        ctx.signal,
      );
    }
  } finally {
    music.abort(new Interrupt('done'));
    music.dispose();
    limit.abort(new Interrupt('done'));
    limit.dispose();
    conf.leave(participant);
  }
}

function conferenceCallback(ctx: VerbContext, noun: TwimlNode): ConferenceCallbackConfig | null {
  const a = attrsOf(ctx, noun);
  const url = a.url('statusCallback');
  if (!url) return null;
  const events = (a.str('statusCallbackEvent') ?? 'start end').split(/\s+/).filter(Boolean);
  return { url, method: a.method('statusCallbackMethod'), events: new Set(events) };
}

/** Waiting alone: the waitUrl's verbs once (then silence), or Twilio's default music. */
async function waitMusic(ctx: VerbContext, wait: WaitSource): Promise<never> {
  const { rt, call, signal } = ctx;
  if (wait.kind === 'silence') return forever(signal);
  if (wait.kind === 'default') {
    for (;;) {
      call.emit({ kind: 'play', url: DEFAULT_HOLD_MUSIC });
      await rt.clock.sleep(HOLD_TRACK_MS, signal);
    }
  }
  await rt.interpreter.runDocuments(ctx, { kind: 'fetch', url: wait.url, method: wait.method, purpose: 'conference-wait' });
  return forever(signal);
}
