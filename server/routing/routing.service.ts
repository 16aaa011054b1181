import { In, IsNull, LessThanOrEqual, MoreThan, type DataSource } from 'typeorm';
import type { Telephony } from '../../ivr/twilio/telephony.js';
import type { Bus } from '../bus.js';
import { Contact } from '../calls/contact.entity.js';
import type { OfferWithdrawn, PresenceSet } from '../contracts/realtime.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import type { Logger } from '../log.js';
import type { Actor } from '../users/actor.js';
import { User } from '../users/user.entity.js';
import { plan, priorityOf } from './choose.js';
import { mayTakeCalls } from './routing.policy.js';
import type { SettingsService } from '../settings/settings.service.js';
import { skillsOf } from '../users/skills.js';
import { addContactEvent } from '../calls/contact-events.js';

export interface RoutingDeps {
  db: DataSource;
  bus: Bus;
  now: () => Date;
  telephony: Telephony;
  log: Logger;
  settings: SettingsService;
  offerTimeoutSeconds: number;
  /** Absolute webhook URLs, known once the server listens. */
  webhook: (path: string) => string;
}

/**
 * Waiting callers one pass considers, in queue order. Far above any real queue: a caller nobody
 * free can take must not hide the callers behind them.
 */
const MAX_WAITING = 2000;

/** Matching passes one dispatch may run back to back (each after a race lost, or a new event). */
const MAX_PASSES = 10;

/**
 * Offers waiting callers to free operators. Every state change is a conditional UPDATE on the row
 * it changes (compare-and-set), so any number of nodes may run this at once: a contact is offered
 * to one operator at a time and an operator holds one offer at a time.
 */
export class RoutingService {
  private dispatching: Promise<void> | null = null;
  private again = false;

  constructor(private readonly deps: RoutingDeps) {}

  async setPresence(actor: Actor, wish: PresenceSet): Promise<User> {
    const { db, now, bus } = this.deps;
    if (!mayTakeCalls(actor)) throw new Forbidden();
    const users = db.getRepository(User);
    const user = await users.findOneBy({ id: actor.userId });
    if (!user) throw new NotFound('user');
    if (user.state === 'on_call') throw new Conflict('Finish the call first');
    if (user.state === 'offered') {
      // Going away with an offer on screen declines it.
      const offered = await db.getRepository(Contact).findOneBy({ status: 'offered', offeredToId: actor.userId });
      if (offered) await this.decline(actor, offered.id);
    }
    // From wrap-up too: the operator who has finished the record need not wait for the timer.
    const { affected } = await users.update(
      { id: actor.userId, state: In(['offline', 'available', 'away', 'offered', 'wrap_up']) },
      { state: wish.state, stateSince: now(), stateReason: wish.state === 'away' ? (wish.reason ?? null) : null, stateUntil: null },
    );
    if (affected !== 1) throw new Conflict('Your state changed meanwhile; try again');
    bus.publish({ type: 'operator.state', operatorId: actor.userId });
    if (wish.state === 'available') this.dispatch();
    return (await users.findOneBy({ id: actor.userId }))!;
  }

  /** Runs one matching pass now, or right after the one in progress. Never throws. */
  dispatch(): Promise<void> {
    if (this.dispatching) {
      this.again = true;
      return this.dispatching;
    }
    this.dispatching = (async () => {
      try {
        // Bounded: passes that keep losing races to other nodes give way to the next tick.
        for (let pass = 0; pass < MAX_PASSES; pass++) {
          this.again = false;
          await this.matchOnce();
          if (!this.again) break;
        }
      } catch (err) {
        this.deps.log.error('dispatch failed', { err });
      } finally {
        this.dispatching = null;
      }
    })();
    return this.dispatching;
  }

  private async matchOnce(): Promise<void> {
    const { db, settings, now } = this.deps;
    // Free operators first: on a busy floor there are none, and the queue need not be read at all.
    // Only the columns the plan reads: a pass over hundreds of waiting callers is most of an offer's latency.
    const free = await db.getRepository(User).find({
      where: { state: 'available', active: true, role: In(['operator', 'supervisor']) },
      select: { id: true, skills: true, languages: true, stateSince: true },
    });
    if (!free.length) return;
    const waiting = await db.getRepository(Contact).find({
      where: { status: 'queued' }, order: { priority: 'DESC', queuedAt: 'ASC' }, take: MAX_WAITING,
      select: { id: true, language: true, priority: true, minor: true, declinedBy: true, queuedAt: true, startedAt: true },
    });
    if (!waiting.length) return;
    const { routing, interpreterLines } = await settings.routingContext();
    const assignments = plan(
      waiting.map((c) => ({
        id: c.id, language: c.language ?? 'it', priority: priorityOf(c), queuedAt: c.queuedAt ?? c.startedAt, minor: c.minor, declinedBy: c.declinedBy,
      })),
      free.map((u) => ({ id: u.id, skills: skillsOf(u), availableSince: u.stateSince })),
      { now: now(), widening: routing.widening, interpreterLines },
    );
    // Each offer touches its own caller and operator: they go out together, not one after another.
    const made = await Promise.all(assignments.map((a) => this.offer(a.contactId, a.operatorId)));
    const lost = made.includes(false);
    // Another node took a caller or an operator of this plan meanwhile: plan again at once with
    // what is left, rather than leave a free operator and a waiting caller until the next tick.
    if (lost) this.again = true;
  }

  private async offer(contactId: string, operatorId: string): Promise<boolean> {
    const { db, now, bus, offerTimeoutSeconds } = this.deps;
    const contacts = db.getRepository(Contact);
    const expiresAt = new Date(now().getTime() + offerTimeoutSeconds * 1000);
    // Claim the caller first, then the operator; undo the first if the second is lost. A crash in
    // between leaves an offer that simply expires.
    const claimed = await contacts.update({ id: contactId, status: 'queued' }, { status: 'offered', offeredToId: operatorId, offerExpiresAt: expiresAt });
    if (claimed.affected !== 1) return false;
    const taken = await db.getRepository(User).update({ id: operatorId, state: 'available' }, { state: 'offered', stateSince: now() });
    if (taken.affected !== 1) {
      await contacts.update({ id: contactId, status: 'offered', offeredToId: operatorId }, { status: 'queued', offeredToId: null, offerExpiresAt: null });
      return false;
    }
    bus.publish({ type: 'offer.made', contactId, operatorId });
    bus.publish({ type: 'operator.state', operatorId });
    return true;
  }

  async accept(actor: Actor, contactId: string): Promise<Contact> {
    const { db, now, bus, telephony, webhook, log } = this.deps;
    if (!mayTakeCalls(actor)) throw new Forbidden();
    const contacts = db.getRepository(Contact);
    const users = db.getRepository(User);
    const won = await contacts.update(
      { id: contactId, status: 'offered', offeredToId: actor.userId, offerExpiresAt: MoreThan(now()) },
      { status: 'connecting', answeredById: actor.userId, offerExpiresAt: null },
    );
    if (won.affected !== 1) throw new Conflict('This call is no longer offered to you');
    await users.update({ id: actor.userId, state: 'offered' }, { state: 'on_call', stateSince: now() });
    bus.publish({ type: 'operator.state', operatorId: actor.userId });

    const operator = (await users.findOneBy({ id: actor.userId }))!;
    try {
      const callSid = await telephony.dial({
        to: operator.phone ?? `client:${operator.username}`,
        url: webhook(`/ivr/operator/${contactId}`),
        statusCallback: webhook('/ivr/status'),
      });
      // The operator's leg may already have answered and recorded its sid; keep the first.
      await contacts.update({ id: contactId, operatorCallSid: IsNull() }, { operatorCallSid: callSid });
    } catch (err) {
      log.warn('operator leg could not be dialled', { contactId, err });
      await this.requeue(contactId, actor.userId, 'available');
      throw new Conflict('The call could not be connected to your phone; it is back in the queue');
    }
    bus.publish({ type: 'contact.changed', contactId, operatorId: actor.userId });
    return (await contacts.findOneBy({ id: contactId }))!;
  }

  async decline(actor: Actor, contactId: string): Promise<void> {
    const { db, now, bus } = this.deps;
    if (!mayTakeCalls(actor)) throw new Forbidden();
    const contacts = db.getRepository(Contact);
    const contact = await contacts.findOneBy({ id: contactId, status: 'offered', offeredToId: actor.userId });
    if (!contact) throw new Conflict('This call is no longer offered to you');
    const { affected } = await contacts.update(
      { id: contactId, status: 'offered', offeredToId: actor.userId },
      { status: 'queued', offeredToId: null, offerExpiresAt: null, declinedBy: [...contact.declinedBy, actor.userId] },
    );
    if (affected !== 1) throw new Conflict('This call is no longer offered to you');
    await db.getRepository(User).update({ id: actor.userId, state: 'offered' }, { state: 'available', stateSince: now() });
    bus.publish({ type: 'offer.withdrawn', contactId, operatorId: actor.userId, reason: 'declined' });
    bus.publish({ type: 'operator.state', operatorId: actor.userId });
    this.dispatch();
  }

  /**
   * Offers nobody answered in time go back to the queue, and their operators become Away: an
   * operator who does not answer is not at the desk, and offering them the next call would only
   * make the next caller wait too.
   */
  async expireOffers(): Promise<number> {
    const { db, now, bus } = this.deps;
    const contacts = db.getRepository(Contact);
    const due = await contacts.find({ where: { status: 'offered', offerExpiresAt: LessThanOrEqual(now()) }, take: 100 });
    let expired = 0;
    for (const c of due) {
      const operatorId = c.offeredToId!;
      const { affected } = await contacts.update(
        { id: c.id, status: 'offered', offeredToId: operatorId },
        { status: 'queued', offeredToId: null, offerExpiresAt: null, declinedBy: [...c.declinedBy, operatorId] },
      );
      if (affected !== 1) continue;
      expired++;
      await db.getRepository(User).update({ id: operatorId, state: 'offered' }, { state: 'away', stateSince: now(), stateReason: 'missed_offer' });
      bus.publish({ type: 'offer.withdrawn', contactId: c.id, operatorId, reason: 'expired' });
      bus.publish({ type: 'operator.state', operatorId });
    }
    if (expired) this.dispatch();
    return expired;
  }

  /** The caller hung up while their call was offered: the operator is free again. */
  async withdraw(contact: Contact, reason: OfferWithdrawn['reason']): Promise<void> {
    const { db, now, bus } = this.deps;
    if (!contact.offeredToId) return;
    await db.getRepository(User).update({ id: contact.offeredToId, state: 'offered' }, { state: 'available', stateSince: now() });
    bus.publish({ type: 'offer.withdrawn', contactId: contact.id, operatorId: contact.offeredToId, reason });
    bus.publish({ type: 'operator.state', operatorId: contact.offeredToId });
    this.dispatch();
  }

  /** The operator's leg never connected: the caller (still holding) goes back to the queue. */
  async requeue(contactId: string, operatorId: string, operatorState: 'available' | 'away'): Promise<void> {
    const { db, now, bus } = this.deps;
    const contact = await db.getRepository(Contact).findOneBy({ id: contactId });
    if (!contact) return;
    const { affected } = await db.getRepository(Contact).update(
      { id: contactId, status: 'connecting', answeredById: operatorId },
      { status: 'queued', answeredById: null, offeredToId: null, operatorCallSid: null, declinedBy: [...contact.declinedBy, operatorId] },
    );
    if (affected !== 1) return;
    await db.getRepository(User).update({ id: operatorId, state: 'on_call' }, { state: operatorState, stateSince: now(), stateReason: operatorState === 'away' ? 'missed_call' : null });
    bus.publish({ type: 'operator.state', operatorId });
    bus.publish({ type: 'contact.changed', contactId, operatorId });
    this.dispatch();
  }

  /**
   * The call is over: the operator wraps up (finishes the record) for the time the supervisors set,
   * then is free for the next call; with no wrap-up time, free at once.
   */
  async release(operatorId: string): Promise<void> {
    const { db, now, bus, settings } = this.deps;
    const { wrapUpSeconds } = await settings.routing();
    const at = now();
    const next = wrapUpSeconds > 0
      ? { state: 'wrap_up' as const, stateSince: at, stateUntil: new Date(at.getTime() + wrapUpSeconds * 1000) }
      : { state: 'available' as const, stateSince: at, stateUntil: null };
    const { affected } = await db.getRepository(User).update({ id: operatorId, state: 'on_call' }, next);
    if (affected === 1) {
      bus.publish({ type: 'operator.state', operatorId });
      if (next.state === 'available') this.dispatch();
    }
  }

  /** Wrap-ups whose time is up: those operators are available again. A timer row any node may run. */
  async endWrapUps(): Promise<number> {
    const { db, now, bus } = this.deps;
    const users = db.getRepository(User);
    const due = await users.find({ where: { state: 'wrap_up', stateUntil: LessThanOrEqual(now()) }, select: { id: true, stateUntil: true }, take: 100 });
    let ended = 0;
    for (const u of due) {
      const { affected } = await users.update({ id: u.id, state: 'wrap_up', stateUntil: u.stateUntil! }, { state: 'available', stateSince: now(), stateUntil: null });
      if (affected !== 1) continue;
      ended++;
      bus.publish({ type: 'operator.state', operatorId: u.id });
    }
    if (ended) this.dispatch();
    return ended;
  }

  /** A console gone for longer than the grace period: its operator stops receiving offers. */
  async markAway(operatorId: string, reason: string): Promise<void> {
    const { db, now, bus } = this.deps;
    const { affected } = await db.getRepository(User).update({ id: operatorId, state: 'available' }, { state: 'away', stateSince: now(), stateReason: reason });
    if (affected === 1) bus.publish({ type: 'operator.state', operatorId });
  }

  /** The operator starts a call of their own (a call-back): from any state but a call or an offer, to on call. */
  async takeForCall(operatorId: string): Promise<boolean> {
    const { db, now, bus } = this.deps;
    const { affected } = await db.getRepository(User).update(
      { id: operatorId, state: In(['offline', 'available', 'away', 'wrap_up']) },
      { state: 'on_call', stateSince: now(), stateReason: null, stateUntil: null },
    );
    if (affected === 1) bus.publish({ type: 'operator.state', operatorId });
    return affected === 1;
  }

  /** A colleague is brought into a call by a warm transfer: only from available, straight to on call. */
  async claimForTransfer(operatorId: string): Promise<boolean> {
    const { db, now, bus } = this.deps;
    const { affected } = await db.getRepository(User).update({ id: operatorId, state: 'available' }, { state: 'on_call', stateSince: now() });
    if (affected === 1) bus.publish({ type: 'operator.state', operatorId });
    return affected === 1;
  }

  /** A warm transfer called off: the colleague brought in is free again, without wrap-up (the call was not theirs). */
  async returnFromTransfer(operatorId: string): Promise<void> {
    const { db, now, bus } = this.deps;
    const { affected } = await db.getRepository(User).update({ id: operatorId, state: 'on_call' }, { state: 'available', stateSince: now() });
    if (affected === 1) {
      bus.publish({ type: 'operator.state', operatorId });
      this.dispatch();
    }
  }

  /**
   * A supervisor gives a waiting call to a chosen operator, who must be available; an offer ringing
   * elsewhere moves to them in the same conditional update, so no matching pass can take the call
   * in between. Skills do not bind the supervisor, who knows the floor.
   */
  async reassign(actor: Actor, contactId: string, operatorId: string): Promise<void> {
    const { db, now, bus, offerTimeoutSeconds } = this.deps;
    if (actor.role !== 'supervisor') throw new Forbidden();
    const contacts = db.getRepository(Contact);
    const users = db.getRepository(User);
    const contact = await contacts.findOneBy({ id: contactId });
    if (!contact) throw new NotFound('contact');
    const operator = await users.findOneBy({ id: operatorId, active: true, role: In(['operator', 'supervisor']) });
    if (!operator) throw new NotFound('operator');
    if (contact.status === 'offered' && contact.offeredToId === operatorId) return;
    if (contact.status !== 'queued' && contact.status !== 'offered') throw new Conflict('This call is no longer waiting');

    // The operator first (the same order as every offer), then the call from wherever it is.
    const taken = await users.update({ id: operatorId, state: 'available' }, { state: 'offered', stateSince: now() });
    if (taken.affected !== 1) throw new Conflict(`${operator.displayName} is not available`);
    const previous = contact.status === 'offered' ? contact.offeredToId : null;
    const offer = { status: 'offered' as const, offeredToId: operatorId, offerExpiresAt: new Date(now().getTime() + offerTimeoutSeconds * 1000) };
    const moved = previous
      ? await contacts.update({ id: contactId, status: 'offered', offeredToId: previous }, offer)
      : await contacts.update({ id: contactId, status: 'queued' }, offer);
    if (moved.affected !== 1) {
      await users.update({ id: operatorId, state: 'offered' }, { state: 'available', stateSince: now() });
      bus.publish({ type: 'operator.state', operatorId });
      this.dispatch();
      throw new Conflict('The call was answered, taken or ended meanwhile');
    }
    if (previous) {
      await users.update({ id: previous, state: 'offered' }, { state: 'available', stateSince: now() });
      bus.publish({ type: 'offer.withdrawn', contactId, operatorId: previous, reason: 'reassigned' });
      bus.publish({ type: 'operator.state', operatorId: previous });
    }
    await addContactEvent(db, { contactId, kind: 'reassigned', actorId: actor.userId, detail: operator.displayName, at: now() });
    bus.publish({ type: 'offer.made', contactId, operatorId });
    bus.publish({ type: 'operator.state', operatorId });
    bus.publish({ type: 'contact.changed', contactId, operatorId });
    if (previous) this.dispatch();
  }

  /** A supervisor marks a waiting call as about a child: offered sooner, to trained operators only. */
  async markMinor(actor: Actor, contactId: string, minor: boolean): Promise<void> {
    const { db, now, bus } = this.deps;
    if (actor.role !== 'supervisor') throw new Forbidden();
    const contacts = db.getRepository(Contact);
    if (!(await contacts.existsBy({ id: contactId }))) throw new NotFound('contact');
    const { affected } = await contacts.update({ id: contactId, status: In(['queued', 'offered', 'ivr']), minor: !minor }, { minor });
    if (affected !== 1) {
      const c = await contacts.findOneBy({ id: contactId });
      if (c?.minor === minor) return;
      throw new Conflict('This call is no longer waiting');
    }
    await addContactEvent(db, { contactId, kind: minor ? 'marked_minor' : 'unmarked_minor', actorId: actor.userId, detail: null, at: now() });
    // Ringing at someone not trained for minors' cases: it goes back to be offered to someone who is.
    const ringing = minor ? await contacts.findOneBy({ id: contactId, status: 'offered' }) : null;
    const at = ringing?.offeredToId ? await db.getRepository(User).findOneBy({ id: ringing.offeredToId }) : null;
    if (ringing && at && !skillsOf(at).minors) {
      const { affected } = await contacts.update({ id: contactId, status: 'offered', offeredToId: at.id }, { status: 'queued', offeredToId: null, offerExpiresAt: null });
      if (affected === 1) {
        await db.getRepository(User).update({ id: at.id, state: 'offered' }, { state: 'available', stateSince: now() });
        bus.publish({ type: 'offer.withdrawn', contactId, operatorId: at.id, reason: 'reassigned' });
        bus.publish({ type: 'operator.state', operatorId: at.id });
      }
    }
    bus.publish({ type: 'contact.changed', contactId, operatorId: null });
    this.dispatch();
  }

  /** What a (re)connecting console must show: its pending offer or its live call. */
  async currentFor(operatorId: string): Promise<{ offer: Contact | null; call: Contact | null }> {
    const contacts = this.deps.db.getRepository(Contact);
    const [offer, call] = await Promise.all([
      contacts.findOneBy({ status: 'offered', offeredToId: operatorId, offerExpiresAt: MoreThan(this.deps.now()) }),
      contacts.findOneBy({ status: In(['connecting', 'connected']), answeredById: operatorId }),
    ]);
    return { offer, call };
  }
}
