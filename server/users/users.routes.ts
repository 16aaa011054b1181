import { OperatorSkills, StaffParams } from '../contracts/routing.js';
import type { ApiRoute } from '../http/api.js';
import type { UsersService } from './users.service.js';

// Supervisors run the floor and admins the accounts: both set what an operator can take.
const MANAGE = ['admin', 'supervisor'] as const;

export const userRoutes = (users: UsersService): ApiRoute[] => [
  {
    method: 'get', path: '/api/staff', roles: MANAGE,
    async handle() { return { status: 200, body: await users.staff() }; },
  },
  {
    method: 'put', path: '/api/staff/:userId/skills', roles: MANAGE,
    async handle({ actor, params, body }) {
      const { userId } = StaffParams.parse(params);
      return { status: 200, body: await users.setSkills(actor, userId, OperatorSkills.parse(body)) };
    },
  },
];
