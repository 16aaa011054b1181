import { z } from 'zod';
import { RiskAlertParams } from '../contracts/intake.js';
import { CataloguePublish } from '../contracts/risk.js';
import type { ApiRoute } from '../http/api.js';
import type { RiskAlertsService } from './alerts.service.js';
import type { IndicatorsService } from './indicators.service.js';

const SUPERVISE = ['supervisor'] as const;
const READERS = ['operator', 'supervisor', 'admin'] as const;
const ADMIN = ['admin'] as const;

const VersionParams = z.object({ version: z.coerce.number().int().min(1) });

export const riskRoutes = (alerts: RiskAlertsService, indicators: IndicatorsService): ApiRoute[] => [
  {
    method: 'get', path: '/api/risk/alerts', roles: SUPERVISE,
    async handle({ actor }) {
      return { status: 200, body: await alerts.open(actor) };
    },
  },
  {
    method: 'post', path: '/api/risk/alerts/:alertId/acknowledge', roles: SUPERVISE,
    async handle({ actor, params }) {
      return { status: 200, body: await alerts.acknowledge(actor, RiskAlertParams.parse(params).alertId) };
    },
  },
  {
    method: 'get', path: '/api/indicators', roles: READERS,
    async handle() {
      return { status: 200, body: await indicators.current() };
    },
  },
  {
    method: 'get', path: '/api/indicators/:version', roles: READERS,
    async handle({ params }) {
      return { status: 200, body: await indicators.version(VersionParams.parse(params).version) };
    },
  },
  {
    // Publishes the next version of the catalogue; `version` is the one the admin edited.
    method: 'put', path: '/api/indicators', roles: ADMIN,
    async handle({ actor, body }) {
      const input = CataloguePublish.parse(body);
      return { status: 200, body: await indicators.publish(actor, input.version, input.indicators) };
    },
  },
];
