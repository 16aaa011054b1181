import type { CaseUpdate, CaseView } from '../../contracts.js';

/**
 * Changes the open case: the page adds the version it holds. Resolves with the case as saved, or
 * null when someone changed it meanwhile (the page then offers to reload); other refusals throw.
 */
export type UpdateCase = (patch: Omit<CaseUpdate, 'version'>) => Promise<CaseView | null>;

/** Someone the case or a task can be given to. */
export interface Assignee { id: string; displayName: string }
