import { ContactListQuery, ContactParams, ContactRecordInput } from '../contracts/contacts.js';
import type { ApiRoute } from '../http/api.js';
import type { ContactsService } from './contacts.service.js';

const STAFF = ['operator', 'supervisor'] as const;

export const contactRoutes = (contacts: ContactsService): ApiRoute[] => [
  {
    method: 'get', path: '/api/contacts', roles: STAFF,
    async handle({ actor, query }) {
      return { status: 200, body: await contacts.list(actor, ContactListQuery.parse(query)) };
    },
  },
  {
    method: 'get', path: '/api/callbacks', roles: STAFF,
    async handle({ actor }) {
      return { status: 200, body: await contacts.callbacks(actor) };
    },
  },
  {
    method: 'get', path: '/api/contacts/:contactId', roles: STAFF,
    async handle({ actor, params }) {
      const { contactId } = ContactParams.parse(params);
      return { status: 200, body: await contacts.read(actor, contactId) };
    },
  },
  {
    method: 'put', path: '/api/contacts/:contactId/record', roles: STAFF,
    async handle({ actor, params, body }) {
      const { contactId } = ContactParams.parse(params);
      return { status: 200, body: await contacts.saveRecord(actor, contactId, ContactRecordInput.parse(body)) };
    },
  },
];
