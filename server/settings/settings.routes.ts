import { IvrSettings, OnCallTable } from '../contracts/settings.js';
import type { ApiRoute } from '../http/api.js';
import type { SettingsService } from './settings.service.js';

// Admins change them; supervisors may look (they run the floor and should know where callers go).
const ADMIN = ['admin'] as const;
const OVERSEE = ['admin', 'supervisor'] as const;

export const settingsRoutes = (settings: SettingsService): ApiRoute[] => [
  {
    method: 'get', path: '/api/settings/ivr', roles: OVERSEE,
    async handle() { return { status: 200, body: await settings.ivr() }; },
  },
  {
    method: 'put', path: '/api/settings/ivr', roles: ADMIN,
    async handle({ actor, body }) { return { status: 200, body: await settings.setIvr(actor, IvrSettings.parse(body)) }; },
  },
  {
    method: 'get', path: '/api/oncall-numbers', roles: OVERSEE,
    async handle() { return { status: 200, body: await settings.onCallTable() }; },
  },
  {
    method: 'put', path: '/api/oncall-numbers', roles: ADMIN,
    async handle({ actor, body }) { return { status: 200, body: await settings.replaceOnCallTable(actor, OnCallTable.parse(body)) }; },
  },
];
