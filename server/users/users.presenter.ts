import type { SessionUser } from '../contracts/session.js';
import type { User } from './user.entity.js';

export function presentSessionUser(u: User): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    languages: u.languages,
    state: u.state,
  };
}
