import type { Role } from '../contracts/enums.js';

/** Who is acting: what policies decide on. Built from the session on every request and socket event. */
export interface Actor {
  userId: string;
  role: Role;
  organisationId: string | null;
}
