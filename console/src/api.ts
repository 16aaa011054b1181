import type { ZodType } from 'zod';
import {
  BlockCreated, BlockList, CallbackList, ContactList, ContactView, ErrorReply, IvrSettings, OnCallTable, SessionReply, SignInReply,
  type BlockInput, type ContactRecordInput,
} from './contracts.js';

/** Any failed request: `status` 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';
let unauthorizedHandler: (() => void) | null = null;

/** The session's CSRF token, sent as `X-CSRF-Token` on every request but GET. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a request answers 401: the session is gone, back to sign-in. */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

interface RequestOptions {
  body?: unknown;
  /** A 401 here is an answer (wrong password), not a lost session. */
  signingIn?: boolean;
}

async function request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, opts: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : 'network error');
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const parsed = ErrorReply.safeParse(data);
    const error = parsed.success
      ? new ApiError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.fields ?? {})
      : new ApiError(res.status, `http_${res.status}`, res.statusText || `HTTP ${res.status}`);
    if (res.status === 401 && !opts.signingIn) unauthorizedHandler?.();
    throw error;
  }
  return data;
}

function parse<T>(schema: ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    console.error(`Unexpected ${what} from the server`, parsed.error);
    throw new ApiError(502, 'bad_reply', `unexpected ${what}`);
  }
  return parsed.data;
}

export async function getSession(): Promise<SessionReply> {
  return parse(SessionReply, await request('GET', '/api/session'), 'session');
}

export async function signIn(username: string, password: string): Promise<SignInReply> {
  const data = await request('POST', '/api/session', { body: { username, password }, signingIn: true });
  return parse(SignInReply, data, 'sign-in reply');
}

export async function signOut(): Promise<void> {
  await request('DELETE', '/api/session');
}

export async function listContacts(cursor?: string, limit = 25): Promise<ContactList> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return parse(ContactList, await request('GET', `/api/contacts?${query.toString()}`), 'contact list');
}

export async function getContact(id: string): Promise<ContactView> {
  return parse(ContactView, await request('GET', `/api/contacts/${encodeURIComponent(id)}`), 'contact');
}

export async function saveRecord(id: string, record: ContactRecordInput): Promise<ContactView> {
  const data = await request('PUT', `/api/contacts/${encodeURIComponent(id)}/record`, { body: record });
  return parse(ContactView, data, 'contact');
}

/** Messages left for a call-back, oldest first, in the operator's languages (supervisors: all). */
export async function listCallbacks(): Promise<CallbackList> {
  return parse(CallbackList, await request('GET', '/api/callbacks'), 'call-back list');
}

export async function getIvrSettings(): Promise<IvrSettings> {
  return parse(IvrSettings, await request('GET', '/api/settings/ivr'), 'IVR settings');
}

export async function saveIvrSettings(settings: IvrSettings): Promise<IvrSettings> {
  return parse(IvrSettings, await request('PUT', '/api/settings/ivr', { body: settings }), 'IVR settings');
}

export async function getOnCallTable(): Promise<OnCallTable> {
  return parse(OnCallTable, await request('GET', '/api/oncall-numbers'), 'on-call table');
}

/** Replaces the whole table: the order within a region is the order numbers are tried. */
export async function saveOnCallTable(table: OnCallTable): Promise<OnCallTable> {
  return parse(OnCallTable, await request('PUT', '/api/oncall-numbers', { body: table }), 'on-call table');
}

/** `POST /api/blocks` answers 201 with this; server/contracts has no schema for it, so it is described here. */

/** Active blocks, newest first (supervisors only). */
export async function listBlocks(): Promise<BlockList> {
  return parse(BlockList, await request('GET', '/api/blocks'), 'block list');
}

/** Blocks the number behind a contact; 409 when the number was withheld. */
export async function blockCaller(input: BlockInput): Promise<BlockCreated> {
  return parse(BlockCreated, await request('POST', '/api/blocks', { body: input }), 'block');
}

/** Lifts an active block; 404 when it was already lifted or has expired. */
export async function liftBlock(blockId: string): Promise<void> {
  await request('DELETE', `/api/blocks/${encodeURIComponent(blockId)}`);
}

// The simulator's caller softphone (only when the session says `simulator`). Its shapes are not in
// server/contracts, so they are described in sim.ts and checked loosely there.
export async function simStartCall(): Promise<{ sid: string }> {
  const data = await request('POST', '/sim/phone/calls', { body: {} });
  if (typeof data === 'object' && data !== null && 'sid' in data && typeof data.sid === 'string') return { sid: data.sid };
  throw new ApiError(502, 'bad_reply', 'unexpected call reply');
}

export async function simGetCall(sid: string): Promise<unknown> {
  return request('GET', `/sim/phone/calls/${encodeURIComponent(sid)}`);
}

export async function simSendDigits(sid: string, digits: string): Promise<void> {
  await request('POST', `/sim/phone/calls/${encodeURIComponent(sid)}/digits`, { body: { digits } });
}

export async function simHangUp(sid: string): Promise<void> {
  await request('POST', `/sim/phone/calls/${encodeURIComponent(sid)}/hangup`);
}

export const simStreamUrl = (sid: string) => `/sim/phone/calls/${encodeURIComponent(sid)}/stream`;
