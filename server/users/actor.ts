import type { Language, Role } from '../contracts/enums.js';
import type { User } from './user.entity.js';

/** Who is acting: what policies decide on. Built from the session on every request and socket event. */
export interface Actor {
  userId: string;
  role: Role;
  organisationId: string | null;
  /** The languages the user speaks: operators work on call-backs in them. */
  languages: readonly Language[];
}

export const actorOf = (u: User): Actor => ({ userId: u.id, role: u.role, organisationId: u.organisationId, languages: u.languages });
