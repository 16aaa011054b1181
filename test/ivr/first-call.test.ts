import { expect } from 'chai';
import type { SimCall, SimEvent } from '../../ivr/simulator/simulator.js';
import { CATALOGUES } from '../../ivr/prompts/catalogue.js';
import { Contact } from '../../server/calls/contact.entity.js';
import type { CallConnected, CallEnded, Offer, Presence } from '../../server/contracts/realtime.js';
import { User } from '../../server/users/user.entity.js';
import { useTestApp } from '../support/app.js';
import { eventually, next } from '../support/http.js';

const said = (call: SimCall) => call.events.filter((e): e is Extract<SimEvent, { kind: 'say' }> => e.kind === 'say').map((e) => e.text);
const gathers = (call: SimCall) => call.events.filter((e) => e.kind === 'gather').length;
/** Waits until the caller is at the n-th menu (n-th Gather). */
const atMenu = (call: SimCall, n: number) => eventually(() => gathers(call) >= n, 5000, `menu ${n}`);

describe('one call, from the phone to a saved contact (through the simulator)', () => {
  const app = useTestApp();

  it('rings, walks the IVR, queues, is offered, accepted, bridged, recorded and closed with its duration', async function () {
    this.timeout(30_000);
    const sim = app.running.simulator!;
    const operator = await app.as('operator1');
    const socket = await operator.socket();
    const presence = next<Presence>(socket, 'presence');
    expect(await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' })).to.deep.equal({ ok: true });
    await presence;

    const call = await sim.placeCall({ from: '+393331234567' });
    await atMenu(call, 1);
    const greeting = said(call).join(' ');
    expect(greeting).to.contain(CATALOGUES.it.welcome).and.contain(CATALOGUES.en.welcome);
    expect(greeting).to.contain('112');
    expect(greeting).to.contain(CATALOGUES.fr.languageOption).and.contain(CATALOGUES.zh.languageOption);

    call.press('2');
    await atMenu(call, 2);
    expect(said(call).slice(-2)).to.deep.equal([CATALOGUES.en.purposeMenu, CATALOGUES.en.sayDanger]);

    const offered = next<Offer>(socket, 'offer');
    call.press('1');
    const offer = await offered;
    expect(offer).to.include({ language: 'en', priority: 10, danger: false, cannotTalkFreely: false });
    expect(Date.parse(offer.expiresAt)).to.be.greaterThan(Date.now());
    await call.waitFor((e) => e.kind === 'enqueue');
    expect(said(call)).to.include(CATALOGUES.en.queued);

    const connected = next<CallConnected>(socket, 'call:connected');
    expect(await socket.timeout(3000).emitWithAck('offer:accept', { contactId: offer.contactId })).to.deep.equal({ ok: true });
    expect((await connected).conference).to.equal(`approdo-${offer.contactId}`);
    // The caller is moved out of the queue into the conference with the operator's virtual phone.
    await call.waitFor((e) => e.kind === 'conference' && e.participants.length >= 2, 5000);
    expect(said(call)).to.include(CATALOGUES.en.connecting);

    const saved = await operator.put(`/api/contacts/${offer.contactId}/record`, {
      callerType: 'POTENTIAL_VICTIM_SELF', language: 'en', purpose: 'SELF', pertinence: 'PERTINENT',
      contactClass: 'CRISIS', reasons: ['HELP_EXIT'], outcomes: ['LISTENING_ADVICE'], notes: 'Works in a greenhouse near Latina; documents taken.',
    });
    expect(saved.status).to.equal(200);
    expect(saved.body.record).to.include({ callerType: 'POTENTIAL_VICTIM_SELF', notes: 'Works in a greenhouse near Latina; documents taken.' });

    const list = await operator.get('/api/contacts');
    expect(list.body.items.map((c: { id: string }) => c.id)).to.deep.equal([offer.contactId]);
    expect(list.body.items[0]).to.include({ status: 'connected', language: 'en', purpose: 'SELF' });

    const ended = next<CallEnded>(socket, 'call:ended');
    call.hangup();
    expect((await ended).contactId).to.equal(offer.contactId);
    const row = await eventually(async () => {
      const c = await app.running.db.getRepository(Contact).findOneBy({ id: offer.contactId });
      return c?.status === 'completed' ? c : null;
    }, 5000, 'the contact to be completed');
    expect(row.durationSeconds).to.be.a('number').and.to.be.at.least(0);
    expect(row.endedAt).to.be.instanceOf(Date);
    // Wrap-up: time to finish the record before the next offer; the operator may end it sooner.
    // (The operator is released just after the contact is closed: wait for it.)
    const me = await eventually(async () => {
      const u = await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' });
      return u.state === 'wrap_up' ? u : null;
    }, 5000, 'wrap-up');
    expect(me.stateUntil!.getTime() - me.stateSince.getTime()).to.equal(60_000);
    expect(await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' })).to.deep.equal({ ok: true });
    expect((await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' })).state).to.equal('available');

    // Nothing about the caller's number was kept; every webhook passed the signature check.
    expect(JSON.stringify(row)).to.not.contain('3331234567');
    expect(row.callerHash).to.match(/^[0-9a-f]{64}$/);
    expect(row.notesCipher).to.not.contain('greenhouse');
    expect(call.events.filter((e) => e.kind === 'error')).to.deep.equal([]);
    socket.close();
  });

  it('a caller who hangs up while holding is recorded as abandoned, and the offer is withdrawn', async function () {
    this.timeout(20_000);
    const sim = app.running.simulator!;
    const socket = await (await app.as('operator2')).socket();
    await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' });
    const call = await sim.placeCall();
    await atMenu(call, 1);
    call.press('3');
    await atMenu(call, 2);
    const offered = next<Offer>(socket, 'offer');
    call.press('2');
    const offer = await offered;
    expect(offer.language).to.equal('fr');
    const withdrawn = next<{ contactId: string; reason: string }>(socket, 'offer:withdrawn');
    call.hangup();
    expect(await withdrawn).to.deep.equal({ contactId: offer.contactId, reason: 'caller_hung_up' });
    await eventually(async () => (await app.running.db.getRepository(Contact).findOneBy({ id: offer.contactId }))?.status === 'abandoned');
    expect((await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator2' })).state).to.equal('available');
    socket.close();
  });
});
