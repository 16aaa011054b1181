import { expect } from 'chai';
import { serviceLevel, startOfDay } from '../../../server/routing/wallboard.service.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 9, 0, 0) + s * 1000);

describe('the wallboard figures', () => {
  it('service level: answered within 20 s and 60 s of joining the queue, abandoned and overflowed apart', () => {
    const level = serviceLevel([
      { queuedAt: at(0), answeredAt: at(5), status: 'completed' },
      { queuedAt: at(0), answeredAt: at(20), status: 'completed' },
      { queuedAt: at(0), answeredAt: at(21), status: 'completed' },
      { queuedAt: at(0), answeredAt: at(60), status: 'completed' },
      { queuedAt: at(0), answeredAt: at(61), status: 'completed' },
      { queuedAt: at(0), answeredAt: null, status: 'abandoned' },
      { queuedAt: at(0), answeredAt: null, status: 'oncall' },
      { queuedAt: at(0), answeredAt: null, status: 'message' },
    ]);
    expect(level).to.deep.equal({ handled: 8, answered: 5, answeredWithin20s: 2, answeredWithin60s: 4, abandoned: 1, overflowed: 2 });
  });

  it('no calls: zeros, not NaN', () => {
    expect(serviceLevel([])).to.deep.equal({ handled: 0, answered: 0, answeredWithin20s: 0, answeredWithin60s: 0, abandoned: 0, overflowed: 0 });
  });

  const days: [string, string, string][] = [
    ['2026-11-23T10:00:00Z', 'Europe/Rome', '2026-11-22T23:00:00.000Z'],
    ['2026-11-23T23:30:00Z', 'Europe/Rome', '2026-11-23T23:00:00.000Z'],
    ['2026-07-01T12:00:00Z', 'Europe/Rome', '2026-06-30T22:00:00.000Z'],
    // The days the clocks change: midnight was in the other offset.
    ['2026-03-29T10:00:00Z', 'Europe/Rome', '2026-03-28T23:00:00.000Z'],
    ['2026-10-25T10:00:00Z', 'Europe/Rome', '2026-10-24T22:00:00.000Z'],
    ['2026-11-23T03:00:00Z', 'America/New_York', '2026-11-22T05:00:00.000Z'],
  ];
  for (const [now, tz, midnight] of days) {
    it(`"today" at ${now} in ${tz} began at ${midnight}`, () => {
      expect(startOfDay(new Date(now), tz).toISOString()).to.equal(midnight);
    });
  }
});
