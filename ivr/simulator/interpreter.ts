import type { CallLeg } from './call.leg.js';
import type { Doc, Next } from './document.loader.js';
import { isInterrupt } from './interrupt.js';
import type { Runtime } from './runtime.js';
import { dial } from './verbs/dial.verb.js';
import { enqueue } from './verbs/enqueue.verb.js';
import { hangup, leave, redirect, reject } from './verbs/flow.verbs.js';
import { gather } from './verbs/gather.verb.js';
import { DEFAULT_LANGUAGE, DEFAULT_VOICE, pause, play, say, speakingMs } from './verbs/media.verbs.js';
import { record } from './verbs/record.verb.js';
import { NEXT, type Mode, type Outcome, type Verb, type VerbContext } from './verbs/verb.types.js';

const VERBS: Record<string, Verb> = {
  Say: say,
  Play: play,
  Pause: pause,
  Gather: gather,
  Record: record,
  Redirect: redirect,
  Hangup: hangup,
  Reject: reject,
  Enqueue: enqueue,
  Leave: leave,
  Dial: dial,
};

const ALLOWED: Record<Mode, ReadonlySet<string>> = {
  call: new Set(Object.keys(VERBS)),
  'queue-wait': new Set(['Play', 'Say', 'Pause', 'Gather', 'Redirect', 'Leave', 'Hangup']),
  'conference-wait': new Set(['Play', 'Say', 'Pause', 'Redirect']),
  whisper: new Set(['Play', 'Say', 'Pause', 'Redirect']),
};

/** Real TwiML verbs the simulator knows but does not act on. */
const NOT_SIMULATED = new Set(['Connect', 'Pay', 'Prompt', 'Refer', 'Sms', 'Message', 'Start', 'Stop', 'Echo', 'Sip']);

export const APPLICATION_ERROR = 'An application error has occurred. Goodbye.';
const ERROR_SCHEMA = 12200;

/** Runs TwiML for calls: one document at a time, verbs top to bottom (reference §2.1). */
export class Interpreter {
  constructor(private readonly rt: Runtime) {}

  /** A call's session: from the first document until the call ends or is redirected elsewhere. */
  async run(call: CallLeg, first: Next, signal: AbortSignal): Promise<void> {
    const { rt } = this;
    try {
      let next: Next = first;
      for (;;) {
        const doc = await rt.documents.load(call, next, signal, true);
        if (!doc) return await this.applicationError(call, signal);
        const out = await this.runVerbs({ rt, call, doc, signal, mode: 'call' });
        if (out.kind === 'goto') {
          next = out.next;
          continue;
        }
        if (out.kind !== 'end') rt.end(call, 'completed', 'no-more-verbs');
        return;
      }
    } catch (e) {
      if (isInterrupt(e)) return;
      rt.log('simulator error', { callSid: call.sid, error: (e as Error).message });
      if (call.isLive) {
        call.emit({ kind: 'error', code: 0, message: `simulator error: ${(e as Error).message}` });
        rt.end(call, 'failed', 'error');
      }
    }
  }

  /** Runs one document's verbs; stops at the first that moves control elsewhere. */
  async runVerbs(ctx: VerbContext): Promise<Outcome> {
    const { call, rt, mode } = ctx;
    for (const node of ctx.doc.verbs) {
      const verb = VERBS[node.name];
      if (!verb || !ALLOWED[mode].has(node.name)) {
        if (NOT_SIMULATED.has(node.name)) call.emit({ kind: 'notice', message: `<${node.name}> is not simulated; skipped` });
        else call.emit({ kind: 'error', code: ERROR_SCHEMA, message: `<${node.name}> is not allowed here; skipped` });
        continue;
      }
      // Twilio answers an inbound call when it runs a verb; <Reject> never answers, <Pause> delays it.
      if (mode === 'call' && call.status === 'ringing' && node.name !== 'Reject' && node.name !== 'Pause') rt.answer(call);
      const out = await verb(ctx, node);
      if (out.kind !== 'next') return out;
    }
    return NEXT;
  }

  /**
   * Follows documents within one context (whisper, conference wait) until their verbs run out.
   * A failed fetch just ends the run: these documents have no fallback.
   */
  async runDocuments(ctx: Omit<VerbContext, 'doc'>, first: Next): Promise<Outcome> {
    let next = first;
    for (;;) {
      const doc: Doc | null = await this.rt.documents.load(ctx.call, next, ctx.signal, false);
      if (!doc) return NEXT;
      const out = await this.runVerbs({ ...ctx, doc });
      if (out.kind !== 'goto') return out;
      next = out.next;
    }
  }

  /** Twilio's last resort when both the URL and the fallback failed. */
  private async applicationError(call: CallLeg, signal: AbortSignal): Promise<void> {
    if (call.status === 'ringing') this.rt.answer(call);
    call.emit({ kind: 'say', text: APPLICATION_ERROR, language: DEFAULT_LANGUAGE, voice: DEFAULT_VOICE });
    await this.rt.clock.sleep(speakingMs(APPLICATION_ERROR), signal);
    this.rt.end(call, 'completed', 'error');
  }
}
