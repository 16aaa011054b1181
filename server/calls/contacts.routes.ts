import { AddInterpreter, ContactListQuery, ContactParams, ContactRecordInput, HoldCall, MonitorCall, StartTransfer } from '../contracts/contacts.js';
import type { ApiRoute } from '../http/api.js';
import type { ContactsService } from './contacts.service.js';
import type { LiveCallService } from './live-call.service.js';
import type { CallbacksService } from './callbacks.service.js';

const STAFF = ['operator', 'supervisor'] as const;
const SUPERVISE = ['supervisor'] as const;

export const contactRoutes = (contacts: ContactsService, live: LiveCallService, callbacks: CallbacksService): ApiRoute[] => [
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
    // The operator calls back someone who left a message: their own phone rings first.
    method: 'post', path: '/api/callbacks/:contactId/call', roles: STAFF,
    async handle({ actor, params }) {
      const { contactId } = ContactParams.parse(params);
      const callback = await callbacks.start(actor, contactId);
      return { status: 201, body: { contactId: callback.id } };
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
  {
    method: 'post', path: '/api/contacts/:contactId/interpreter', roles: STAFF,
    async handle({ actor, params, body }) {
      const { contactId } = ContactParams.parse(params);
      return { status: 201, body: await live.addInterpreter(actor, contactId, AddInterpreter.parse(body).line) };
    },
  },
  {
    method: 'post', path: '/api/contacts/:contactId/hold', roles: STAFF,
    async handle({ actor, params, body }) {
      const { contactId } = ContactParams.parse(params);
      return { status: 201, body: await live.hold(actor, contactId, HoldCall.parse(body).hold) };
    },
  },
  {
    method: 'post', path: '/api/contacts/:contactId/monitor', roles: SUPERVISE,
    async handle({ actor, params, body }) {
      const { contactId } = ContactParams.parse(params);
      return { status: 201, body: await live.monitor(actor, contactId, MonitorCall.parse(body).mode) };
    },
  },
  {
    method: 'post', path: '/api/contacts/:contactId/transfer', roles: STAFF,
    async handle({ actor, params, body }) {
      const { contactId } = ContactParams.parse(params);
      return { status: 201, body: await live.startTransfer(actor, contactId, StartTransfer.parse(body).operatorId) };
    },
  },
  {
    method: 'post', path: '/api/contacts/:contactId/transfer/complete', roles: STAFF,
    async handle({ actor, params }) {
      const { contactId } = ContactParams.parse(params);
      return { status: 201, body: await live.completeTransfer(actor, contactId) };
    },
  },
  {
    method: 'post', path: '/api/contacts/:contactId/transfer/cancel', roles: STAFF,
    async handle({ actor, params }) {
      const { contactId } = ContactParams.parse(params);
      return { status: 201, body: await live.cancelTransfer(actor, contactId) };
    },
  },
  {
    method: 'get', path: '/api/contacts/:contactId/transfer-targets', roles: STAFF,
    async handle({ actor, params }) {
      const { contactId } = ContactParams.parse(params);
      return { status: 200, body: await live.transferTargets(actor, contactId) };
    },
  },
  {
    method: 'post', path: '/api/contacts/:contactId/hangup', roles: STAFF,
    async handle({ actor, params }) {
      const { contactId } = ContactParams.parse(params);
      await live.hangUp(actor, contactId);
      return { status: 204 };
    },
  },
];
