import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Bus } from '../bus.js';
import { conferenceName } from '../calls/calls.service.js';
import { Contact } from '../calls/contact.entity.js';
import type { Role } from '../contracts/enums.js';
import {
  OfferAnswer, PresenceSet, type Ack, type CallConnected, type ClientToServer, type Offer, type Presence, type ServerToClient,
} from '../contracts/realtime.js';
import { toReply } from '../http/errors.js';
import type { Logger } from '../log.js';
import type { RoutingService } from '../routing/routing.service.js';
import type { RiskAlertsService } from '../risk/alerts.service.js';
import { actorOf as actorFromUser, type Actor } from '../users/actor.js';
import { User } from '../users/user.entity.js';

type AppSocket = Socket<ClientToServer, ServerToClient>;

/** A client → server event, with who may send it; events nobody listed are never handled. */
interface SocketHandler<S extends z.ZodType> {
  event: keyof ClientToServer;
  roles: readonly Role[];
  schema: S;
  handle(actor: Actor, payload: z.infer<S>): Promise<void>;
}

const handler = <S extends z.ZodType>(h: SocketHandler<S>) => h;

export interface RealtimeDeps {
  db: DataSource;
  bus: Bus;
  routing: RoutingService;
  alerts: RiskAlertsService;
  log: Logger;
  session: RequestHandler;
  passport: RequestHandler;
  disconnectGraceSeconds: number;
  /** With several nodes: Redis carries room broadcasts between them (the Socket.IO Redis adapter). */
  redisUrl: string | null;
}

/** Wallboard refreshes are sent at most this often. */
const WALLBOARD_THROTTLE_MS = 250;

const userRoom = (id: string) => `user:${id}`;
const roleRoom = (role: Role) => `role:${role}`;
const languageRoom = (language: string) => `language:${language}`;

export function offerOf(c: Contact): Offer {
  return {
    contactId: c.id, language: c.language ?? 'it', priority: c.priority, expiresAt: c.offerExpiresAt!.toISOString(),
    queuedAt: (c.queuedAt ?? c.startedAt).toISOString(), danger: c.danger, cannotTalkFreely: c.cannotTalkFreely,
  };
}

const presenceOf = (u: User): Presence => ({ state: u.state, since: u.stateSince.toISOString(), until: u.stateUntil?.toISOString() ?? null });

function callOf(c: Contact): CallConnected {
  return { contactId: c.id, conference: conferenceName(c.id), answeredAt: (c.answeredAt ?? c.startedAt).toISOString() };
}

/**
 * Socket.IO: authenticated by the same session cookie as the API (refused without one); each
 * socket joins its user's and its role's rooms, which only the server chooses. Domain events from
 * the bus become room broadcasts.
 */
export interface Realtime {
  io: Server<ClientToServer, ServerToClient>;
  close(): Promise<void>;
}

export function attachRealtime(http: HttpServer, deps: RealtimeDeps): Realtime {
  const { db, bus, routing, log } = deps;
  const io = new Server<ClientToServer, ServerToClient>(http, { serveClient: false, pingInterval: 10_000, pingTimeout: 8_000 });
  const redis = deps.redisUrl ? redisPair(deps.redisUrl, log) : null;
  if (redis) io.adapter(createAdapter(redis.pub, redis.sub));

  type Mw = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
  const handshakeOnly = (mw: RequestHandler): Mw => (req, res, next) => {
    // Only the handshake carries the session; later polling requests are tied to the socket id.
    if ((req as IncomingMessage & { _query?: { sid?: string } })._query?.sid === undefined) (mw as unknown as Mw)(req, res, next);
    else next();
  };
  io.engine.use(handshakeOnly(deps.session));
  io.engine.use(handshakeOnly(deps.passport));
  io.engine.use((req: IncomingMessage & { user?: User; _query?: { sid?: string } }, res: ServerResponse, next: (err?: unknown) => void) => {
    if (req._query?.sid !== undefined || req.user) return next();
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'unauthenticated', message: 'Sign in first' } }));
  });

  const handlers = [
    handler({ event: 'offer:accept', roles: ['operator', 'supervisor'], schema: OfferAnswer, handle: async (a, p) => { await routing.accept(a, p.contactId); } }),
    handler({ event: 'offer:decline', roles: ['operator', 'supervisor'], schema: OfferAnswer, handle: (a, p) => routing.decline(a, p.contactId) }),
    handler({ event: 'presence:set', roles: ['operator', 'supervisor'], schema: PresenceSet, handle: async (a, p) => { await routing.setPresence(a, p); } }),
  ];

  const graceTimers = new Map<string, NodeJS.Timeout>();
  let closing = false;

  io.on('connection', (socket: AppSocket) => {
    const user = (socket.request as IncomingMessage & { user?: User }).user!;
    const actor: Actor = actorFromUser(user);
    // Operators hear of call-back requests in the languages they speak.
    void socket.join([userRoom(user.id), roleRoom(user.role), ...(user.role === 'operator' ? user.languages.map(languageRoom) : [])]);
    clearTimeout(graceTimers.get(user.id));
    graceTimers.delete(user.id);

    for (const h of handlers as SocketHandler<z.ZodType>[]) {
      socket.on(h.event, async (payload: unknown, ack?: (r: Ack) => void) => {
        const reply = typeof ack === 'function' ? ack : () => {};
        if (!h.roles.includes(actor.role)) return reply({ ok: false, error: 'forbidden' });
        const parsed = h.schema.safeParse(payload);
        if (!parsed.success) return reply({ ok: false, error: 'invalid_input' });
        try {
          await h.handle(actor, parsed.data);
          reply({ ok: true });
        } catch (err) {
          const r = toReply(err);
          if (r.status >= 500) log.error('socket event failed', { event: h.event, err });
          reply({ ok: false, error: r.body.error.message });
        }
      });
    }

    socket.on('disconnect', () => {
      // Shutting down disconnects everyone: that is not the operator leaving their desk.
      if (closing) return;
      clearTimeout(graceTimers.get(user.id));
      graceTimers.set(user.id, setTimeout(async () => {
        graceTimers.delete(user.id);
        const left = await io.in(userRoom(user.id)).fetchSockets();
        if (left.length === 0) await routing.markAway(user.id, 'disconnected').catch((err) => log.error('markAway failed', { err }));
      }, deps.disconnectGraceSeconds * 1000).unref());
    });

    // Catch up: a console that (re)connects learns its state, its pending offer and its live call.
    void (async () => {
      const fresh = await db.getRepository(User).findOneBy({ id: user.id });
      if (fresh) socket.emit('presence', presenceOf(fresh));
      const { offer, call } = await routing.currentFor(user.id);
      if (offer) socket.emit('offer', offerOf(offer));
      if (call?.status === 'connected') socket.emit('call:connected', callOf(call));
    })().catch((err) => log.error('catch-up failed', { err }));
  });

  const contacts = () => db.getRepository(Contact);
  bus.on('offer.made', async (e) => {
    const c = await contacts().findOneBy({ id: e.contactId });
    if (c?.status === 'offered' && c.offeredToId === e.operatorId) io.to(userRoom(e.operatorId)).emit('offer', offerOf(c));
  });
  bus.on('offer.withdrawn', (e) => {
    io.to(userRoom(e.operatorId)).emit('offer:withdrawn', { contactId: e.contactId, reason: e.reason });
  });
  bus.on('operator.state', async (e) => {
    const u = await db.getRepository(User).findOneBy({ id: e.operatorId });
    if (u) io.to(userRoom(u.id)).emit('presence', presenceOf(u));
  });
  bus.on('call.connected', async (e) => {
    const c = await contacts().findOneBy({ id: e.contactId });
    if (c) io.to(userRoom(e.operatorId)).emit('call:connected', callOf(c));
  });
  bus.on('call.ended', async (e) => {
    if (!e.operatorId) return;
    const c = await contacts().findOneBy({ id: e.contactId });
    io.to(userRoom(e.operatorId)).emit('call:ended', { contactId: e.contactId, durationSeconds: c?.durationSeconds ?? null });
  });
  bus.on('contact.changed', (e) => {
    const rooms = [roleRoom('supervisor'), ...(e.operatorId ? [userRoom(e.operatorId)] : [])];
    io.to(rooms).emit('contact:changed', { contactId: e.contactId });
  });
  // Supervisors' wallboards refetch when the floor changes: at most a few times a second, however busy.
  let wallboardTimer: NodeJS.Timeout | null = null;
  const floorChanged = () => {
    wallboardTimer ??= setTimeout(() => {
      wallboardTimer = null;
      io.to(roleRoom('supervisor')).emit('wallboard:changed');
    }, WALLBOARD_THROTTLE_MS);
  };
  for (const type of ['contact.queued', 'contact.changed', 'offer.made', 'offer.withdrawn', 'operator.state', 'operator.skills', 'call.connected', 'call.ended'] as const) bus.on(type, floorChanged);

  bus.on('risk.alert', async (e) => {
    io.to(roleRoom('supervisor')).emit('risk:alert', await deps.alerts.view(e.alertId));
  });
  bus.on('risk.acknowledged', async (e) => {
    io.to(roleRoom('supervisor')).emit('risk:acknowledged', await deps.alerts.view(e.alertId));
  });
  bus.on('risk.withdrawn', async (e) => {
    io.to(roleRoom('supervisor')).emit('risk:withdrawn', await deps.alerts.view(e.alertId));
  });
  bus.on('case.changed', (e) => {
    io.to([roleRoom('supervisor'), roleRoom('operator')]).emit('case:changed', { caseId: e.caseId });
  });

  bus.on('callback.changed', (e) => {
    io.to([roleRoom('supervisor'), languageRoom(e.language)]).emit('contact:changed', { contactId: e.contactId });
  });

  return {
    io,
    close: () => new Promise<void>((resolve) => {
      closing = true;
      for (const t of graceTimers.values()) clearTimeout(t);
      if (wallboardTimer) clearTimeout(wallboardTimer);
      graceTimers.clear();
      io.close(() => {
        redis?.pub.disconnect();
        redis?.sub.disconnect();
        resolve();
      });
    }),
  };
}

/**
 * The adapter's two connections. A Redis outage must not take the node down: ioredis reconnects
 * by itself, and meanwhile each node still reaches the consoles connected to it.
 */
function redisPair(url: string, log: Logger): { pub: Redis; sub: Redis } {
  const pub = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  const sub = pub.duplicate();
  for (const [name, client] of [['pub', pub], ['sub', sub]] as const) {
    client.on('error', (err: Error) => log.warn('redis unavailable; realtime events reach this node only', { client: name, err: err.message }));
  }
  return { pub, sub };
}
