import { parseArgs } from 'node:util';
import { z } from 'zod';
import { LANGUAGE_KEYS } from '../ivr/flow/flow.js';
import { LANGUAGES, type Language } from '../ivr/languages.js';
import type { SimEvent } from '../ivr/simulator/index.js';
import { DEFAULT_HOLD_MUSIC } from '../ivr/simulator/verbs/enqueue.verb.js';

// The pure half of `npm run call`: options, which key to press when, what the caller hears as
// text lines, and whether the call got through. No I/O here; `call.ts` does the talking.

export const USAGE = `Usage: npm run call -- [options]

Places a simulated call to a running Approdo in simulator mode (npm start) and prints what the
caller hears, line by line. Exit code: 0 if the call reached the queue or an operator, 1 if not,
2 on bad options.

Options:
  --url <url>          the server (default http://localhost:3000)
  --user <username>    staff who may use the softphone: operator, supervisor or admin (default operator1)
  --password <pw>      their password (default: the DEMO_PASSWORD environment variable; required)
  --lang <language>    answer the language menu: ${LANGUAGES.join(', ')}
  --press <keys>       then answer the following menus, one key per menu: each of 0-9 * # is pressed
                       when the next menu has been read (e.g. "1", or "*1": cannot talk freely, then
                       help for myself); without --lang the first key answers the language menu;
                       keys left once queued answer the hold loop's menu
  --say <words>        after the keys, say these words at the next menu that listens for speech
                       (a Gather with input speech; the simulator hears the text as said, up to
                       500 characters), e.g. --say "I am in danger"
  --wait <seconds>     stay on the line this long (real seconds) after the last key or words, then
                       hang up; without keys, counted from dialling (default 30)
  --json               print the simulator's raw events as JSON lines instead of text
  -h, --help           show this help

Example: npm run call -- --lang ar --press 1 --wait 30`;

export interface CallOptions {
  url: string;
  user: string;
  password: string;
  language: Language | null;
  /** Keys for the menus after the language menu (or from the first menu, without a language). */
  press: string;
  /** Words to say, after the keys, at the next menu that listens for speech. */
  say: string | null;
  waitSeconds: number;
  json: boolean;
}

export type ParsedArgs =
  | { kind: 'call'; options: CallOptions }
  | { kind: 'help' }
  | { kind: 'invalid'; message: string };

const KEYS = /^[0-9*#]*$/;
/** Twilio's longest call is 4 hours; no scripted call needs longer. */
const MAX_WAIT_SECONDS = 4 * 3600;
/** As much as the softphone API takes at once. */
const MAX_SAY_CHARS = 500;

/** Reads the command line; `env` is where the password may come from. Never throws. */
export function parseCallArgs(argv: string[], env: { DEMO_PASSWORD?: string }): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string', default: 'http://localhost:3000' },
        user: { type: 'string', default: 'operator1' },
        password: { type: 'string' },
        lang: { type: 'string' },
        press: { type: 'string', default: '' },
        say: { type: 'string' },
        wait: { type: 'string', default: '30' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    return { kind: 'invalid', message: (err as Error).message };
  }
  if (values.help) return { kind: 'help' };

  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    return { kind: 'invalid', message: `--url ${JSON.stringify(values.url)} is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'invalid', message: '--url must be http or https' };
  if (!values.user) return { kind: 'invalid', message: '--user must not be empty' };
  const password = values.password ?? env.DEMO_PASSWORD;
  if (!password) return { kind: 'invalid', message: '--password is required (or set DEMO_PASSWORD)' };
  const language = values.lang ?? null;
  if (language !== null && !isLanguage(language)) {
    return { kind: 'invalid', message: `--lang ${JSON.stringify(language)} is not one of ${LANGUAGES.join(', ')}` };
  }
  if (!KEYS.test(values.press)) return { kind: 'invalid', message: '--press takes only the keys 0-9, * and #' };
  const say = values.say ?? null;
  if (say !== null && (!/\S/.test(say) || say.length > MAX_SAY_CHARS)) {
    return { kind: 'invalid', message: `--say takes words, up to ${MAX_SAY_CHARS} characters` };
  }
  const waitSeconds = values.wait.trim() === '' ? NaN : Number(values.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
    return { kind: 'invalid', message: `--wait takes seconds from 0 to ${MAX_WAIT_SECONDS}` };
  }
  return {
    kind: 'call',
    options: { url: url.origin + url.pathname.replace(/\/+$/, ''), user: values.user, password, language, press: values.press, say, waitSeconds, json: values.json },
  };
}

const isLanguage = (s: string): s is Language => (LANGUAGES as readonly string[]).includes(s);

/** The language menu's key for a language, from the IVR's own map. */
export function languageKey(language: Language): string {
  const entry = Object.entries(LANGUAGE_KEYS).find(([, l]) => l === language);
  if (!entry) throw new Error(`no menu key for ${language}`);
  return entry[0];
}

/** One key per menu, in order: the language's key first, then --press. */
export function menuKeys(options: Pick<CallOptions, 'language' | 'press'>): string[] {
  return [...(options.language ? languageKey(options.language) : ''), ...options.press];
}

// --- The call as the softphone API shows it -------------------------------------------------

/** The view's outline is checked (a server of another version may answer); events are the simulator's. */
const WireCallView = z.object({
  sid: z.string(),
  status: z.string(),
  events: z.array(z.looseObject({ kind: z.string(), seq: z.number() })),
  queue: z.object({ name: z.string(), position: z.number().nullable() }).nullable().optional(),
});
export interface CallView {
  sid: string;
  status: string;
  events: SimEvent[];
  queue: { name: string; position: number | null } | null;
}

/** A call view from the softphone API (GET or the stream), or null if it is not one. */
export function readCallView(data: unknown): CallView | null {
  const parsed = WireCallView.safeParse(data);
  if (!parsed.success) return null;
  const { sid, status, events, queue } = parsed.data;
  return { sid, status, events: [...events].sort((a, b) => a.seq - b.seq) as unknown as SimEvent[], queue: queue ?? null };
}

export const ENDED_STATUSES: readonly string[] = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

/** Server-sent events, fed in chunks as they arrive off the wire. */
export class SseReader {
  private buffer = '';

  /** The complete messages in this chunk (and what earlier chunks left unfinished). */
  push(chunk: string): Array<{ event: string; data: string }> {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const messages: Array<{ event: string; data: string }> = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue; // a heartbeat comment
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) messages.push({ event, data: data.join('\n') });
    }
    return messages;
  }
}

// --- What the caller hears ------------------------------------------------------------------

/** An E.164 number anywhere in a line (the on-call number in a Dial, a number in an error). */
const PHONE_NUMBER = /\+[1-9]\d{5,14}/g;
/** Output never carries a phone number: the caller's, an operator's or the on-call colleague's. */
export const hideNumbers = (text: string): string => text.replace(PHONE_NUMBER, '(number hidden)');

/** A recorded prompt by its last two path segments (`sq/welcome.mp3`): enough to know which one played. */
function recordingName(url: string): string {
  try {
    return new URL(url).pathname.split('/').filter(Boolean).slice(-2).join('/') || url;
  } catch {
    return url;
  }
}

const HUNG_UP_BY: Record<string, string> = {
  caller: 'you hung up',
  twiml: 'the helpline hung up',
  'no-more-verbs': 'the helpline hung up',
  remote: 'the other side hung up',
  rest: 'the helpline ended the call',
  error: 'the call failed',
  'time-limit': 'the call reached its time limit',
  shutdown: 'the simulator shut down',
};

/**
 * Turns a call's events into the lines a support person reads: what was said (with its language),
 * pauses, music, menus, keys, the queue, the operator, the end. Stateful only to say "connected"
 * once per conference. Technical events (webhook requests) print nothing.
 */
export class Transcript {
  private readonly connected = new Set<string>();

  constructor(private readonly callSid: string) {}

  /** The line for this event (null: nothing the caller notices); `view` is the view it arrived in. */
  line(e: SimEvent, view?: CallView): string | null {
    const text = this.describe(e, view);
    return text === null ? null : hideNumbers(text);
  }

  private describe(e: SimEvent, view?: CallView): string | null {
    switch (e.kind) {
      case 'say': return `[${e.language}] ${e.text}`;
      case 'play':
        if (e.url === DEFAULT_HOLD_MUSIC) return '(hold music)';
        return e.digits ? `(tones ${e.digits})` : `(recording ${recordingName(e.url)})`;
      case 'pause': return `(pause ${e.length} s)`;
      case 'gather': return `(menu: waiting ${e.timeout} s for ${listensForSpeech(e) ? 'a key or words' : 'a key'})`;
      case 'digits': return `(pressed ${e.digits})`;
      case 'spoke': return `(said "${e.text}")`;
      case 'enqueue': {
        const position = view?.queue?.name === e.queue ? view.queue.position : null;
        return position === null ? `(waiting in queue ${e.queue})` : `(waiting in queue ${e.queue}, position ${position})`;
      }
      case 'queue-left': return `(left queue ${e.queue}: ${e.result})`;
      // Conference events say it better; a number dialled is never shown.
      case 'dial':
        if (e.noun === 'conference') return null;
        if (e.noun === 'queue') return `(dialling queue ${e.target})`;
        return e.noun === 'client' ? `(dialling ${e.target})` : '(dialling a phone number)';
      case 'conference': return this.conference(e);
      case 'beep': return '(beep)';
      case 'bridged': return '(connected)';
      case 'unbridged': return '(disconnected)';
      case 'record': return `(recording, up to ${e.maxLength} s)`;
      case 'status':
        if (ENDED_STATUSES.includes(e.status)) return `(call ended: ${e.status})`;
        if (e.status === 'ringing') return '(ringing)';
        return e.status === 'in-progress' ? '(answered)' : null;
      case 'error': return `(error ${e.code}: ${e.message})`;
      case 'notice': return `(simulator: ${e.message})`;
      case 'hangup': return `(${HUNG_UP_BY[e.by] ?? `hung up: ${e.by}`})`;
      default: return null;
    }
  }

  private conference(e: Extract<SimEvent, { kind: 'conference' }>): string | null {
    const withSomeone = Array.isArray(e.participants) && e.participants.length >= 2;
    if ((e.state === 'started' || (e.state === 'joined' && withSomeone)) && !this.connected.has(e.name)) {
      this.connected.add(e.name);
      return `(connected: conference ${e.name})`;
    }
    if (e.state === 'joined' && e.callSid === this.callSid && !withSomeone) return `(waiting in conference ${e.name})`;
    if (e.state === 'left') return e.callSid === this.callSid ? `(left conference ${e.name})` : '(the other party left the conference)';
    if (e.state === 'ended') return `(conference ended: ${e.name})`;
    return null;
  }
}

/** One event as a JSON line, numbers hidden as in the text. */
export const jsonLine = (e: SimEvent): string =>
  JSON.stringify(e, (_key, value: unknown) => (typeof value === 'string' ? hideNumbers(value) : value));

// --- Did the call get through? --------------------------------------------------------------

export type Reached = 'operator' | 'queue' | null;

/** The furthest the call got: to an operator (a bridge or a conference with someone), the queue, or neither. */
export function reached(events: readonly SimEvent[]): Reached {
  const operator = events.some((e) =>
    e.kind === 'bridged' || (e.kind === 'conference' && (e.state === 'started' || (e.state === 'joined' && Array.isArray(e.participants) && e.participants.length >= 2))));
  if (operator) return 'operator';
  return events.some((e) => e.kind === 'enqueue') ? 'queue' : null;
}

/** Whether a menu hears words: its Gather's input includes speech. */
export const listensForSpeech = (e: SimEvent): boolean =>
  e.kind === 'gather' && Array.isArray(e.input) && e.input.includes('speech');

/** Whether the caller has left the IVR's menus, for the queue or an operator. */
export const pastTheMenus = (e: SimEvent): boolean =>
  e.kind === 'enqueue' || e.kind === 'bridged' || e.kind === 'conference';
