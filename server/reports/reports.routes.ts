import type { ApiRoute } from '../http/api.js';
import type { ReportsService } from './reports.service.js';

const READERS = ['analyst', 'supervisor'] as const;

export const reportRoutes = (reports: ReportsService): ApiRoute[] => [
  {
    method: 'get', path: '/api/reports/cases', roles: READERS,
    async handle({ actor }) {
      return { status: 200, body: await reports.cases(actor) };
    },
  },
];
