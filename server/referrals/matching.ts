import type { Language } from '../contracts/enums.js';
import type { HealthNeed, ShelterType } from '../contracts/referrals.js';
import type { ExploitationType } from '../contracts/risk.js';

// Which facilities fit a case, safest first (issue 7, domain-italy.md §4). Pure: plain data in,
// an ordered list and the reasons for every facility left out.

/** A bed count older than this is shown as stale and ranks after fresh ones. */
export const FRESH_BEDS_MS = 24 * 3600_000;

export interface FacilityOffer {
  id: string;
  code: string;
  type: ShelterType;
  province: string;
  region: string;
  /** Genders it takes (F, M, TRANS, NON_BINARY). */
  genders: readonly string[];
  minors: boolean;
  children: boolean;
  /** Languages its staff speak; an interpreter covers the rest. */
  languages: readonly Language[];
  /** Empty: any form of exploitation. */
  exploitationTypes: readonly ExploitationType[];
  healthNeeds: readonly HealthNeed[];
  freeBeds: number;
  bedsUpdatedAt: Date;
}

export interface CaseNeeds {
  /** The shelter types the referral asks for (an emergency bed: pronta accoglienza, casa di fuga…). */
  types: readonly ShelterType[];
  gender: string | null;
  isMinor: boolean;
  childrenCount: number;
  languages: readonly Language[];
  exploitationTypes: readonly ExploitationType[];
  healthNeeds: readonly HealthNeed[];
  /** Where the exploiters are (the case's province and region). */
  province: string | null;
  region: string | null;
  /** The case says the person must be far from the exploiters. */
  farFromExploiters: boolean;
}

export type Misfit = 'type' | 'gender' | 'minors' | 'children' | 'exploitation' | 'health' | 'too_close';

export interface Ranked {
  facility: FacilityOffer;
  /** 0: outside the exploiters' region, 1: outside their province, 2: in it (or not known). */
  distance: 0 | 1 | 2;
  sharedLanguage: boolean;
  stale: boolean;
}

function misfits(f: FacilityOffer, n: CaseNeeds): Misfit[] {
  const out: Misfit[] = [];
  if (n.types.length && !n.types.includes(f.type)) out.push('type');
  if (n.gender && n.gender !== 'UNKNOWN' && !f.genders.includes(n.gender)) out.push('gender');
  if (n.isMinor !== f.minors) out.push('minors');
  if (n.childrenCount > 0 && !f.children) out.push('children');
  if (f.exploitationTypes.length && n.exploitationTypes.length && !n.exploitationTypes.some((t) => f.exploitationTypes.includes(t))) out.push('exploitation');
  if (n.healthNeeds.some((h) => !f.healthNeeds.includes(h))) out.push('health');
  // Far from the exploiters means never in their province.
  if (n.farFromExploiters && n.province && f.province === n.province) out.push('too_close');
  return out;
}

/**
 * Facilities that fit, in the order an operator should try them: the safest (farthest from the
 * exploiters when the case asks for it), then those with a free bed, a language in common, a bed
 * count updated in the last day, more free beds, and the code as the last tie-break.
 */
export function rankFacilities(needs: CaseNeeds, facilities: readonly FacilityOffer[], now: Date): { fits: Ranked[]; left: Array<{ facility: FacilityOffer; misfits: Misfit[] }> } {
  const fits: Ranked[] = [];
  const left: Array<{ facility: FacilityOffer; misfits: Misfit[] }> = [];
  for (const f of facilities) {
    const m = misfits(f, needs);
    if (m.length) {
      left.push({ facility: f, misfits: m });
      continue;
    }
    const distance = needs.region && f.region !== needs.region ? 0 : needs.province && f.province !== needs.province ? 1 : 2;
    fits.push({
      facility: f, distance, sharedLanguage: needs.languages.some((l) => f.languages.includes(l)),
      stale: now.getTime() - f.bedsUpdatedAt.getTime() > FRESH_BEDS_MS,
    });
  }
  const key = (r: Ranked): Array<number | string> => [
    needs.farFromExploiters ? r.distance : 0, r.facility.freeBeds > 0 ? 0 : 1, r.sharedLanguage ? 0 : 1, r.stale ? 1 : 0, -r.facility.freeBeds, r.facility.code,
  ];
  fits.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return 0;
  });
  return { fits, left };
}
