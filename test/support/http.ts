import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, ServerToClient } from '../../server/contracts/realtime.js';
import { DEMO_PASSWORD } from './env.js';

export interface Res<T = any> { status: number; body: T; headers: Headers }

/** A browser-like client: a cookie jar and the CSRF token, over real HTTP. */
export class Agent {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (method !== 'GET' && this.csrf && !('x-csrf-token' in headers)) h['x-csrf-token'] = this.csrf;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const pair = c.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) { return this.request<T>('GET', path); }
  post<T = any>(path: string, body?: unknown) { return this.request<T>('POST', path, body ?? {}); }
  put<T = any>(path: string, body?: unknown) { return this.request<T>('PUT', path, body ?? {}); }
  patch<T = any>(path: string, body?: unknown) { return this.request<T>('PATCH', path, body ?? {}); }
  delete<T = any>(path: string) { return this.request<T>('DELETE', path); }

  /** GET /api/session for a token, then sign in. */
  async signIn(username: string, password = DEMO_PASSWORD): Promise<Res> {
    const s = await this.get('/api/session');
    this.csrf = s.body.csrfToken;
    const r = await this.post('/api/session', { username, password });
    if (r.status === 200) this.csrf = r.body.csrfToken;
    return r;
  }

  /**
   * A Socket.IO client carrying this agent's session cookie. `listen` attaches handlers before the
   * connection opens, so the server's catch-up events on connect are not missed.
   */
  async socket(listen?: (s: Socket<ServerToClient, ClientToServer>) => void): Promise<Socket<ServerToClient, ClientToServer>> {
    const socket: Socket<ServerToClient, ClientToServer> = io(this.base, {
      transports: ['websocket'], extraHeaders: { cookie: this.cookie }, reconnection: false, forceNew: true, autoConnect: false,
    });
    listen?.(socket);
    socket.connect();
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
    });
    return socket;
  }
}

/** Resolves with the next event of that name (rejects after `ms`). */
export function next<T>(socket: Socket<any, any>, event: string, ms = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => { socket.off(event, on); reject(new Error(`no ${event} within ${ms} ms`)); }, ms);
    const on = (payload: T) => { clearTimeout(timer); resolve(payload); };
    socket.once(event, on);
  });
}

/** Polls until `check` returns a truthy value (rejects after `ms`). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 5000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
