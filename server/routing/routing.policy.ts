import type { Actor } from '../users/actor.js';

/** Operators and supervisors take calls; coordinators and admins never do. */
export const mayTakeCalls = (a: Actor): boolean => a.role === 'operator' || a.role === 'supervisor';
