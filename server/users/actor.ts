import type { Language, Role } from '../contracts/enums.js';
import type { User } from './user.entity.js';

/** Who is acting: what policies decide on. Built from the session on every request and socket event. */
export interface Actor {
  userId: string;
  role: Role;
  organisationId: string | null;
  /** The languages the user speaks: operators work on call-backs in them. */
  languages: readonly Language[];
  /** Operators in one team see each other's cases. */
  team: string | null;
  /** Where the request came from (an IP address), for the audit log; absent for jobs. */
  origin?: string;
}

export const actorOf = (u: User): Actor => ({ userId: u.id, role: u.role, organisationId: u.organisationId, languages: u.languages, team: u.team });
