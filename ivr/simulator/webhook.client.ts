import http from 'node:http';
import https from 'node:https';
import twilio from 'twilio';
import type { RequestPurpose } from './call.types.js';
import { Scope, interruptOf } from './interrupt.js';

export type HttpMethod = 'GET' | 'POST';

/** What a webhook is for: a TwiML fetch, or a status callback (call or conference). */
export type WebhookPurpose = RequestPurpose | 'status';

/** One webhook as the simulator saw it: from sending to the whole answer, redirects included. */
export interface WebhookTiming {
  purpose: WebhookPurpose;
  ms: number;
  /** The last HTTP status heard; 0 when no answer came (refused, timed out, interrupted). */
  status: number;
}

export interface WebhookRequest {
  url: string;
  method: HttpMethod;
  params: Record<string, string>;
  signal: AbortSignal;
  purpose: WebhookPurpose;
}

export interface WebhookResponse {
  status: number;
  contentType: string; // lowercased media type without parameters, '' when absent
  body: string;
  /** The URL that finally answered, after redirects: the base for relative URLs in the document. */
  url: string;
}

/** A failed fetch, with the Twilio error code the fallback URL receives as ErrorCode. */
export class WebhookError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

export const ERROR_HTTP_STATUS = 11200; // HTTP retrieval failure (non-2xx)
export const ERROR_CONNECTION = 11205; // HTTP connection failure, including the 15 s limit
export const ERROR_TOO_MANY_REDIRECTS = 11215;
export const ERROR_TOO_LARGE = 11750; // TwiML response body over 64 kB
export const ERROR_PARSE = 12100; // document parse failure

const MAX_REDIRECTS = 10;
const MAX_BODY = 64 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Twilio as an HTTP client: form-encoded POST (or GET with the parameters appended to the query),
 * signed with X-Twilio-Signature over exactly the URL sent, 3xx followed up to 10 times, 15 s total
 * per request (real time, not scaled), 64 kB body cap. No keep-alive, so close() leaves no sockets.
 */
export class WebhookClient {
  constructor(
    private readonly authToken: string,
    private readonly timeoutMs = 15_000,
    private readonly onTiming?: (t: WebhookTiming) => void,
  ) {}

  async send(req: WebhookRequest): Promise<WebhookResponse> {
    let url = withoutFragment(req.url);
    let method = req.method;
    let params = req.params;
    const started = performance.now();
    let status = 0;
    const deadline = Date.now() + this.timeoutMs; // for the whole fetch, redirects included
    try {
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const res = await this.once(url, method, params, req.signal, deadline - Date.now());
        status = res.status;
        if (REDIRECTS.has(res.status) && res.location) {
          url = withoutFragment(new URL(res.location, url).href);
          // Twilio does not resend Digits after a 3xx; 307/308 keep the method, the others become GET.
          const { Digits: _dropped, ...rest } = params;
          params = rest;
          if (res.status !== 307 && res.status !== 308) method = 'GET';
          continue;
        }
        if (res.status < 200 || res.status > 299) {
          throw new WebhookError(ERROR_HTTP_STATUS, `HTTP ${res.status} from the webhook`, url);
        }
        return { status: res.status, contentType: res.contentType, body: res.body, url };
      }
      throw new WebhookError(ERROR_TOO_MANY_REDIRECTS, 'more than 10 redirects', req.url);
    } finally {
      // An observer's own failure must never change what the call does.
      try {
        this.onTiming?.({ purpose: req.purpose, ms: performance.now() - started, status });
      } catch {
        /* ignored */
      }
    }
  }

  private once(
    url: string,
    method: HttpMethod,
    params: Record<string, string>,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<{ status: number; contentType: string; body: string; location: string | null }> {
    if (signal.aborted) return Promise.reject(interruptOf(signal));
    const form = new URLSearchParams(params).toString();
    // Sign and send the very same string: the server checks PUBLIC_URL + originalUrl.
    const target = method === 'GET' && form ? `${url}${url.includes('?') ? '&' : '?'}${form}` : url;
    const signature = twilio.getExpectedTwilioSignature(this.authToken, target, method === 'POST' ? params : {});
    const parsed = new URL(target);
    const lib = parsed.protocol === 'https:' ? https : http;
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return Promise.reject(new WebhookError(ERROR_CONNECTION, `unsupported URL scheme ${parsed.protocol}`, url));
    }
    const headers: Record<string, string> = {
      'User-Agent': 'TwilioProxy/1.1',
      'X-Twilio-Signature': signature,
      Accept: '*/*',
      'Cache-Control': 'max-age=259200',
    };
    if (method === 'POST') {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(Buffer.byteLength(form));
    }
    const scope = new Scope(signal);
    return new Promise((resolve, reject) => {
      let settled = false;
      const done = (err: Error | null, value?: Awaited<ReturnType<WebhookClient['once']>>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        scope.dispose();
        scope.signal.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(value!);
      };
      const timer = setTimeout(() => {
        request.destroy();
        done(new WebhookError(ERROR_CONNECTION, `no answer within ${this.timeoutMs} ms`, url));
      }, Math.max(0, timeoutMs));
      const request = lib.request(
        {
          protocol: parsed.protocol,
          hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
          port: parsed.port || undefined,
          path: pathAndQuery(target),
          method,
          headers,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY) {
              request.destroy();
              done(new WebhookError(ERROR_TOO_LARGE, 'response larger than 64 kB', url));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () =>
            done(null, {
              status: res.statusCode ?? 0,
              contentType: (res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase(),
              body: Buffer.concat(chunks).toString('utf8'),
              location: typeof res.headers.location === 'string' ? res.headers.location : null,
            }),
          );
          res.on('error', (e) => done(new WebhookError(ERROR_CONNECTION, `connection failed: ${e.message}`, url)));
        },
      );
      const onAbort = () => {
        request.destroy();
        done(interruptOf(scope.signal));
      };
      scope.signal.addEventListener('abort', onAbort, { once: true });
      request.on('error', (e) => {
        if (scope.signal.aborted) return done(interruptOf(scope.signal));
        done(new WebhookError(ERROR_CONNECTION, `connection failed: ${e.message}`, url));
      });
      if (method === 'POST') request.end(form);
      else request.end();
    });
  }
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/** The path and query exactly as written (new URL() would re-encode some characters). */
function pathAndQuery(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  const rest = m ? url.slice(m[0].length) : url;
  return rest.startsWith('/') ? rest : `/${rest}`;
}
