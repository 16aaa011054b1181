import { RetentionRunInput, RetentionSettings } from '../contracts/privacy.js';
import type { ApiRoute } from '../http/api.js';
import type { RetentionService } from './retention.service.js';

const ADMIN = ['admin'] as const;

export const retentionRoutes = (retention: RetentionService): ApiRoute[] => [
  {
    method: 'get', path: '/api/settings/retention', roles: ADMIN,
    async handle({ actor }) { return { status: 200, body: await retention.settings(actor) }; },
  },
  {
    method: 'put', path: '/api/settings/retention', roles: ADMIN,
    async handle({ actor, body }) { return { status: 200, body: await retention.setSettings(actor, RetentionSettings.parse(body)) }; },
  },
  {
    method: 'post', path: '/api/retention/run', roles: ADMIN,
    async handle({ actor, body }) { return { status: 200, body: await retention.run(actor, RetentionRunInput.parse(body).dryRun) }; },
  },
];
