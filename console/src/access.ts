import type { Role } from './contracts.js';

// What each role is shown; the server decides what each may do, and says 403 to the rest.

/** Who works on call-back requests. */
export const WORKS_CALLBACKS: readonly Role[] = ['operator', 'supervisor'];
/** Who sees the IVR settings and the on-call table (supervisors run the floor and should know where callers go). */
export const SEES_IVR_SETTINGS: readonly Role[] = ['admin', 'supervisor'];
/** Who changes them. */
export const EDITS_IVR_SETTINGS: readonly Role[] = ['admin'];
/** Who blocks nuisance callers and sees the blocked numbers (the server allows supervisors only). */
export const BLOCKS_CALLERS: readonly Role[] = ['supervisor'];
/** Who watches the floor on the wallboard, gives waiting calls to operators and sets routing (the server allows supervisors only). */
export const WATCHES_FLOOR: readonly Role[] = ['supervisor'];
/** Who sets what each operator can take (languages, levels, case training): supervisors run the floor, admins the accounts. */
export const MANAGES_STAFF: readonly Role[] = ['admin', 'supervisor'];
/** Who works on cases (the server narrows operators to their own and their team's). */
export const WORKS_CASES: readonly Role[] = ['operator', 'supervisor'];
/** Who is alerted, on every page, when a contact's risk turns IMMEDIATE (the server sends the alerts to supervisors only). */
export const ALERTED_ON_RISK: readonly Role[] = ['supervisor'];
/** Who edits the indicator catalogue (the server lets everyone read it: the intake form asks its questions). */
export const EDITS_INDICATORS: readonly Role[] = ['admin'];
/** Who sets how long records are kept and runs the anonymisation. */
export const SETS_RETENTION: readonly Role[] = ['admin'];
/** Who downloads the CSV exports for national reporting (the server allows supervisors only). */
export const EXPORTS_DATA: readonly Role[] = ['supervisor'];
