import { BlockInput, BlockParams, type BlockCreated } from '../contracts/blocks.js';
import type { ApiRoute } from '../http/api.js';
import type { BlocksService } from './blocks.service.js';

const SUPERVISOR = ['supervisor'] as const;

export const blockRoutes = (blocks: BlocksService): ApiRoute[] => [
  {
    method: 'get', path: '/api/blocks', roles: SUPERVISOR,
    async handle({ actor }) { return { status: 200, body: await blocks.active(actor) }; },
  },
  {
    method: 'post', path: '/api/blocks', roles: SUPERVISOR,
    async handle({ actor, body }) {
      const b = await blocks.block(actor, BlockInput.parse(body));
      const created: BlockCreated = { id: b.id, expiresAt: b.expiresAt.toISOString() };
      return { status: 201, body: created };
    },
  },
  {
    method: 'delete', path: '/api/blocks/:blockId', roles: SUPERVISOR,
    async handle({ actor, params }) {
      await blocks.lift(actor, BlockParams.parse(params).blockId);
      return { status: 204 };
    },
  },
];
