import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Language, Role } from '../contracts/enums.js';
import type { OperatorSkills } from '../contracts/routing.js';
import { User } from '../users/user.entity.js';
import type { UsersService } from '../users/users.service.js';

// The demo users of DESIGN.md. Seeded only into an empty database and never in production.

// Those who take calls have skills: languages with a level, and case flags (routing prefers native speakers).
export const DEMO_USERS: { username: string; displayName: string; role: Role; languages: Language[]; skills?: OperatorSkills }[] = [
  { username: 'admin', displayName: 'Admin', role: 'admin', languages: ['it', 'en'] },
  { username: 'supervisor', displayName: 'Supervisor', role: 'supervisor', languages: ['it', 'en'], skills: { languages: { it: 'native', en: 'fluent' }, minors: true, labour: true } },
  { username: 'operator1', displayName: 'Operator One', role: 'operator', languages: ['it', 'en'], skills: { languages: { it: 'native', en: 'fluent' }, minors: true, labour: false } },
  { username: 'operator2', displayName: 'Operator Two', role: 'operator', languages: ['en', 'fr', 'ar'], skills: { languages: { en: 'fluent', fr: 'native', ar: 'fluent' }, minors: false, labour: true } },
  // Russian covers Ukrainian speakers too (the IVR's option 8).
  { username: 'operator3', displayName: 'Operator Three', role: 'operator', languages: ['ro', 'ru'], skills: { languages: { ro: 'native', ru: 'fluent' }, minors: false, labour: false } },
  { username: 'coordinator1', displayName: 'Coordinator (shelter)', role: 'coordinator', languages: ['it'] },
  { username: 'coordinator2', displayName: 'Coordinator (labour programme)', role: 'coordinator', languages: ['it'] },
  // Aggregate reports only.
  { username: 'analyst', displayName: 'Analyst', role: 'analyst', languages: ['it', 'en'] },
];

/** Demo organisations until the organisations area exists: stable ids the coordinators belong to. */
export const DEMO_ORGANISATIONS = {
  coordinator1: '00000000-0000-4000-8000-000000000001',
  coordinator2: '00000000-0000-4000-8000-000000000002',
} as const;

export interface SeedResult { seeded: boolean; password: string | null }

/** Seeds the demo users if there are no users at all; returns the password it used. */
export async function seedDemo(db: DataSource, users: UsersService, password?: string | null): Promise<SeedResult> {
  if ((await db.getRepository(User).count()) > 0) return { seeded: false, password: null };
  const pw = password ?? randomBytes(9).toString('base64url');
  for (const u of DEMO_USERS) {
    await users.create({
      ...u,
      password: pw,
      organisationId: DEMO_ORGANISATIONS[u.username as keyof typeof DEMO_ORGANISATIONS] ?? null,
    });
  }
  return { seeded: true, password: pw };
}
