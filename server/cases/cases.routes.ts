import { CaseCreate, CaseParams, CaseTaskParams, CaseUpdate, LinkContact, MergeCase, TaskUpdate } from '../contracts/cases.js';
import type { ApiRoute } from '../http/api.js';
import type { CasesService } from './cases.service.js';

// Operators and supervisors; the service narrows to the cases each may see (cases.policy.ts).
const STAFF = ['operator', 'supervisor'] as const;

export const caseRoutes = (cases: CasesService): ApiRoute[] => [
  {
    method: 'get', path: '/api/cases', roles: STAFF,
    async handle({ actor, query }) {
      return { status: 200, body: await cases.search(actor, query as never) };
    },
  },
  {
    method: 'post', path: '/api/cases', roles: STAFF,
    async handle({ actor, body }) {
      return { status: 201, body: await cases.create(actor, CaseCreate.parse(body)) };
    },
  },
  {
    method: 'get', path: '/api/cases/:caseId', roles: STAFF,
    async handle({ actor, params }) {
      return { status: 200, body: await cases.read(actor, CaseParams.parse(params).caseId) };
    },
  },
  {
    method: 'patch', path: '/api/cases/:caseId', roles: STAFF,
    async handle({ actor, params, body }) {
      return { status: 200, body: await cases.update(actor, CaseParams.parse(params).caseId, CaseUpdate.parse(body)) };
    },
  },
  {
    method: 'post', path: '/api/cases/:caseId/contacts', roles: STAFF,
    async handle({ actor, params, body }) {
      return { status: 200, body: await cases.link(actor, CaseParams.parse(params).caseId, LinkContact.parse(body).contactId) };
    },
  },
  {
    method: 'post', path: '/api/cases/:caseId/merge', roles: STAFF,
    async handle({ actor, params, body }) {
      return { status: 200, body: await cases.merge(actor, CaseParams.parse(params).caseId, MergeCase.parse(body).fromCaseId) };
    },
  },
  {
    method: 'post', path: '/api/cases/:caseId/tasks', roles: STAFF,
    async handle({ actor, params, body }) {
      return { status: 201, body: await cases.addTask(actor, CaseParams.parse(params).caseId, body) };
    },
  },
  {
    method: 'patch', path: '/api/cases/:caseId/tasks/:taskId', roles: STAFF,
    async handle({ actor, params, body }) {
      const { caseId, taskId } = CaseTaskParams.parse(params);
      return { status: 200, body: await cases.setTaskDone(actor, caseId, taskId, TaskUpdate.parse(body).done) };
    },
  },
];
