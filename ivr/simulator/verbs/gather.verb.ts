import { Interrupt, Scope, isInterrupt } from '../interrupt.js';
import { KeyBuffer, Keypad } from '../keypad.js';
import { pause, play, say } from './media.verbs.js';
import { NEXT, attrsOf, goto, type Verb, type VerbContext } from './verb.types.js';

const PROMPTS: Record<string, Verb> = { Say: say, Play: play, Pause: pause };

/** There is no recogniser: the words said are the result, always this sure. */
export const SPEECH_CONFIDENCE = '0.9';

/**
 * <Gather> (reference §2.2): nested Say/Play/Pause play first and the first key stops them; the
 * timeout runs from the end of the prompts, then from each key. It ends on numDigits, on
 * finishOnKey (not included in Digits), or on a timeout after some input, and requests the action.
 * No input (or finishOnKey alone) falls through to the next verb unless actionOnEmptyResult.
 * With input speech, words said before any key end it at once (prompts included) and the action
 * gets SpeechResult and Confidence instead of Digits; with "dtmf speech" the first input wins.
 * There is no recogniser, so language, hints, speechTimeout (the result comes at once, as with
 * "auto"), speechModel, profanityFilter and bargeIn (words always stop the prompts) are ignored.
 */
export const gather: Verb = async (ctx, node) => {
  const { call, rt } = ctx;
  const a = attrsOf(ctx, node);
  const input = (a.str('input') || 'dtmf').split(/\s+/).filter(Boolean);
  const hearsSpeech = input.includes('speech');
  // Twilio hears only the inputs listed; an input naming neither is taken as the default, dtmf.
  const hearsKeys = input.includes('dtmf') || !hearsSpeech;
  const numDigits = a.has('numDigits') ? a.num('numDigits', 0, 1) || null : null;
  const timeout = a.num('timeout', 5, 1, 600);
  const rawFinish = a.str('finishOnKey');
  const finishOnKey = rawFinish === undefined ? '#' : /^[0-9*#]?$/.test(rawFinish) ? rawFinish : '#';
  const actionOnEmptyResult = a.bool('actionOnEmptyResult', false);
  const action = a.url('action') ?? ctx.doc.url;
  const method = a.method('method');
  if (!action) {
    call.emit({ kind: 'error', code: 11100, message: '<Gather> in inline TwiML needs an absolute action' });
    return NEXT;
  }

  // Keys count from the start, but the gather event marks the moment the caller has heard the
  // menu (prompts over, or cut short by a key or words): from then on the timeout runs.
  let announced = false;
  const announce = () => {
    if (announced) return;
    announced = true;
    call.emit({ kind: 'gather', numDigits, timeout, finishOnKey, action, input });
  };
  // A speech-only Gather listens to a keypad nobody presses.
  const keys = new KeyBuffer(hearsKeys ? call.keypad : new Keypad(), rt.clock);
  const listening = new Scope(ctx.signal);
  let speech: string | null = null;
  const stopHearing = hearsSpeech
    ? call.microphone.listen((text) => {
        // The first input wins: once a key is in, words are not heard.
        if (speech !== null || keys.heardAny) return;
        speech = text;
        listening.abort(new Interrupt('speech'));
      })
    : () => {};
  let digits = '';
  let finishedOnKey = '';
  try {
    await playPrompts({ ...ctx, signal: listening.signal }, node.children, keys, announce);
    announce();
    for (;;) {
      const key = await keys.next(timeout * 1000, listening.signal);
      if (key === null) break;
      if (finishOnKey && key === finishOnKey) {
        finishedOnKey = key;
        break;
      }
      digits += key;
      if (numDigits && digits.length >= numDigits) break;
    }
  } catch (e) {
    // Words ended the Gather; anything else (a hangup, a redirect) unwinds the call.
    if (!(speech !== null && isInterrupt(e) && e.reason === 'speech' && !ctx.signal.aborted)) throw e;
    announce();
  } finally {
    stopHearing();
    keys.close();
    listening.dispose();
  }
  if (speech !== null) {
    return goto(ctx, action, method, 'action', { SpeechResult: speech, Confidence: SPEECH_CONFIDENCE, FinishedOnKey: '' });
  }
  if (!digits && !actionOnEmptyResult) return NEXT;
  return goto(ctx, action, method, 'action', { Digits: digits, FinishedOnKey: finishedOnKey });
};

async function playPrompts(ctx: VerbContext, prompts: VerbContext['doc']['verbs'], keys: KeyBuffer, onKey: () => void): Promise<void> {
  const prompt = new Scope(ctx.signal);
  keys.onFirstKey(() => {
    prompt.abort(new Interrupt('key'));
    onKey();
  });
  try {
    for (const child of prompts) {
      const verb = PROMPTS[child.name];
      if (!verb) {
        ctx.call.emit({ kind: 'error', code: 12200, message: `<${child.name}> is not allowed inside <Gather>` });
        continue;
      }
      await verb({ ...ctx, signal: prompt.signal }, child);
    }
  } catch (e) {
    // A key stopped the prompt: the gather goes on listening. Anything else (words, which end
    // the gather, a hangup) is the caller's to handle.
    if (!(isInterrupt(e) && e.reason === 'key' && !ctx.signal.aborted)) throw e;
  } finally {
    prompt.dispose();
  }
}
