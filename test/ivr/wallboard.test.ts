import { expect } from 'chai';
import { Contact } from '../../server/calls/contact.entity.js';
import type { Offer, OfferWithdrawn } from '../../server/contracts/realtime.js';
import type { Wallboard } from '../../server/contracts/routing.js';
import { User } from '../../server/users/user.entity.js';
import { useTestApp } from '../support/app.js';
import { available, callAndQueue } from '../support/calls.js';
import { eventually, next } from '../support/http.js';

type App = ReturnType<typeof useTestApp>;

const idOf = async (app: App, username: string) => (await app.running.db.getRepository(User).findOneByOrFail({ username })).id;

describe('the supervisors\' wallboard', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05', OFFER_TIMEOUT_SECONDS: '30' });

  it('shows waiting calls in the order they will be answered, and the operators by state, live', async function () {
    this.timeout(30_000);
    const supervisor = await app.as('supervisor');
    const watch = await supervisor.socket();
    const calm = await callAndQueue(app, ['3', '1']); // French, nobody French is available
    const changed = next(watch, 'wallboard:changed', 10_000);
    const danger = await callAndQueue(app, ['3', '9']);
    await changed;
    const board = (await supervisor.get('/api/wallboard')).body as Wallboard;
    expect(board.waiting.map((w) => [w.language, w.danger])).to.deep.equal([['fr', true], ['fr', false]]);
    expect(board.waiting[0]!.priority).to.be.greaterThan(board.waiting[1]!.priority);
    const op2 = board.operators.find((o) => o.displayName === 'Operator Two')!;
    expect(op2).to.include({ state: 'offline', role: 'operator' });
    expect(op2.skills.languages).to.deep.equal({ en: 'fluent', fr: 'native', ar: 'fluent' });
    expect(board.today).to.include({ handled: 0 });

    // An operator comes in: the wallboard hears of it, and sees the danger call offered first.
    const stateChanged = next(watch, 'wallboard:changed', 3000);
    const socket = await (await app.as('operator2')).socket();
    const offered = next<Offer>(socket, 'offer');
    expect(await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' })).to.deep.equal({ ok: true });
    const offer = await offered;
    await stateChanged;
    await eventually(async () => ((await supervisor.get('/api/wallboard')).body as Wallboard).waiting[0]!.offeredTo?.displayName === 'Operator Two', 3000, 'the offer on the wallboard');
    expect(offer.danger).to.equal(true);

    calm.hangup();
    danger.hangup();
    // Both hung up while waiting: abandoned, counted today.
    await eventually(async () => ((await supervisor.get('/api/wallboard')).body as Wallboard).today.abandoned === 2, 5000, 'two abandoned');
    socket.close();
    watch.close();
  });

  it('a supervisor gives a waiting call to a chosen operator; the offer ringing elsewhere is withdrawn; logged on the contact', async function () {
    this.timeout(30_000);
    const supervisor = await app.as('supervisor');
    const first = await available(app, 'operator1');
    const firstOffer = next<Offer>(first, 'offer');
    const call = await callAndQueue(app, ['2', '1']); // English: operator1 is offered it
    const { contactId } = await firstOffer;
    const withdrawn = next<OfferWithdrawn>(first, 'offer:withdrawn');
    const second = await available(app, 'operator2');
    const secondOffer = next<Offer>(second, 'offer');

    const r = await supervisor.post(`/api/queue/${contactId}/reassign`, { operatorId: await idOf(app, 'operator2') });
    expect(r.status).to.equal(204);
    expect((await withdrawn).reason).to.equal('reassigned');
    expect((await secondOffer).contactId).to.equal(contactId);
    expect((await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' })).state).to.equal('available');
    const contact = await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId });
    expect(contact).to.include({ status: 'offered', offeredToId: await idOf(app, 'operator2') });
    const events = (await supervisor.get(`/api/contacts/${contactId}`)).body.events;
    expect(events.map((e: { kind: string; detail: string }) => [e.kind, e.detail])).to.deep.equal([['reassigned', 'Operator Two']]);

    // Giving it to the operator it already rings at is no change, not an error.
    expect((await supervisor.post(`/api/queue/${contactId}/reassign`, { operatorId: await idOf(app, 'operator2') })).status).to.equal(204);
    // To someone not available: refused, and the call stays where it was.
    const busy = await supervisor.post(`/api/queue/${contactId}/reassign`, { operatorId: await idOf(app, 'operator3') });
    expect(busy.status).to.equal(409);
    expect(busy.body.error.message).to.contain('Operator Three');
    call.hangup();
    first.close();
    second.close();
  });

  it('a call marked as about a child goes only to an operator trained for minors', async function () {
    this.timeout(30_000);
    const supervisor = await app.as('supervisor');
    // operator2 speaks English but is not trained for minors; operator1 is.
    const untrained = await available(app, 'operator2');
    let untrainedOffered = false;
    untrained.on('offer', () => { untrainedOffered = true; });
    await app.running.db.getRepository(User).update({ username: 'operator2' }, { state: 'away' });
    const call = await callAndQueue(app, ['2', '1']);
    const contact = await eventually(() => app.running.db.getRepository(Contact).findOneBy({ callSid: call.sid, status: 'queued' }), 5000, 'queued');
    expect((await supervisor.put(`/api/queue/${contact.id}/minor`, { minor: true })).status).to.equal(204);
    await app.running.db.getRepository(User).update({ username: 'operator2' }, { state: 'available' });
    await app.running.routing.dispatch();
    await new Promise((r) => setTimeout(r, 500));
    expect(untrainedOffered).to.equal(false);
    const trained = await (await app.as('operator1')).socket();
    const offered = next<Offer>(trained, 'offer');
    expect(await trained.timeout(3000).emitWithAck('presence:set', { state: 'available' })).to.deep.equal({ ok: true });
    expect((await offered).contactId).to.equal(contact.id);
    expect((await supervisor.get('/api/wallboard')).body.waiting[0]).to.include({ minor: true, priority: 50 });
    call.hangup();
    untrained.close();
    trained.close();
  });

  it('marking a call that rings at an operator not trained for minors takes it back from them', async function () {
    this.timeout(30_000);
    const supervisor = await app.as('supervisor');
    const untrained = await (await app.as('operator2')).socket();
    const offered = next<Offer>(untrained, 'offer', 15_000);
    expect(await untrained.timeout(3000).emitWithAck('presence:set', { state: 'available' })).to.deep.equal({ ok: true });
    const call = await callAndQueue(app, ['2', '1']);
    const { contactId } = await offered;
    const withdrawn = next<OfferWithdrawn>(untrained, 'offer:withdrawn');
    expect((await supervisor.put(`/api/queue/${contactId}/minor`, { minor: true })).status).to.equal(204);
    expect((await withdrawn).reason).to.equal('reassigned');
    const c = await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId });
    expect(c).to.include({ status: 'queued', minor: true, offeredToId: null });
    call.hangup();
    untrained.close();
  });

  it('only supervisors see the wallboard and act on the queue', async () => {
    for (const who of ['operator1', 'admin', 'coordinator1']) {
      const a = await app.as(who);
      expect((await a.get('/api/wallboard')).status, who).to.equal(403);
      expect((await a.post('/api/queue/00000000-0000-4000-8000-000000000000/reassign', { operatorId: '00000000-0000-4000-8000-000000000000' })).status, who).to.equal(403);
    }
    const s = await app.as('supervisor');
    expect((await s.post('/api/queue/00000000-0000-4000-8000-000000000000/reassign', { operatorId: await idOf(app, 'operator1') })).status).to.equal(404);
    expect((await s.post('/api/queue/not-a-uuid/reassign', { operatorId: await idOf(app, 'operator1') })).status).to.equal(400);
    expect((await s.put('/api/queue/00000000-0000-4000-8000-000000000000/minor', { minor: 'yes' })).status).to.equal(400);
  });
});
