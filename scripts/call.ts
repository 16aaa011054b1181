import { pathToFileURL } from 'node:url';
import type { SimEvent } from '../ivr/simulator/index.js';
import {
  type CallOptions,
  type CallView,
  ENDED_STATUSES,
  jsonLine,
  listensForSpeech,
  menuKeys,
  parseCallArgs,
  pastTheMenus,
  reached,
  type Reached,
  readCallView,
  SseReader,
  Transcript,
  USAGE,
} from './call.lib.js';

// `npm run call`: a scripted caller for support staff and tests. It dials a running Approdo's
// simulator through the caller-softphone API (docs/simulator.md), answers the menus, stays on the
// line, hangs up, and prints what the caller heard. See USAGE in call.lib.ts.

/** How long the call may take to end once we have hung up before we stop waiting for it. */
const END_GRACE_MS = 10_000;
/** Polling, when the event stream is unavailable. */
const POLL_MS = 500;
const MAX_POLL_FAILURES = 10;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The caller-softphone API with a signed-in staff session: cookie and CSRF token. */
export class Softphone {
  private cookie = '';
  private csrf = '';

  constructor(private readonly base: string) {}

  async signIn(username: string, password: string): Promise<void> {
    const session = await this.json<{ csrfToken: string }>('GET', '/api/session');
    this.csrf = session.csrfToken;
    const signedIn = await this.json<{ csrfToken: string }>('POST', '/api/session', { username, password });
    this.csrf = signedIn.csrfToken;
  }

  async place(): Promise<string> {
    return (await this.json<{ sid: string }>('POST', '/sim/phone/calls', {})).sid;
  }

  async press(sid: string, digits: string): Promise<void> {
    await this.json('POST', `/sim/phone/calls/${sid}/digits`, { digits });
  }

  async speak(sid: string, text: string): Promise<void> {
    await this.json('POST', `/sim/phone/calls/${sid}/speech`, { text });
  }

  async hangup(sid: string): Promise<void> {
    await this.json('POST', `/sim/phone/calls/${sid}/hangup`, {});
  }

  async view(sid: string): Promise<CallView> {
    const view = readCallView(await this.json('GET', `/sim/phone/calls/${sid}`));
    if (!view) throw new HttpError(0, 'unreadable', 'the server sent a call view this script cannot read');
    return view;
  }

  /** Follows the call's event stream until the server closes it (or `signal` aborts). */
  async watch(sid: string, onView: (view: CallView) => void, signal: AbortSignal): Promise<void> {
    const res = await this.request('GET', `/sim/phone/calls/${sid}/stream`, undefined, signal, { accept: 'text/event-stream' });
    if (!res.ok || !res.body) throw await failure(res);
    const sse = new SseReader();
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        for (const message of sse.push(decoder.decode(value, { stream: true }))) {
          if (message.event !== 'call') continue;
          let view: CallView | null = null;
          try {
            view = readCallView(JSON.parse(message.data));
          } catch {
            // A message cut short: the next one carries the whole view again.
          }
          if (view) onView(view);
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    }
  }

  private async request(method: string, path: string, body: unknown, signal?: AbortSignal, extra: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { ...extra };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) this.cookie = cookie.split(';')[0];
    return res;
  }

  private async json<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    if (!res.ok) throw await failure(res);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

async function failure(res: Response): Promise<HttpError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new HttpError(res.status, body?.error?.code ?? 'http', body?.error?.message ?? `HTTP ${res.status}`);
}

export interface Output {
  line(text: string): void;
  warn(text: string): void;
}

export interface CallResult {
  sid: string;
  reached: Reached;
  status: string;
}

/**
 * Places the call and plays the caller: at each menu (a `gather` event: the IVR's menus, then the
 * hold loop's) the next key is pressed; once the keys are out, the words (`say`) are said at the
 * next menu that listens for speech. `waitSeconds` after the last key or words (without keys,
 * after dialling) it hangs up. Keys still unpressed once the call is queued or put through get
 * `waitSeconds` from then to find a menu, so a call never waits for a menu that does not come.
 * Resolves once the call has ended. `stop` hangs up early (Ctrl-C).
 */
export async function runScriptedCall(phone: Softphone, options: CallOptions, out: Output, stop?: AbortSignal): Promise<CallResult> {
  const keys = menuKeys(options);
  const sid = await phone.place();
  const transcript = new Transcript(sid);
  const events: SimEvent[] = [];
  let status = 'queued';
  let lastSeq = -1;
  let pressed = 0;
  let toSay = options.say;
  let waitTimer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  let hungUp = false;
  // One request at a time, so the keys reach the IVR in order and the hang-up comes last.
  let actions: Promise<void> = Promise.resolve();
  let failed: unknown = null;

  let finish!: () => void;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const act = (what: () => Promise<void>) => {
    actions = actions.then(what).catch((err: unknown) => {
      // The call ended between the event and our key: nothing to press any more.
      if (err instanceof HttpError && err.status === 409) return;
      failed ??= err;
      finish();
    });
  };
  const hangUp = () => {
    if (hungUp) return;
    hungUp = true;
    clearTimeout(waitTimer);
    act(() => phone.hangup(sid));
    graceTimer = setTimeout(() => {
      out.warn(`The call had not ended ${END_GRACE_MS / 1000} s after hanging up; stopped waiting.`);
      finish();
    }, END_GRACE_MS);
  };
  const startWaiting = ({ again = false } = {}) => {
    if (hungUp || (waitTimer !== undefined && !again)) return;
    clearTimeout(waitTimer);
    waitTimer = setTimeout(hangUp, options.waitSeconds * 1000);
  };

  const onView = (view: CallView) => {
    for (const e of view.events) {
      if (e.seq <= lastSeq) continue;
      lastSeq = e.seq;
      events.push(e);
      if (options.json) out.line(jsonLine(e));
      else {
        const line = transcript.line(e, view);
        if (line !== null) out.line(line);
      }
      if (e.kind === 'gather' && pressed < keys.length && !hungUp) {
        const key = keys[pressed++];
        act(() => phone.press(sid, key));
        if (pressed === keys.length) act(async () => startWaiting({ again: true }));
      } else if (toSay !== null && listensForSpeech(e) && !hungUp) {
        const words = toSay;
        toSay = null;
        act(() => phone.speak(sid, words));
        act(async () => startWaiting({ again: true }));
      } else if (pastTheMenus(e)) {
        startWaiting();
      }
    }
    status = view.status;
    if (ENDED_STATUSES.includes(view.status)) finish();
  };

  if (!keys.length) startWaiting();
  const onStop = () => hangUp();
  if (stop?.aborted) hangUp();
  stop?.addEventListener('abort', onStop);
  const following = new AbortController();
  const follow = async () => {
    try {
      await phone.watch(sid, onView, following.signal);
    } catch (err) {
      if (following.signal.aborted) return;
      out.warn(`The event stream failed (${(err as Error).message}); polling instead.`);
    }
    // The stream closes a second after the end; if it closed before, poll.
    let failures = 0;
    while (!following.signal.aborted && !ENDED_STATUSES.includes(status)) {
      try {
        onView(await phone.view(sid));
        failures = 0;
      } catch (err) {
        if (++failures >= MAX_POLL_FAILURES) {
          failed ??= err;
          finish();
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  const watching = follow();
  await ended;
  following.abort();
  clearTimeout(waitTimer);
  clearTimeout(graceTimer);
  stop?.removeEventListener('abort', onStop);
  await watching;
  if (failed) throw failed;
  if (pressed < keys.length) out.warn(`Not pressed, for want of a menu: "${keys.slice(pressed).join('')}".`);
  if (toSay !== null) out.warn(`Not said, for want of a menu that listens for speech: "${toSay}".`);
  return { sid, reached: reached(events), status };
}

/** Why a call could not be made, in words for the person at the keyboard. */
export function explain(err: unknown, options: Pick<CallOptions, 'url' | 'user'>): string {
  if (err instanceof HttpError) {
    if (err.status === 401) return `Signing in as ${options.user} failed: wrong username or password.`;
    if (err.status === 429) return `Too many failed sign-ins as ${options.user}; wait a few minutes.`;
    if (err.status === 403) return `${options.user} may not use the softphone (operators, supervisors and admins may).`;
    if (err.status === 404) return `${options.url} has no caller softphone: is it running in simulator mode (no Twilio credentials)?`;
    return `The server answered ${err.status} ${err.code}: ${err.message}`;
  }
  const cause = (err as { cause?: { code?: string } }).cause;
  if (err instanceof TypeError && cause?.code) return `Cannot reach ${options.url} (${cause.code}): is Approdo running (npm start)?`;
  return `The call failed: ${err instanceof Error ? err.message : String(err)}`;
}

/** The command: returns the exit code (0 got through, 1 did not, 2 bad options). */
export async function main(argv: string[], env: { DEMO_PASSWORD?: string }, io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const parsed = parseCallArgs(argv, env);
  if (parsed.kind === 'help') {
    io.out.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'invalid') {
    io.err.write(`${parsed.message}\n\n${USAGE}\n`);
    return 2;
  }
  const { options } = parsed;
  const stop = new AbortController();
  // Piped into `head` and it has read enough: hang up quietly rather than die on EPIPE.
  let outputGone = false;
  const onOutputError = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    outputGone = true;
    stop.abort();
  };
  io.out.on('error', onOutputError);
  const out: Output = {
    line: (text) => void (outputGone || io.out.write(`${text}\n`)),
    warn: (text) => void io.err.write(`${text}\n`),
  };
  // Ctrl-C hangs up like the red button; a second one leaves at once.
  const onSigint = () => {
    if (stop.signal.aborted) process.exit(1);
    stop.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const phone = new Softphone(options.url);
    await phone.signIn(options.user, options.password);
    const result = await runScriptedCall(phone, options, out, stop.signal);
    if (result.reached) return 0;
    out.warn('The call did not reach the queue or an operator.');
    return 1;
  } catch (err) {
    out.warn(explain(err, options));
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    io.out.off('error', onOutputError);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Only here is the environment read: the password may come from DEMO_PASSWORD.
  main(process.argv.slice(2), { DEMO_PASSWORD: process.env.DEMO_PASSWORD }).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
