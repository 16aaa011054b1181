import { randomBytes } from 'node:crypto';
import express, { type Request, type RequestHandler, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import session from 'express-session';
import { TypeormStore } from 'connect-typeorm';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { DataSource } from 'typeorm';
import { SignIn, type SessionReply } from '../contracts/session.js';
import { Session } from '../db/session.entity.js';
import { DomainError, Unauthenticated } from '../errors.js';
import type { Logger } from '../log.js';
import type { User } from '../users/user.entity.js';
import { presentSessionUser } from '../users/users.presenter.js';
import type { UsersService } from '../users/users.service.js';
import type { RoutingService } from '../routing/routing.service.js';

export const SESSION_COOKIE = 'approdo.sid';
const SESSION_HOURS = 12;

export interface SessionDeps {
  db: DataSource;
  users: UsersService;
  routing: RoutingService;
  log: Logger;
  secret: string;
  secureCookies: boolean;
  simulator: boolean;
}

/** express-session in the database (sessions survive restarts and are shared by nodes) + passport. */
export type Auth = InstanceType<typeof passport.Passport>;

export function sessionMiddleware(deps: SessionDeps): { session: RequestHandler; passport: RequestHandler; auth: Auth } {
  const store = new TypeormStore({
    cleanupLimit: 2,
    // MariaDB refuses LIMIT inside the cleanup subquery (toolchain.md pitfall 13).
    limitSubquery: false,
    ttl: SESSION_HOURS * 3600,
    onError: (_s, err) => deps.log.error('session store error', { err }),
  }).connect(deps.db.getRepository(Session));

  const auth = new passport.Passport();
  auth.use(new LocalStrategy((username, password, done) => {
    deps.users.verify(username, password).then((u) => done(null, u ?? false), done);
  }));
  auth.serializeUser((user, done) => done(null, (user as User).id));
  auth.deserializeUser((id: string, done) => {
    deps.users.find(id).then((u) => done(null, u ?? false), done);
  });

  return {
    session: session({
      name: SESSION_COOKIE,
      secret: deps.secret,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, maxAge: SESSION_HOURS * 3600 * 1000 },
    }),
    passport: auth.session(),
    auth,
  };
}

function ensureCsrf(req: Request): string {
  req.session.csrfToken ??= randomBytes(24).toString('base64url');
  return req.session.csrfToken;
}

/** `/api/session`: who am I, sign in, sign out (DESIGN.md contracts). */
export function sessionRouter(deps: SessionDeps, auth: Auth): Router {
  const router = express.Router();

  router.get('/api/session', (req, res) => {
    const user = req.user as User | undefined;
    const reply: SessionReply = { user: user ? presentSessionUser(user) : null, csrfToken: ensureCsrf(req), simulator: deps.simulator };
    res.json(reply);
  });

  // Failed attempts only, per address and username: a colleague's typo does not lock the office out.
  const limiter = rateLimit({
    windowMs: 10 * 60 * 1000,
    limit: 10,
    skipSuccessfulRequests: true,
    keyGenerator: (req) => `${req.ip}|${String((req.body as { username?: unknown })?.username ?? '').slice(0, 64).toLowerCase()}`,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    validate: { keyGeneratorIpFallback: false },
    handler: (_req, _res, next) => next(new DomainError('rate_limited', 'Too many sign-in attempts; wait a few minutes')),
  });

  router.post('/api/session', limiter, (req, res, next) => {
    SignIn.parse(req.body);
    auth.authenticate('local', { session: false }, (err: unknown, user: User | false) => {
      if (err) return next(err);
      if (!user) return next(new Unauthenticated('Wrong username or password'));
      // passport regenerates the session on login, so a planted session id is worthless.
      req.login(user, (loginErr) => {
        if (loginErr) return next(loginErr);
        req.session.csrfToken = randomBytes(24).toString('base64url');
        deps.log.info('signed in', { userId: user.id, role: user.role });
        res.json({ user: presentSessionUser(user), csrfToken: req.session.csrfToken });
      });
    })(req, res, next);
  });

  router.delete('/api/session', (req, res, next) => {
    const user = req.user as User | undefined;
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        res.clearCookie(SESSION_COOKIE);
        res.status(204).end();
      });
    });
    // Signing out is leaving the desk: no more offers.
    if (user) void deps.routing.markAway(user.id, 'signed_out').catch(() => undefined);
  });

  return router;
}
