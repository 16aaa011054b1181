import { ContactParams } from '../contracts/contacts.js';
import { MarkMinor, Reassign } from '../contracts/routing.js';
import type { ApiRoute } from '../http/api.js';
import type { RoutingService } from './routing.service.js';
import type { WallboardService } from './wallboard.service.js';

const SUPERVISE = ['supervisor'] as const;

export const routingRoutes = (routing: RoutingService, wallboard: WallboardService): ApiRoute[] => [
  {
    method: 'get', path: '/api/wallboard', roles: SUPERVISE,
    async handle() { return { status: 200, body: await wallboard.snapshot() }; },
  },
  {
    method: 'post', path: '/api/queue/:contactId/reassign', roles: SUPERVISE,
    async handle({ actor, params, body }) {
      const { contactId } = ContactParams.parse(params);
      await routing.reassign(actor, contactId, Reassign.parse(body).operatorId);
      return { status: 204 };
    },
  },
  {
    method: 'put', path: '/api/queue/:contactId/minor', roles: SUPERVISE,
    async handle({ actor, params, body }) {
      const { contactId } = ContactParams.parse(params);
      await routing.markMinor(actor, contactId, MarkMinor.parse(body).minor);
      return { status: 204 };
    },
  },
];
