import type { CaseSummary } from '../contracts/cases.js';
import type { Case } from './case.entity.js';

export interface Names { users: Map<string, string>; codes: Map<string, string> }

/** Cases as lists show them: codes and structured fields only, never names or free text. */
export function presentCases(rows: Case[], names: Names): CaseSummary[] {
  return rows.map((c) => ({
    id: c.id, code: c.code, status: c.status, riskLevel: c.riskLevel, consentLevel: c.consentLevel,
    province: c.province as CaseSummary['province'], exploitationTypes: c.exploitationTypes, minorsInvolved: c.minorsInvolved,
    assignedTo: c.assignedToId ? { id: c.assignedToId, displayName: names.users.get(c.assignedToId) ?? '' } : null,
    openedAt: c.openedAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
    mergedInto: c.mergedIntoId ? { id: c.mergedIntoId, code: names.codes.get(c.mergedIntoId) ?? '' } : null,
  }));
}

/** A name as search compares it: lower case, accents removed, spaces collapsed. */
export function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 60);
}
