import { expect } from 'chai';
import { plan, type Free, type Waiting } from '../../../server/routing/choose.js';

const t = (s: number) => new Date(Date.UTC(2026, 10, 23, 10, 0, s));
const caller = (id: string, language: Waiting['language'], o: Partial<Waiting> = {}): Waiting =>
  ({ id, language, priority: 10, queuedAt: t(0), declinedBy: [], ...o });
const op = (id: string, languages: Free['languages'], since: number): Free => ({ id, languages, availableSince: t(since) });

describe('choosing who answers whom', () => {
  const rows: { name: string; waiting: Waiting[]; free: Free[]; expected: [string, string][] }[] = [
    { name: 'a caller goes to an operator who speaks their language', waiting: [caller('c1', 'fr')], free: [op('it-only', ['it'], 0), op('fr', ['en', 'fr'], 5)], expected: [['c1', 'fr']] },
    { name: 'nobody speaks it: the caller keeps holding', waiting: [caller('c1', 'zh')], free: [op('a', ['it', 'en'], 0)], expected: [] },
    { name: 'the operator idle longest is offered first', waiting: [caller('c1', 'it')], free: [op('recent', ['it'], 30), op('longest', ['it'], 1)], expected: [['c1', 'longest']] },
    { name: 'a caller in danger goes before one waiting longer', waiting: [caller('calm', 'en', { queuedAt: t(0) }), caller('danger', 'en', { priority: 100, queuedAt: t(50) })], free: [op('a', ['en'], 0)], expected: [['danger', 'a']] },
    { name: 'with equal priority the longest waiting goes first', waiting: [caller('late', 'en', { queuedAt: t(20) }), caller('early', 'en', { queuedAt: t(2) })], free: [op('a', ['en'], 0)], expected: [['early', 'a']] },
    { name: 'an operator who declined is not offered the same caller again', waiting: [caller('c1', 'it', { declinedBy: ['a'] })], free: [op('a', ['it'], 0), op('b', ['it'], 9)], expected: [['c1', 'b']] },
    { name: 'everyone declined: the caller keeps holding', waiting: [caller('c1', 'it', { declinedBy: ['a'] })], free: [op('a', ['it'], 0)], expected: [] },
    { name: 'one operator gets one caller; the next caller goes to the next operator', waiting: [caller('c1', 'it', { queuedAt: t(1) }), caller('c2', 'it', { queuedAt: t(2) })], free: [op('a', ['it'], 0), op('b', ['it', 'en'], 3)], expected: [['c1', 'a'], ['c2', 'b']] },
    { name: 'a later caller is not blocked by an earlier one nobody can take', waiting: [caller('zh', 'zh', { queuedAt: t(0) }), caller('ro', 'ro', { queuedAt: t(9) })], free: [op('r', ['ro', 'ru'], 0)], expected: [['ro', 'r']] },
    { name: '"another language" goes to any operator (they bring in the interpreter)', waiting: [caller('c1', 'other')], free: [op('a', ['ro'], 0)], expected: [['c1', 'a']] },
    { name: 'no operator free: nothing offered', waiting: [caller('c1', 'it')], free: [], expected: [] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(plan(row.waiting, row.free).map((a) => [a.contactId, a.operatorId])).to.deep.equal(row.expected);
    });
  }
});
