import type { DataSource } from 'typeorm';
import type { Contact } from '../calls/contact.entity.js';
import type { Actor } from '../users/actor.js';
import { Case } from './case.entity.js';

// Deny by default. Operators see the cases they work on (assigned to them) and those of their
// team; supervisors see all. Coordinators never see cases (only what a referral shares), admins run
// the system, analysts see aggregates only.

export type CaseAction = 'view' | 'edit';

const works = (a: Actor, c: Case) => c.assignedToId === a.userId || (a.team !== null && c.team === a.team);

const rules: Record<CaseAction, (a: Actor, c: Case) => boolean> = {
  view: (a, c) => a.role === 'supervisor' || (a.role === 'operator' && works(a, c)),
  // A merged case is history: it is read, never changed.
  edit: (a, c) => c.mergedIntoId === null && (a.role === 'supervisor' || (a.role === 'operator' && works(a, c))),
};

export const mayOnCase = (a: Actor, act: CaseAction, c: Case): boolean => rules[act](a, c);

/** Which cases a list may show: everything, the operator's own and their team's, or nothing at all. */
export function caseScope(a: Actor): { all: true } | { userId: string; team: string | null } | null {
  if (a.role === 'supervisor') return { all: true };
  if (a.role === 'operator') return { userId: a.userId, team: a.team };
  return null;
}

/** Who may work a case (be assigned it). */
export const MAY_BE_ASSIGNED = ['operator', 'supervisor'] as const;

/**
 * A contact in a case is seen by whoever may see the case (the team working it), besides those the
 * contact's own policy allows (who answered it, supervisors).
 */
export async function mayViewThroughCase(db: DataSource, actor: Actor, contact: Contact): Promise<boolean> {
  if (!contact.caseId) return false;
  const theCase = await db.getRepository(Case).findOneBy({ id: contact.caseId });
  return theCase !== null && mayOnCase(actor, 'view', theCase);
}
