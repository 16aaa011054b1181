import { ContactParams } from '../contracts/contacts.js';
import { IntakeSave, RiskPreview } from '../contracts/intake.js';
import type { ApiRoute } from '../http/api.js';
import type { IntakeService } from './intake.service.js';

const STAFF = ['operator', 'supervisor'] as const;

export const intakeRoutes = (intake: IntakeService): ApiRoute[] => [
  {
    method: 'get', path: '/api/contacts/:contactId/intake', roles: STAFF,
    async handle({ actor, params }) {
      const { contactId } = ContactParams.parse(params);
      return { status: 200, body: await intake.read(actor, contactId) };
    },
  },
  {
    method: 'put', path: '/api/contacts/:contactId/intake', roles: STAFF,
    async handle({ actor, params, body }) {
      const { contactId } = ContactParams.parse(params);
      return { status: 200, body: await intake.save(actor, contactId, IntakeSave.parse(body)) };
    },
  },
  {
    // Scores answers without storing them: the level shown live while the operator types.
    method: 'post', path: '/api/risk/score', roles: STAFF,
    async handle({ body }) {
      return { status: 200, body: await intake.preview(RiskPreview.parse(body).answers) };
    },
  },
];
