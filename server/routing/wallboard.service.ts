import { In, MoreThanOrEqual, Not, type DataSource } from 'typeorm';
import { Contact } from '../calls/contact.entity.js';
import type { ServiceLevel, Wallboard } from '../contracts/routing.js';
import { User } from '../users/user.entity.js';
import { skillsOf } from '../users/skills.js';
import { priorityOf, queueOrder } from './choose.js';

const STILL_WAITING = ['queued', 'offered'] as const;
// Left the queue for the on-call colleague or a message (still there, or done).
const OVERFLOWED = new Set(['overflow', 'oncall', 'voicemail', 'message']);

/**
 * What supervisors watch: who is waiting (in the order they will be answered), every operator's
 * state and skills, and the service level today and in the last hour.
 */
export class WallboardService {
  constructor(private readonly deps: { db: DataSource; now: () => Date; timeZone: string }) {}

  async snapshot(): Promise<Wallboard> {
    const { db, now, timeZone } = this.deps;
    const at = now();
    const today = startOfDay(at, timeZone);
    const hourAgo = new Date(at.getTime() - 3600_000);
    const [waiting, users, handled, live] = await Promise.all([
      db.getRepository(Contact).find({
        where: { status: In([...STILL_WAITING]) },
        select: { id: true, language: true, priority: true, danger: true, minor: true, cannotTalkFreely: true, queuedAt: true, startedAt: true, offeredToId: true, status: true },
        take: 500,
      }),
      db.getRepository(User).find({ where: { active: true, role: In(['operator', 'supervisor']) }, order: { displayName: 'ASC' } }),
      // Every call that joined the queue since the day began and has left it (answered, or not).
      db.getRepository(Contact).find({
        where: { queuedAt: MoreThanOrEqual(today < hourAgo ? today : hourAgo), status: Not(In([...STILL_WAITING])) },
        select: { queuedAt: true, answeredAt: true, status: true },
      }),
      db.getRepository(Contact).find({
        where: { status: 'connected' },
        select: { id: true, answeredById: true, language: true, answeredAt: true, startedAt: true, danger: true, cannotTalkFreely: true, callbackOfId: true },
        take: 500,
      }),
    ]);
    const onCall = new Map(live.filter((c) => c.answeredById).map((c) => [c.answeredById!, c]));
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    const order = waiting
      .map((c) => ({ c, w: { id: c.id, language: c.language ?? 'it', priority: priorityOf(c), queuedAt: c.queuedAt ?? c.startedAt, minor: c.minor, declinedBy: [] } }))
      .sort((a, b) => queueOrder(a.w, b.w));
    return {
      at: at.toISOString(),
      waiting: order.map(({ c, w }) => ({
        contactId: c.id, language: w.language, priority: w.priority, danger: c.danger, minor: c.minor, cannotTalkFreely: c.cannotTalkFreely,
        queuedAt: w.queuedAt.toISOString(),
        offeredTo: c.status === 'offered' && c.offeredToId ? { id: c.offeredToId, displayName: names.get(c.offeredToId) ?? '' } : null,
      })),
      operators: users.map((u) => ({
        id: u.id, displayName: u.displayName, role: u.role as 'operator' | 'supervisor', state: u.state, since: u.stateSince.toISOString(),
        until: u.stateUntil?.toISOString() ?? null, reason: u.stateReason, skills: skillsOf(u),
        call: callOf(onCall.get(u.id)),
      })),
      today: serviceLevel(handled.filter((c) => c.queuedAt! >= today)),
      lastHour: serviceLevel(handled.filter((c) => c.queuedAt! >= hourAgo)),
    };
  }
}

function callOf(c: Contact | undefined): Wallboard['operators'][number]['call'] {
  if (!c) return null;
  return {
    contactId: c.id, language: c.language ?? 'it', answeredAt: (c.answeredAt ?? c.startedAt).toISOString(),
    danger: c.danger, cannotTalkFreely: c.cannotTalkFreely, callback: c.callbackOfId !== null,
  };
}

/**
 * Of the calls that joined the queue in the window and have left it: how many were answered, and
 * how many within 20 and 60 seconds of joining; how many hung up waiting; how many overflowed.
 */
export function serviceLevel(calls: ReadonlyArray<Pick<Contact, 'queuedAt' | 'answeredAt' | 'status'>>): ServiceLevel {
  const level: ServiceLevel = { handled: calls.length, answered: 0, answeredWithin20s: 0, answeredWithin60s: 0, abandoned: 0, overflowed: 0 };
  for (const c of calls) {
    if (c.answeredAt) {
      const waited = c.answeredAt.getTime() - c.queuedAt!.getTime();
      level.answered++;
      if (waited <= 20_000) level.answeredWithin20s++;
      if (waited <= 60_000) level.answeredWithin60s++;
    } else if (c.status === 'abandoned') level.abandoned++;
    else if (OVERFLOWED.has(c.status)) level.overflowed++;
  }
  return level;
}

const DAY = 86_400_000;

/** Milliseconds since local midnight at `at` in `timeZone`. */
function sinceLocalMidnight(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at).map((p) => [p.type, p.value]));
  return ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 + at.getUTCMilliseconds();
}

/** Midnight of `at`'s day in `timeZone`, as an instant (right on the days clocks change, too). */
export function startOfDay(at: Date, timeZone: string): Date {
  const first = new Date(at.getTime() - sinceLocalMidnight(at, timeZone));
  // A clock change since midnight leaves the first guess an hour off: one correction lands on it.
  const off = sinceLocalMidnight(first, timeZone);
  return off === 0 ? first : new Date(first.getTime() + (off > DAY / 2 ? DAY - off : -off));
}
