import type { Request, Response, Router } from 'express';
import { Forbidden, Unauthenticated } from '../errors.js';
import type { Actor } from '../users/actor.js';
import type { ApiContext, ApiRoute } from './api.js';
import { actorOf } from './auth.js';

/** Mounts area routes; the role check runs before the handler, so a handler never sees a refused actor. */
export function mountRoutes(router: Router, routes: ApiRoute[]): void {
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const base = { params: req.params as Record<string, string>, query: req.query as Record<string, unknown>, body: req.body, requestId: res.locals.requestId as string };
      let reply;
      if (route.roles === 'public') {
        reply = await route.handle({ ...base, actor } as ApiContext<Actor | null>);
      } else {
        if (!actor) throw new Unauthenticated();
        if (!route.roles.includes(actor.role)) throw new Forbidden();
        reply = await route.handle({ ...base, actor });
      }
      if (reply.body === undefined) res.status(reply.status).end();
      else res.status(reply.status).json(reply.body);
    });
  }
}
