import { expect } from 'chai';
import type { OperatorSkills } from '../../../server/contracts/routing.js';
import { plan, type Free, type PlanContext, type Waiting } from '../../../server/routing/choose.js';

// Written from the rules, not from the code: danger first, then minors, then time waiting;
// the eligible operator idle longest, native speakers preferred; widening fluent → basic → anyone
// with the interpreter line as the wait grows.

const NOW = 1000;
const t = (s: number) => new Date(Date.UTC(2026, 10, 23, 10, 0, 0) + s * 1000);
const ctx: PlanContext = { now: t(NOW), widening: { basicAfterSeconds: 30, anyAfterSeconds: 90 }, interpreterLines: true };

/** A caller who has waited `waited` seconds. */
const caller = (id: string, language: Waiting['language'], o: Partial<Waiting> & { waited?: number } = {}): Waiting => {
  const { waited = 5, ...rest } = o;
  return { id, language, priority: 10, queuedAt: t(NOW - waited), minor: false, declinedBy: [], ...rest };
};
const op = (id: string, languages: OperatorSkills['languages'], idleFor: number, flags: Partial<OperatorSkills> = {}): Free =>
  ({ id, skills: { languages, minors: false, labour: false, ...flags }, availableSince: t(NOW - idleFor) });

const DANGER = 100;
const MINOR = 50;

const rows: { name: string; waiting: Waiting[]; free: Free[]; ctx?: Partial<PlanContext>; expected: [string, string][] }[] = [
  { name: 'a caller goes to an operator who speaks their language', waiting: [caller('c1', 'fr')], free: [op('it-only', { it: 'native' }, 100), op('fr', { en: 'fluent', fr: 'fluent' }, 5)], expected: [['c1', 'fr']] },
  { name: 'nobody speaks it and the wait is short: the caller keeps holding', waiting: [caller('c1', 'zh')], free: [op('a', { it: 'native', en: 'fluent' }, 100)], expected: [] },
  { name: 'the operator idle longest is offered first', waiting: [caller('c1', 'it')], free: [op('recent', { it: 'native' }, 3), op('longest', { it: 'native' }, 60)], expected: [['c1', 'longest']] },
  { name: 'a native speaker is preferred to a fluent one idle longer', waiting: [caller('c1', 'ar')], free: [op('fluent', { ar: 'fluent' }, 600), op('native', { ar: 'native' }, 1)], expected: [['c1', 'native']] },
  { name: 'a fluent speaker takes the call at once when no native one is free', waiting: [caller('c1', 'ar', { waited: 0 })], free: [op('fluent', { ar: 'fluent' }, 1)], expected: [['c1', 'fluent']] },
  { name: 'a basic speaker is not offered a caller who has just arrived', waiting: [caller('c1', 'ro', { waited: 10 })], free: [op('basic', { ro: 'basic' }, 100)], expected: [] },
  { name: 'after the basic step (30 s) a basic speaker takes the caller', waiting: [caller('c1', 'ro', { waited: 30 })], free: [op('basic', { ro: 'basic' }, 100)], expected: [['c1', 'basic']] },
  { name: 'a basic speaker is still preferred to anyone with the interpreter line', waiting: [caller('c1', 'ro', { waited: 200 })], free: [op('any', { it: 'native' }, 500), op('basic', { ro: 'basic' }, 1)], expected: [['c1', 'basic']] },
  { name: 'after the last step (90 s) any operator takes the caller with the interpreter line', waiting: [caller('c1', 'zh', { waited: 90 })], free: [op('a', { it: 'native' }, 100)], expected: [['c1', 'a']] },
  { name: 'without interpreter lines the last step never comes', waiting: [caller('c1', 'zh', { waited: 500 })], free: [op('a', { it: 'native' }, 100)], ctx: { interpreterLines: false }, expected: [] },
  { name: 'a step set to never is skipped', waiting: [caller('c1', 'ro', { waited: 500 })], free: [op('basic', { ro: 'basic' }, 100)], ctx: { widening: { basicAfterSeconds: null, anyAfterSeconds: null } }, expected: [] },
  { name: '"another language" goes to any operator at once (they bring in the interpreter)', waiting: [caller('c1', 'other', { waited: 0 })], free: [op('a', { ro: 'native' }, 0)], expected: [['c1', 'a']] },
  { name: 'a caller in danger goes before one waiting longer', waiting: [caller('calm', 'en', { waited: 50 }), caller('danger', 'en', { priority: DANGER, waited: 1 })], free: [op('a', { en: 'native' }, 100)], expected: [['danger', 'a']] },
  { name: 'a child\'s call goes before an adult\'s waiting longer, after danger', waiting: [caller('adult', 'it', { waited: 80 }), caller('child', 'it', { priority: MINOR, minor: true, waited: 2 }), caller('danger', 'it', { priority: DANGER, waited: 1 })], free: [op('m1', { it: 'native' }, 100, { minors: true }), op('m2', { it: 'native' }, 90, { minors: true }), op('m3', { it: 'fluent' }, 80, { minors: true })], expected: [['danger', 'm1'], ['child', 'm2'], ['adult', 'm3']] },
  { name: 'a child\'s call goes only to an operator trained for minors', waiting: [caller('child', 'it', { priority: MINOR, minor: true })], free: [op('untrained', { it: 'native' }, 100), op('trained', { it: 'basic', en: 'native' }, 1, { minors: true })], expected: [] },
  { name: 'a trained operator who speaks the language takes the child\'s call', waiting: [caller('child', 'it', { priority: MINOR, minor: true })], free: [op('untrained', { it: 'native' }, 100), op('trained', { it: 'fluent' }, 1, { minors: true })], expected: [['child', 'trained']] },
  { name: 'with equal priority the longest waiting goes first', waiting: [caller('late', 'en', { waited: 2 }), caller('early', 'en', { waited: 20 })], free: [op('a', { en: 'native' }, 100)], expected: [['early', 'a']] },
  { name: 'an operator who declined is not offered the same caller again', waiting: [caller('c1', 'it', { declinedBy: ['a'] })], free: [op('a', { it: 'native' }, 100), op('b', { it: 'native' }, 9)], expected: [['c1', 'b']] },
  { name: 'everyone declined: the caller keeps holding', waiting: [caller('c1', 'it', { declinedBy: ['a'] })], free: [op('a', { it: 'native' }, 100)], expected: [] },
  { name: 'one operator gets one caller; the next caller goes to the next operator', waiting: [caller('c1', 'it', { waited: 9 }), caller('c2', 'it', { waited: 8 })], free: [op('a', { it: 'native' }, 100), op('b', { it: 'fluent', en: 'native' }, 3)], expected: [['c1', 'a'], ['c2', 'b']] },
  { name: 'a later caller is not blocked by an earlier one nobody can take', waiting: [caller('zh', 'zh', { waited: 20 }), caller('ro', 'ro', { waited: 5 })], free: [op('r', { ro: 'native', ru: 'fluent' }, 100)], expected: [['ro', 'r']] },
  { name: 'no operator free: nothing offered', waiting: [caller('c1', 'it')], free: [], expected: [] },
  { name: 'nobody waiting: nothing offered', waiting: [], free: [op('a', { it: 'native' }, 1)], expected: [] },
];

describe('choosing who answers whom', () => {
  for (const row of rows) {
    it(row.name, () => {
      expect(plan(row.waiting, row.free, { ...ctx, ...row.ctx }).map((a) => [a.contactId, a.operatorId])).to.deep.equal(row.expected);
    });
  }
});
