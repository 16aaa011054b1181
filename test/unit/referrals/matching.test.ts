import { expect } from 'chai';
import { FRESH_BEDS_MS, rankFacilities, type CaseNeeds, type FacilityOffer } from '../../../server/referrals/matching.js';

// A case's needs × facilities → the list an operator sees, in order (issue 7, domain-italy.md §4).

const NOW = new Date('2026-11-23T22:00:00Z');
const fresh = new Date(NOW.getTime() - 3600_000);
const stale = new Date(NOW.getTime() - FRESH_BEDS_MS - 60_000);

const facility = (code: string, o: Partial<FacilityOffer> = {}): FacilityOffer => ({
  id: code, code, type: 'CASA_DI_FUGA', province: 'RM', region: 'Lazio', genders: ['F', 'TRANS'], minors: false, children: false,
  languages: ['it', 'en'], exploitationTypes: [], healthNeeds: [], freeBeds: 2, bedsUpdatedAt: fresh, ...o,
});
const needs = (o: Partial<CaseNeeds> = {}): CaseNeeds => ({
  types: ['CASA_DI_FUGA'], gender: 'F', isMinor: false, childrenCount: 0, languages: ['en'], exploitationTypes: ['SEXUAL'], healthNeeds: [],
  province: 'LT', region: 'Lazio', farFromExploiters: false, ...o,
});
const order = (n: CaseNeeds, fs: FacilityOffer[]) => rankFacilities(n, fs, NOW).fits.map((r) => r.facility.code);
const left = (n: CaseNeeds, fs: FacilityOffer[]) => Object.fromEntries(rankFacilities(n, fs, NOW).left.map((l) => [l.facility.code, l.misfits]));

describe('facilities that fit a case, safest first', () => {
  const rows: Array<{ name: string; needs: CaseNeeds; facilities: FacilityOffer[]; order: string[]; left?: Record<string, string[]> }> = [
    {
      name: 'far from the exploiters: another region, then another province; their own province is left out',
      needs: needs({ farFromExploiters: true }),
      facilities: [facility('LT-1', { province: 'LT' }), facility('RM-1', { province: 'RM', freeBeds: 5 }), facility('TO-1', { province: 'TO', region: 'Piemonte', freeBeds: 1 })],
      order: ['TO-1', 'RM-1'], left: { 'LT-1': ['too_close'] },
    },
    {
      name: 'not asked to be far: free beds first, then a shared language',
      needs: needs(),
      facilities: [facility('A', { freeBeds: 0 }), facility('B', { languages: ['it'] }), facility('C')],
      order: ['C', 'B', 'A'],
    },
    {
      name: 'a bed count older than a day ranks after fresh ones; then more free beds; then the code',
      needs: needs(),
      facilities: [facility('OLD', { bedsUpdatedAt: stale, freeBeds: 9 }), facility('Y', { freeBeds: 1 }), facility('X', { freeBeds: 1 }), facility('Z', { freeBeds: 3 })],
      order: ['Z', 'X', 'Y', 'OLD'],
    },
    {
      name: 'a man: only facilities that take men',
      needs: needs({ gender: 'M' }),
      facilities: [facility('W'), facility('M', { genders: ['M'] })],
      order: ['M'], left: { W: ['gender'] },
    },
    {
      name: 'a minor goes only to a minors facility, and an adult never does',
      needs: needs({ isMinor: true, types: ['CASA_DI_FUGA', 'MINORS_FACILITY'] }),
      facilities: [facility('ADULT'), facility('MSNA', { type: 'MINORS_FACILITY', minors: true })],
      order: ['MSNA'], left: { ADULT: ['minors'] },
    },
    {
      name: 'a mother with children: only where children are taken',
      needs: needs({ childrenCount: 2, types: ['MOTHER_CHILD', 'CASA_DI_FUGA'] }),
      facilities: [facility('NOKIDS'), facility('MC', { type: 'MOTHER_CHILD', children: true })],
      order: ['MC'], left: { NOKIDS: ['children'] },
    },
    {
      name: 'health needs must all be met; a facility for labour exploitation only does not fit sexual exploitation',
      needs: needs({ healthNeeds: ['PREGNANCY', 'MENTAL_HEALTH'] }),
      facilities: [facility('P', { healthNeeds: ['PREGNANCY'] }), facility('PM', { healthNeeds: ['PREGNANCY', 'MENTAL_HEALTH', 'ADDICTION'] }),
        facility('LAB', { healthNeeds: ['PREGNANCY', 'MENTAL_HEALTH'], exploitationTypes: ['LABOUR'] })],
      order: ['PM'], left: { P: ['health'], LAB: ['exploitation'] },
    },
    {
      name: 'the wrong type of place is left out, whatever else fits',
      needs: needs({ types: ['PRONTA_ACCOGLIENZA'] }),
      facilities: [facility('CDF'), facility('PA', { type: 'PRONTA_ACCOGLIENZA', freeBeds: 0 })],
      order: ['PA'], left: { CDF: ['type'] },
    },
    {
      name: 'gender not known: nothing is excluded for it',
      needs: needs({ gender: 'UNKNOWN' }),
      facilities: [facility('W'), facility('M', { genders: ['M'] })],
      order: ['M', 'W'],
    },
    {
      name: 'several misfits are all named',
      needs: needs({ gender: 'M', childrenCount: 1, farFromExploiters: true }),
      facilities: [facility('LT', { province: 'LT' })],
      order: [], left: { LT: ['gender', 'children', 'too_close'] },
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(order(row.needs, row.facilities)).to.deep.equal(row.order);
      expect(left(row.needs, row.facilities)).to.deep.equal(row.left ?? {});
    });
  }

  it('says which fits have a stale bed count and a language in common', () => {
    const [a, b] = rankFacilities(needs(), [facility('A', { bedsUpdatedAt: stale }), facility('B', { languages: ['ar'] })], NOW).fits;
    expect([a!.facility.code, a!.stale, a!.sharedLanguage]).to.deep.equal(['A', true, true]);
    expect([b!.facility.code, b!.stale, b!.sharedLanguage]).to.deep.equal(['B', false, false]);
  });
});
