import type { CallLeg } from './call.leg.js';
import type { RequestPurpose } from './call.types.js';
import { isInterrupt } from './interrupt.js';
import { TwimlParseError, parseTwiml, type TwimlNode } from './twiml.parser.js';
import { ERROR_PARSE, WebhookError, type HttpMethod, type WebhookClient } from './webhook.client.js';
import { callParams } from './webhook.params.js';

/** Where a call's TwiML comes from next. */
export type Next =
  | { kind: 'fetch'; url: string; method: HttpMethod; params?: Record<string, string>; purpose: RequestPurpose }
  | { kind: 'inline'; twiml: string };

/** A parsed document: its verbs and the URL relative URLs resolve against (null for inline TwiML). */
export interface Doc {
  url: string | null;
  verbs: TwimlNode[];
}

const node = (name: string, text = '', attrs: Record<string, string> = {}): TwimlNode => ({
  name,
  attrs,
  children: [],
  text,
  deepText: text,
});

/**
 * Fetches and parses TwiML the way Twilio does (reference §1.3): XML (and HTML) types are TwiML,
 * audio is played then the call hangs up, plain text is TwiML if it parses and is read aloud
 * otherwise. A failure goes to the call's fallback URL with ErrorCode/ErrorUrl.
 */
export class DocumentLoader {
  constructor(
    private readonly http: WebhookClient,
    private readonly accountSid: string,
  ) {}

  /**
   * Loads the next document; null when it (and the fallback, if allowed) failed: the caller then
   * plays Twilio's application-error message. Error events are already on the call.
   */
  async load(call: CallLeg, next: Next, signal: AbortSignal, useFallback: boolean): Promise<Doc | null> {
    const failure = await this.attempt(call, next, signal);
    if ('verbs' in failure) return failure;
    const fallback = call.fallback;
    if (!useFallback || !fallback || (next.kind === 'fetch' && next.url === fallback.url)) return null;
    const retry = await this.attempt(
      call,
      {
        kind: 'fetch',
        url: fallback.url,
        method: fallback.method,
        purpose: 'fallback',
        params: { ...(next.kind === 'fetch' ? next.params : {}), ErrorCode: String(failure.code), ErrorUrl: failure.url },
      },
      signal,
    );
    return 'verbs' in retry ? retry : null;
  }

  private async attempt(call: CallLeg, next: Next, signal: AbortSignal): Promise<Doc | { code: number; url: string }> {
    if (next.kind === 'inline') {
      try {
        return { url: null, verbs: parseTwiml(next.twiml).children };
      } catch (e) {
        call.emit({ kind: 'error', code: ERROR_PARSE, message: `inline TwiML: ${(e as Error).message}` });
        return { code: ERROR_PARSE, url: '' };
      }
    }
    // The event names the URL as written, before GET parameters (which carry the caller's number).
    call.emit({ kind: 'request', url: next.url, method: next.method, purpose: next.purpose });
    try {
      const res = await this.http.send({
        url: next.url,
        method: next.method,
        params: { ...callParams(call, this.accountSid), ...next.params },
        signal,
        purpose: next.purpose,
      });
      if (res.contentType.startsWith('audio/')) return { url: res.url, verbs: [node('Play', res.url), node('Hangup')] };
      try {
        return { url: res.url, verbs: parseTwiml(res.body).children };
      } catch (e) {
        if (!(e instanceof TwimlParseError)) throw e;
        if (res.contentType === 'text/plain' && res.body.trim()) {
          return { url: res.url, verbs: [node('Say', res.body.trim()), node('Hangup')] };
        }
        call.emit({ kind: 'error', code: ERROR_PARSE, message: `document parse failure: ${e.message}` });
        return { code: ERROR_PARSE, url: res.url };
      }
    } catch (e) {
      if (isInterrupt(e) || !(e instanceof WebhookError)) throw e;
      call.emit({ kind: 'error', code: e.code, message: e.message });
      return { code: e.code, url: e.url };
    }
  }
}
