import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { In } from 'typeorm';
import { Contact } from '../../../server/calls/contact.entity.js';
import type { Offer } from '../../../server/contracts/realtime.js';
import { start, type Running } from '../../../server/main.js';
import { createLogger } from '../../../server/log.js';
import { User } from '../../../server/users/user.entity.js';
import { useTestApp } from '../../support/app.js';
import { Agent, next } from '../../support/http.js';
import { queuedContacts } from '../../support/seed.js';

// Two nodes on one database (and, for console events, one Redis): every routing change is a
// conditional UPDATE, so however the nodes interleave, no operator holds two offers and no caller
// is offered to two operators. The races here are the real thing: both nodes' matching passes and
// offer-expiry timers run at once on the same rows. On MariaDB (CI) the nodes' queries truly
// overlap, and dropping either half of the compare-and-set makes this test fail; SQLite serialises
// every write, so there it shows the engine's bookkeeping, not the race.

// CI sets TEST_REDIS_URL and so requires Redis; on a machine without one, the races still run
// (they need only the database) and the test that needs Redis says it was skipped.
const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
let redis = false;
async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    if (process.env.TEST_REDIS_URL) throw new Error(`TEST_REDIS_URL is set but Redis does not answer at ${REDIS_URL}`);
    return false;
  } finally {
    probe.disconnect();
  }
}
// The nodes' own timers are off: the test runs their matching passes and expiry timers itself, at
// once on both nodes, and reads the invariants only once every pass it started has finished (a
// timer firing mid-read would show a pass half-way, which is not a broken invariant).
const NO_TICKS = 3_600_000;
const ROUNDS = 100;
const CALLERS_PER_ROUND = 100;
const OPERATORS = 60;

describe('two nodes on one database racing offers and timers', function () {
  this.timeout(300_000);
  const a = useTestApp(async (): Promise<Record<string, string>> => {
    redis = await redisAnswers();
    return redis ? { REDIS_URL } : {};
  }, { tickMs: NO_TICKS });
  let b: Running;
  before(async () => {
    // The second node: same database, same secrets (one deployment), its own timers.
    b = await start(a.running.config, { log: createLogger('error'), seed: false, tickMs: NO_TICKS });
  });
  after(async () => { await b?.close(); });

  async function addOperators(n: number): Promise<string[]> {
    const ids = Array.from({ length: n }, () => randomUUID());
    const now = new Date();
    await a.running.db.getRepository(User).insert(ids.map((id, i) => ({
      id, username: `race-${id.slice(0, 8)}-${i}`, displayName: `Race ${i}`, passwordHash: 'x', role: 'operator' as const,
      languages: ['it' as const], skills: null, phone: null, organisationId: null, state: 'offline' as const, stateSince: now,
      stateReason: null, stateUntil: null, active: true, createdAt: now,
    })));
    return ids;
  }

  const queueCallers = (n: number) => queuedContacts(a.running.db, n, (i) => ({ priority: i % 7 === 0 ? 100 : 10 }));

  /** Six matching passes, alternating nodes, each starting 0–4 ms after the round begins. */
  const race = () => Promise.all(Array.from({ length: 6 }, (_, i) => new Promise<void>((resolve) => {
    setTimeout(() => void (i % 2 ? a.running.routing : b.routing).dispatch().then(resolve), Math.floor(Math.random() * 5));
  })));

  /** The invariants, read straight from the database once both nodes are idle. */
  async function check(operatorIds: string[]): Promise<{ offered: number }> {
    await Promise.all([a.running.routing.dispatch(), b.routing.dispatch()]);
    const offered = await a.running.db.getRepository(Contact).find({ where: { status: 'offered' }, select: { id: true, offeredToId: true } });
    const perOperator = new Map<string, number>();
    for (const c of offered) perOperator.set(c.offeredToId!, (perOperator.get(c.offeredToId!) ?? 0) + 1);
    const doubled = [...perOperator].filter(([, n]) => n > 1);
    expect(doubled, 'operators holding two offers').to.deep.equal([]);
    const users = await a.running.db.getRepository(User).find({ where: { id: In(operatorIds) }, select: { id: true, state: true } });
    for (const u of users) {
      // An operator is "offered" exactly when one caller is offered to them.
      expect(u.state === 'offered', `operator ${u.id} is ${u.state} with ${perOperator.get(u.id) ?? 0} offers`).to.equal(perOperator.has(u.id));
    }
    return { offered: offered.length };
  }

  it(`${ROUNDS * CALLERS_PER_ROUND} callers matched by both nodes at once: no double assignment, every caller offered`, async () => {
    const operators = await addOperators(OPERATORS);
    const users = a.running.db.getRepository(User);
    const contacts = a.running.db.getRepository(Contact);
    let races = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await users.update({ id: In(operators) }, { state: 'available', stateSince: new Date(), stateUntil: null });
      const callers = await queueCallers(CALLERS_PER_ROUND);
      // Both nodes match the same queue, starting a few milliseconds apart (so one reads while the
      // other writes), while their ticks run too.
      await race();
      const { offered } = await check(operators);
      expect(offered).to.equal(Math.min(OPERATORS, CALLERS_PER_ROUND));
      // Offers ring out: both nodes' expiry timers (ticks, and these calls) claim the same due rows
      // at once; each caller goes back to the queue once, each silent operator becomes Away once.
      const rang = await contacts.find({ where: { status: 'offered' }, select: { id: true, offeredToId: true, declinedBy: true } });
      await contacts.update({ status: 'offered' }, { offerExpiresAt: new Date(Date.now() - 1000) });
      await Promise.all([a.running.routing.expireOffers(), b.routing.expireOffers(), a.running.routing.expireOffers(), b.routing.expireOffers()]);
      const after = await contacts.find({ where: { id: In(rang.map((c) => c.id)) }, select: { id: true, status: true, declinedBy: true } });
      for (const c of after) {
        const before = rang.find((r) => r.id === c.id)!;
        expect(c.status).to.equal('queued');
        expect(c.declinedBy, 'the silent operator, once').to.deep.equal([...before.declinedBy, before.offeredToId]);
      }
      expect(await users.countBy({ id: In(operators), state: 'away' })).to.equal(offered);
      // Every caller of the round is offered in the end: operators come back, both nodes race again.
      for (let pass = 0; pass < 5 && (await contacts.countBy({ id: In(callers), status: In(['queued', 'offered']) })) > 0; pass++) {
        await contacts.update({ id: In(callers), status: 'offered' }, { status: 'completed', offeredToId: null, offerExpiresAt: null });
        await users.update({ id: In(operators) }, { state: 'available', stateSince: new Date() });
        await race();
        await check(operators);
      }
      await contacts.update({ id: In(callers), status: 'offered' }, { status: 'completed', offeredToId: null, offerExpiresAt: null });
      expect(await contacts.countBy({ id: In(callers), status: 'queued' }), `round ${round}: callers never offered`).to.equal(0);
      races += callers.length;
      await users.update({ id: In(operators) }, { state: 'offline' });
    }
    expect(races).to.equal(ROUNDS * CALLERS_PER_ROUND);
  });

  it('an offer made on one node reaches a console connected to another (through Redis)', async function () {
    if (!redis) this.skip();
    // Node C never matches by itself (no timer): whatever offer its console receives, another node made.
    const c = await start(a.running.config, { log: createLogger('error'), seed: false, tickMs: 3_600_000 });
    try {
      const agent = new Agent(c.url);
      expect((await agent.signIn('operator1')).status).to.equal(200);
      const socket = await agent.socket();
      expect(await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' })).to.deep.equal({ ok: true });
      const offered = next<Offer>(socket, 'offer', 5000);
      const [contactId] = await queueCallers(1);
      await a.running.routing.dispatch();
      expect((await offered).contactId).to.equal(contactId);
      socket.close();
    } finally {
      await c.close();
    }
  });
});
