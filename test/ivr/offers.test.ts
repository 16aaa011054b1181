import { expect } from 'chai';
import { Contact } from '../../server/calls/contact.entity.js';
import type { Offer, Presence } from '../../server/contracts/realtime.js';
import { User } from '../../server/users/user.entity.js';
import { useTestApp } from '../support/app.js';
import { available, callAndQueue } from '../support/calls.js';
import { next } from '../support/http.js';

const stateOf = async (app: ReturnType<typeof useTestApp>, username: string) =>
  (await app.running.db.getRepository(User).findOneByOrFail({ username })).state;

describe('offers', () => {
  const app = useTestApp({ OFFER_TIMEOUT_SECONDS: '5' });

  it('a declined call is offered to the next operator who speaks the language', async function () {
    this.timeout(20_000);
    const first = await available(app, 'operator1');
    const second = await available(app, 'supervisor');
    const firstOffer = next<Offer>(first, 'offer');
    const secondOffer = next<Offer>(second, 'offer');
    const call = await callAndQueue(app, ['1', '1']);
    // operator1 has been available longest: they are offered first.
    const offer = await firstOffer;
    expect(await first.timeout(3000).emitWithAck('offer:decline', { contactId: offer.contactId })).to.deep.equal({ ok: true });
    expect((await secondOffer).contactId).to.equal(offer.contactId);
    expect(await stateOf(app, 'operator1')).to.equal('available');
    call.hangup();
    first.close(); second.close();
  });

  it('an offer nobody answers goes to the next operator, and the silent one becomes Away', async function () {
    this.timeout(20_000);
    const silent = await available(app, 'operator1');
    const other = await available(app, 'supervisor');
    const offered = next<Offer>(silent, 'offer');
    const call = await callAndQueue(app, ['2', '2']);
    const offer = await offered;
    const away = new Promise<Presence>((resolve) => silent.on('presence', (p) => { if (p.state === 'away') resolve(p); }));
    const withdrawn = next<{ reason: string }>(silent, 'offer:withdrawn', 8000);
    const reoffered = next<Offer>(other, 'offer', 8000);
    expect((await withdrawn).reason).to.equal('expired');
    expect((await reoffered).contactId).to.equal(offer.contactId);
    expect((await away).state).to.equal('away');
    call.hangup();
    silent.close(); other.close();
  });

  it('nobody who speaks the language is free: the caller keeps holding, and is offered when one arrives', async function () {
    this.timeout(20_000);
    const italianOnly = await available(app, 'operator1');
    let wronglyOffered = false;
    italianOnly.on('offer', () => { wronglyOffered = true; });
    const call = await callAndQueue(app, ['4', '1']);
    await new Promise((r) => setTimeout(r, 500));
    expect(wronglyOffered).to.equal(false);
    const c = await app.running.db.getRepository(Contact).findOneByOrFail({ callSid: call.sid });
    expect(c.status).to.equal('queued');
    expect(call.status).to.equal('in-progress');
    const romanian = await (await app.as('operator3')).socket();
    const offered = next<Offer>(romanian, 'offer');
    await romanian.timeout(3000).emitWithAck('presence:set', { state: 'available' });
    expect((await offered)).to.include({ contactId: c.id, language: 'ro' });
    call.hangup();
    italianOnly.close(); romanian.close();
  });

  it('a caller in danger is offered before one who has waited longer', async function () {
    this.timeout(20_000);
    const calm = await callAndQueue(app, ['1', '1']);
    const danger = await callAndQueue(app, ['1', '9']);
    expect(danger.events.some((e) => e.kind === 'say' && e.text.includes('112'))).to.equal(true);
    const socket = await (await app.as('operator1')).socket();
    const offered = next<Offer>(socket, 'offer');
    await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' });
    const offer = await offered;
    const dangerRow = await app.running.db.getRepository(Contact).findOneByOrFail({ callSid: danger.sid });
    expect(offer).to.include({ contactId: dangerRow.id, danger: true, priority: 100 });
    calm.hangup(); danger.hangup();
    socket.close();
  });

  it('"cannot talk freely" (*) reaches the operator with the offer', async function () {
    this.timeout(20_000);
    const socket = await available(app, 'operator1');
    const offered = next<Offer>(socket, 'offer');
    const call = await callAndQueue(app, ['1', '*', '1']);
    expect((await offered).cannotTalkFreely).to.equal(true);
    call.hangup();
    socket.close();
  });

  it('a console that reconnects gets its pending offer again', async function () {
    this.timeout(20_000);
    const agent = await app.as('operator1');
    const socket = await agent.socket();
    await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' });
    const offered = next<Offer>(socket, 'offer');
    const call = await callAndQueue(app, ['2', '1']);
    const offer = await offered;
    socket.close();
    let replay!: Promise<Offer>;
    const again = await agent.socket((s) => { replay = next<Offer>(s, 'offer'); });
    expect((await replay).contactId).to.equal(offer.contactId);
    call.hangup();
    again.close();
  });

  it('accepting an offer that went to someone else is refused', async function () {
    this.timeout(20_000);
    const mine = await available(app, 'operator1');
    const thief = await available(app, 'supervisor');
    const offered = next<Offer>(mine, 'offer');
    const call = await callAndQueue(app, ['1', '1']);
    const offer = await offered;
    const ack = await thief.timeout(3000).emitWithAck('offer:accept', { contactId: offer.contactId });
    expect(ack.ok).to.equal(false);
    expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: offer.contactId })).offeredToId)
      .to.equal((await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' })).id);
    call.hangup();
    mine.close(); thief.close();
  });

  it('a malformed socket payload gets an error ack, not a crash', async () => {
    const socket = await available(app, 'operator1');
    expect(await socket.timeout(3000).emitWithAck('offer:accept', { contactId: 'not-a-uuid' } as never)).to.deep.equal({ ok: false, error: 'invalid_input' });
    expect(await socket.timeout(3000).emitWithAck('presence:set', { state: 'on_call' } as never)).to.deep.equal({ ok: false, error: 'invalid_input' });
    socket.close();
  });
});
