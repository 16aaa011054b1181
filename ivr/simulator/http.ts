// The little HTTP the simulator's two APIs need, on node:http alone: a route table, request
// bodies and JSON replies. It reads requests as Express 5 and body-parser 2 do (case-insensitive
// paths, optional trailing slash, decoded params; the same limits, types, charsets and encodings),
// so a host that mounts the handlers sees what it saw when they were Express routers.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';

/** A request handler in Connect's shape: Express mounts it with `app.use(prefix, handler)`. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/** A failure with an HTTP status, as http-errors makes them (a body too large, a bad escape…). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Params = Record<string, string>;
/** Decoded form or query fields: a repeated key gives an array of its values. */
export type Form = Record<string, unknown>;
/** What a route answers: a status and, unless it is 204, a JSON body. */
export interface Reply {
  status: number;
  body?: unknown;
}

/** The path of `req.url`, which a mounting host has already stripped of its prefix. */
export const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0];

/** The query string as Express 5's default ("simple") query parser reads it. */
export function queryOf(req: IncomingMessage): Form {
  const url = req.url ?? '';
  const at = url.indexOf('?');
  return parseQueryString(at === -1 ? '' : url.slice(at + 1));
}

export function sendJson(req: IncomingMessage, res: ServerResponse, { status, body }: Reply): void {
  res.statusCode = status;
  if (body === undefined) return void res.end();
  const text = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** Hands the request on: to the host's next middleware, or a plain 404/500 when there is no host. */
export function pass(res: ServerResponse, next: ((err?: unknown) => void) | undefined, err?: unknown): void {
  if (next) return err === undefined ? next() : next(err);
  if (res.headersSent) return void res.destroy();
  res.statusCode = err === undefined ? 404 : 500;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(err === undefined ? 'Not Found' : 'Internal Server Error');
}

// Routes

export type Method = 'GET' | 'POST' | 'DELETE';
export interface Route<H> {
  method: Method;
  path: string; // '/calls/:sid/digits'
  handle: H;
}
export type Match<H> = { handle: H; params: Params } | { allow: string } | null;

function decodeParam(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HttpError(400, `Failed to decode param '${value}'`);
  }
}

/**
 * Matches a method and path against routes in order, as Express's router does: a GET route also
 * answers HEAD; an OPTIONS request that no route takes learns the methods the path allows; a
 * param that cannot be decoded is a 400, whatever the method.
 */
export function routeTable<H>(routes: ReadonlyArray<Route<H>>): (method: string | undefined, path: string) => Match<H> {
  const compiled = routes.map((route) => {
    const keys: string[] = [];
    const source = route.path.replace(/:([A-Za-z_$][\w$]*)|[.*+?^${}()|[\]\\]/g, (m, key?: string) => {
      if (!key) return `\\${m}`;
      keys.push(key);
      return '([^/]+)';
    });
    return { ...route, keys, regexp: new RegExp(`^${source}/?$`, 'i') };
  });
  return (method, path) => {
    const allowed = new Set<string>();
    for (const route of compiled) {
      const m = route.regexp.exec(path);
      if (!m) continue;
      const params: Params = {};
      route.keys.forEach((key, i) => (params[key] = decodeParam(m[i + 1])));
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { handle: route.handle, params };
      allowed.add(route.method);
      if (route.method === 'GET') allowed.add('HEAD');
    }
    return method === 'OPTIONS' && allowed.size ? { allow: [...allowed].sort().join(', ') } : null;
  };
}

/** Express's answer to an OPTIONS request that no route takes. */
export function sendAllow(res: ServerResponse, allow: string): void {
  res.statusCode = 200;
  res.setHeader('Allow', allow);
  res.setHeader('Content-Length', Buffer.byteLength(allow));
  res.setHeader('Content-Type', 'text/plain');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(allow);
}

// Bodies

export interface BodyKind {
  type: string; // the media type read, e.g. 'application/json'
  limit: number; // bytes, after decompression
  charset: (name: string) => boolean; // the charsets accepted
  parse: (text: string, charset: string) => unknown;
}

/** JSON objects and arrays only, '' read as {} (body-parser's `strict`). */
export const jsonBody = (limit: number): BodyKind => ({
  type: 'application/json',
  limit,
  charset: (name) => name.startsWith('utf-'),
  parse: (text) => {
    if (text === '') return {};
    const first = /^[ \t\n\r]*(.)/s.exec(text)?.[1];
    if (first !== '{' && first !== '[') throw new HttpError(400, 'The body is not a JSON object or array');
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new HttpError(400, (e as Error).message);
    }
  },
});

const PARAMETER_LIMIT = 1000;

/** One form field's key or value, as qs decodes them: '+' is a space; a bad escape stays as sent. */
function decodeField(s: string, charset: string): string {
  const spaced = s.replace(/\+/g, ' ');
  if (!spaced.includes('%')) return spaced;
  if (charset === 'iso-8859-1') return spaced.replace(/%[0-9a-f]{2}/gi, (h) => String.fromCharCode(parseInt(h.slice(1), 16)));
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * application/x-www-form-urlencoded as express.urlencoded({extended: false}) reads it (qs at
 * depth 0): a repeated key gives an array, as twilio-node sends lists (StatusCallbackEvent).
 */
export function parseForm(text: string, charset = 'utf-8'): Form {
  const form: Form = Object.create(null) as Form;
  if (text === '') return form;
  if (text.split('&', PARAMETER_LIMIT + 1).length > PARAMETER_LIMIT) throw new HttpError(413, 'too many parameters');
  for (const part of text.replace(/%5B/gi, '[').replace(/%5D/gi, ']').split('&')) {
    const bracketEquals = part.indexOf(']=');
    const at = bracketEquals === -1 ? part.indexOf('=') : bracketEquals + 1;
    const key = decodeField(at === -1 ? part : part.slice(0, at), charset);
    if (key === '' || key === '__proto__') continue;
    const value = at === -1 ? '' : decodeField(part.slice(at + 1), charset);
    form[key] = key in form ? ([] as unknown[]).concat(form[key], value) : value;
  }
  return form;
}

export const formBody = (limit: number): BodyKind => ({
  type: 'application/x-www-form-urlencoded',
  limit,
  charset: (name) => name === 'utf-8' || name === 'iso-8859-1',
  parse: parseForm,
});

type WithBody = IncomingMessage & { body?: unknown };

/** body-parser's test for a request whose body has been read already (on-finished). */
function isFinished(req: IncomingMessage): boolean {
  return (req as { upgrade?: boolean }).upgrade === true || !req.socket?.readable || (req.complete && !req.readable);
}

/** Media type and charset from Content-Type, read as leniently as type-is and content-type 2 do. */
function contentType(header: string | undefined): { type: string | null; charset: string | undefined } {
  if (!header) return { type: null, charset: undefined };
  const [first, ...params] = header.split(';');
  const type = first.replace(/^[ \t]+|[ \t]+$/g, '').toLowerCase();
  const valid = /^ *[a-z0-9][a-z0-9!#$&^_-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126} *$/.test(type);
  let charset: string | undefined;
  for (const param of params) {
    const m = /^[ \t]*charset[ \t]*=[ \t]*(?:"((?:[^"\\]|\\.)*)"|(.*?))[ \t]*$/is.exec(param);
    if (m) {
      charset = (m[1]?.replace(/\\(.)/g, '$1') ?? m[2]).toLowerCase();
      break;
    }
  }
  return { type: valid ? type : null, charset };
}

const INFLATE = new Map<string, () => Transform>([
  ['deflate', () => zlib.createInflate()],
  ['gzip', () => zlib.createGunzip()],
  ['br', () => zlib.createBrotliDecompress()],
]);

/** Reads off the rest of a request we refuse, so the client hears the answer rather than a reset. */
function drain(req: IncomingMessage): Promise<void> {
  if (isFinished(req)) return Promise.resolve();
  return new Promise((resolve) => {
    for (const event of ['end', 'close', 'error']) req.once(event, () => resolve());
    req.resume();
  });
}

function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const coding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  let inflater: Transform | null = null;
  if (coding === 'identity') {
    const length = req.headers['content-length'];
    if (length !== undefined && parseInt(length, 10) > limit) {
      return drain(req).then(() => Promise.reject(new HttpError(413, 'request entity too large')));
    }
  } else {
    const inflate = INFLATE.get(coding);
    if (!inflate) return Promise.reject(new HttpError(415, `unsupported content encoding "${coding}"`));
    inflater = req.pipe(inflate());
  }
  const stream: Readable = inflater ?? req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const settle = (err: HttpError | null) => {
      if (done) return;
      done = true;
      stream.off('data', onData);
      if (inflater) {
        req.unpipe(inflater);
        inflater.on('error', () => {});
        inflater.destroy();
        req.resume(); // let the request finish
      }
      if (err) drain(req).then(() => reject(err), reject);
      else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) settle(new HttpError(413, 'request entity too large'));
      else chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => settle(null));
    stream.once('error', (e: Error) => settle(new HttpError(400, e.message)));
    req.once('close', () => req.complete || settle(new HttpError(400, 'request aborted')));
    if (inflater) req.once('error', (e: Error) => settle(new HttpError(400, e.message)));
  });
}

function decodeText(raw: Buffer, charset: string): string {
  if (charset === 'iso-8859-1') return raw.toString('latin1');
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset); // drops a byte-order mark, as iconv-lite does
  } catch {
    throw new HttpError(415, `unsupported charset "${charset.toUpperCase()}"`);
  }
  return decoder.decode(raw);
}

/**
 * The request's body. One the host has parsed already (`req.body`, an object) is taken as it is;
 * otherwise a body of the given kind is read from the stream, within its limit, and left on
 * `req.body` as body-parser leaves it. Anything else leaves `req.body` as it was.
 */
export async function readBody(req: IncomingMessage, kind: BodyKind): Promise<unknown> {
  const r = req as WithBody;
  if (typeof r.body === 'object' && r.body !== null) return r.body;
  const hasBody = req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']));
  if (isFinished(req) || !hasBody) return r.body;
  const { type, charset = 'utf-8' } = contentType(req.headers['content-type']);
  if (type !== kind.type) return r.body;
  if (!kind.charset(charset)) throw new HttpError(415, `unsupported charset "${charset.toUpperCase()}"`);
  const raw = await readRaw(req, kind.limit);
  r.body = kind.parse(decodeText(raw, charset), charset);
  return r.body;
}

/** The body as a form: fields when there is one, {} otherwise. */
export const asForm = (body: unknown): Form => (body && typeof body === 'object' ? (body as Form) : {});
