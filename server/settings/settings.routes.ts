import { InterpreterTable, IvrSettings, OnCallTable, PromptEdit } from '../contracts/settings.js';
import { RoutingSettings } from '../contracts/routing.js';
import type { ApiRoute } from '../http/api.js';
import type { SettingsService } from './settings.service.js';

// Admins change them; supervisors may look (they run the floor and should know where callers go).
const ADMIN = ['admin'] as const;
const OVERSEE = ['admin', 'supervisor'] as const;
// Operators bring interpreters into their calls, so they read that table too.
const ON_CALLS = ['admin', 'supervisor', 'operator'] as const;

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
  {
    method: 'get', path: '/api/settings/prompts', roles: OVERSEE,
    async handle() { return { status: 200, body: await settings.prompts() }; },
  },
  {
    method: 'put', path: '/api/settings/prompts/:language/:key', roles: ADMIN,
    async handle({ actor, params, body }) {
      return { status: 200, body: await settings.setPrompt(actor, params.language!, params.key!, PromptEdit.parse(body).text) };
    },
  },
  {
    method: 'delete', path: '/api/settings/prompts/:language/:key', roles: ADMIN,
    async handle({ actor, params }) { return { status: 200, body: await settings.setPrompt(actor, params.language!, params.key!, null) }; },
  },
  {
    method: 'get', path: '/api/interpreter-lines', roles: ON_CALLS,
    async handle() { return { status: 200, body: await settings.interpreterLines() }; },
  },
  {
    method: 'put', path: '/api/interpreter-lines', roles: ADMIN,
    async handle({ actor, body }) { return { status: 200, body: await settings.replaceInterpreterLines(actor, InterpreterTable.parse(body)) }; },
  },
  // Supervisors run the floor: they set how routing widens and how long wrap-up lasts.
  {
    method: 'get', path: '/api/settings/routing', roles: OVERSEE,
    async handle() { return { status: 200, body: await settings.routing() }; },
  },
  {
    method: 'put', path: '/api/settings/routing', roles: OVERSEE,
    async handle({ actor, body }) { return { status: 200, body: await settings.setRouting(actor, RoutingSettings.parse(body)) }; },
  },
];
