import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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
      if (reply.download) {
        res.status(reply.status).type(reply.download.contentType).attachment(reply.download.filename).setHeader('Cache-Control', 'no-store');
        // A failure mid-file destroys the response: the client sees a cut connection, never a short file that looks whole.
        // A client that stops downloading is not a server error.
        await pipeline(Readable.from(reply.download.chunks), res).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
        });
      } else if (reply.body === undefined) res.status(reply.status).end();
      else res.status(reply.status).json(reply.body);
    });
  }
}
