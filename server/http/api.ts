// The route type areas use. Types only: areas describe routes as data and never import express;
// `http/mount.ts` turns them into Express handlers.
import type { Role } from '../contracts/enums.js';
import type { Actor } from '../users/actor.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route. Every route must say; there is no default. */
export type Access = readonly Role[] | 'public';

export interface ApiContext<A extends Actor | null = Actor> {
  actor: A;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  requestId: string;
}

/** A file streamed as it is produced (a CSV export), so a large one never sits whole in memory. */
export interface ApiDownload { contentType: string; filename: string; chunks: AsyncIterable<string> }

export interface ApiReply { status: number; body?: unknown; download?: ApiDownload }

export type ApiRoute = {
  method: Method;
  path: string;
} & (
  | { roles: readonly Role[]; handle(ctx: ApiContext<Actor>): Promise<ApiReply> }
  | { roles: 'public'; handle(ctx: ApiContext<Actor | null>): Promise<ApiReply> }
);
