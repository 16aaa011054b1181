import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../contracts/enums.js';
import { DomainError, Forbidden, Unauthenticated } from '../errors.js';
import { safeEqual } from '../privacy/crypto.js';
import { actorOf as actorFromUser, type Actor } from '../users/actor.js';
import type { User } from '../users/user.entity.js';

declare module 'express-session' {
  interface SessionData { csrfToken?: string }
}

export function actorOf(req: Request): Actor | null {
  const user = req.user as User | undefined;
  return user ? { ...actorFromUser(user), origin: req.ip ?? 'unknown' } : null;
}

/** For non-route handlers mounted by `http/` (the simulator's phone API): signed in, with one of these roles. */
export function requireRoles(roles: readonly Role[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const actor = actorOf(req);
    if (!actor) return next(new Unauthenticated());
    if (!roles.includes(actor.role)) return next(new Forbidden());
    next();
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every method but GET needs the session's token in `X-CSRF-Token` (DESIGN.md). */
export const csrf: RequestHandler = (req, _res, next) => {
  if (SAFE.has(req.method)) return next();
  const expected = req.session?.csrfToken;
  const given = req.get('x-csrf-token');
  if (!expected || !given || !safeEqual(expected, given)) {
    return next(new DomainError('forbidden', 'Missing or wrong X-CSRF-Token header'));
  }
  next();
};
