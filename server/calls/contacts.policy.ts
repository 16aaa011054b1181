import type { Language } from '../contracts/enums.js';
import type { Actor } from '../users/actor.js';
import type { Contact } from './contact.entity.js';

// Deny by default. Operators see the contacts they answered (or are being offered); supervisors
// see all. Coordinators never see contacts (only what a referral shares); admins run the system,
// not people's cases.

export type ContactAction = 'view' | 'record' | 'live' | 'callback';

const handled = (a: Actor, c: Contact) => a.role === 'operator' && (c.answeredById === a.userId || c.offeredToId === a.userId);
// A call-back request is the work of every operator who speaks its language.
const callbackFor = (a: Actor, c: Contact) => a.role === 'operator' && c.callbackCipher !== null && c.language !== null && a.languages.includes(c.language);
const answered = (a: Actor, c: Contact) => (a.role === 'operator' || a.role === 'supervisor') && c.answeredById === a.userId;

const rules: Record<ContactAction, (a: Actor, c: Contact) => boolean> = {
  view: (a, c) => a.role === 'supervisor' || handled(a, c) || callbackFor(a, c),
  record: (a, c) => answered(a, c) || (a.role === 'supervisor' && c.answeredById !== null),
  // Acting on the call itself (bringing in an interpreter): its operator, or a supervisor, while it is on.
  // Calling back someone who left a message: operators of its language, and supervisors.
  callback: (a, c) => callbackFor(a, c) || (a.role === 'supervisor' && c.callbackCipher !== null),
  live: (a, c) => c.status === 'connected' && (answered(a, c) || a.role === 'supervisor'),
};

export const mayOnContact = (a: Actor, act: ContactAction, c: Contact): boolean => rules[act](a, c);

/** Which contacts a list may show to this actor: a filter for the query, or null for none at all. */
export function listScope(a: Actor): { answeredById?: string } | null {
  if (a.role === 'supervisor') return {};
  if (a.role === 'operator') return { answeredById: a.userId };
  return null;
}

/** Which call-back requests an actor works on: operators, those in their languages; supervisors, all. */
export function callbackScope(a: Actor): { languages: readonly Language[] | 'all' } | null {
  if (a.role === 'supervisor') return { languages: 'all' };
  if (a.role === 'operator') return { languages: a.languages };
  return null;
}
