import { ContactImport, ExportQuery } from '../contracts/exports.js';
import type { ApiRoute } from '../http/api.js';
import type { ExportsService } from './exports.service.js';

const SUPERVISOR = ['supervisor'] as const;
const IMPORTERS = ['admin', 'supervisor'] as const;

export const exportRoutes = (files: ExportsService): ApiRoute[] => [
  {
    method: 'get', path: '/api/exports/contacts.csv', roles: SUPERVISOR,
    async handle({ actor, query }) { return { status: 200, download: await files.contacts(actor, ExportQuery.parse(query)) }; },
  },
  {
    method: 'get', path: '/api/exports/cases.csv', roles: SUPERVISOR,
    async handle({ actor, query }) { return { status: 200, download: await files.cases(actor, ExportQuery.parse(query)) }; },
  },
  {
    method: 'post', path: '/api/imports/contacts', roles: IMPORTERS,
    async handle({ actor, body }) { return { status: 201, body: await files.importContacts(actor, ContactImport.parse(body)) }; },
  },
  {
    method: 'post', path: '/api/imports/cases', roles: IMPORTERS,
    async handle({ actor, body }) { return { status: 201, body: await files.importCases(actor, ContactImport.parse(body)) }; },
  },
];
