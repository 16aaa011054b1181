import { expect } from 'chai';
import type { SimCall } from '../../ivr/simulator/simulator.js';
import { Contact } from '../../server/calls/contact.entity.js';
import { User } from '../../server/users/user.entity.js';
import type { CallConnected, Offer } from '../../server/contracts/realtime.js';
import { useTestApp } from '../support/app.js';
import { participants as participantsOf } from '../support/calls.js';
import { eventually, next, type Agent } from '../support/http.js';

const LINES = {
  items: [
    { label: 'Language line (any language)', languages: 'any', number: '+390611110000', active: true },
    { label: 'Bengali interpreter', languages: 'Bengali, Urdu', number: '+390622220000', active: false },
  ],
};

/** Key 0 ("another language"), then 1; operator1 accepts; resolves when caller and operator talk. */
async function interpreterCall(app: ReturnType<typeof useTestApp>, operator: Agent): Promise<{ call: SimCall; contactId: string }> {
  const socket = await operator.socket();
  expect(await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' })).to.deep.equal({ ok: true });
  const offered = next<Offer>(socket, 'offer');
  const call = await app.running.simulator!.placeCall();
  for (const [i, key] of ['0', '1'].entries()) {
    await eventually(() => call.events.filter((e) => e.kind === 'gather').length > i, 5000, `menu ${i + 1}`);
    call.press(key);
  }
  const offer = await offered;
  expect(offer.language).to.equal('other');
  const connected = next<CallConnected>(socket, 'call:connected');
  expect(await socket.timeout(3000).emitWithAck('offer:accept', { contactId: offer.contactId })).to.deep.equal({ ok: true });
  await connected;
  await call.waitFor((e) => e.kind === 'conference' && e.participants.length >= 2, 5000);
  socket.close();
  return { call, contactId: offer.contactId };
}

describe('an interpreter brought into a call (key 0: another language)', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' });

  it('the operator calls the interpreter line into the conference: three people on the call, logged on the contact', async function () {
    this.timeout(20_000);
    const admin = await app.as('admin');
    expect((await admin.put('/api/interpreter-lines', LINES)).status).to.equal(200);
    const operator = await app.as('operator1');
    expect((await operator.get('/api/interpreter-lines')).body).to.deep.equal(LINES);
    app.running.simulator!.setEndpointBehaviour('+390611110000', 'answer');

    const { call, contactId } = await interpreterCall(app, operator);
    const added = await operator.post(`/api/contacts/${contactId}/interpreter`, { line: 0 });
    expect(added.status).to.equal(201);
    expect(added.body).to.include({ kind: 'interpreter_added', detail: 'Language line (any language)' });
    expect(added.body.actor.displayName).to.equal('Operator One');

    await call.waitFor((e) => e.kind === 'conference' && e.participants.length >= 3, 5000);
    const leg = app.running.simulator!.calls().find((c) => c.to === '+390611110000');
    expect(leg, 'a call to the interpreter line').to.not.equal(undefined);

    const detail = await operator.get(`/api/contacts/${contactId}`);
    expect(detail.body.events).to.have.length(1);
    expect(detail.body.events[0]).to.include({ kind: 'interpreter_added', detail: 'Language line (any language)' });
    call.hangup();
  });

  it('an inactive or unknown line, another operator, or a call that has ended: refused, nothing dialled', async function () {
    this.timeout(20_000);
    await (await app.as('admin')).put('/api/interpreter-lines', LINES);
    const operator = await app.as('operator1');
    const { call, contactId } = await interpreterCall(app, operator);
    const dialled = () => app.running.simulator!.calls().filter((c) => c.to.startsWith('+3906')).length;
    const before = dialled();

    expect((await operator.post(`/api/contacts/${contactId}/interpreter`, { line: 1 })).status).to.equal(404);
    expect((await operator.post(`/api/contacts/${contactId}/interpreter`, { line: 7 })).status).to.equal(404);
    expect((await operator.post(`/api/contacts/${contactId}/interpreter`, { line: 'x' })).status).to.equal(400);
    expect((await (await app.as('operator2')).post(`/api/contacts/${contactId}/interpreter`, { line: 0 })).status).to.equal(403);
    expect((await (await app.as('admin')).post(`/api/contacts/${contactId}/interpreter`, { line: 0 })).status).to.equal(403);

    call.hangup();
    await eventually(async () => (await operator.get(`/api/contacts/${contactId}`)).body.status === 'completed', 5000, 'the call to end');
    const late = await operator.post(`/api/contacts/${contactId}/interpreter`, { line: 0 });
    expect(late.status).to.equal(409);
    expect(dialled()).to.equal(before);
    expect((await operator.get(`/api/contacts/${contactId}`)).body.events).to.deep.equal([]);
  });

  it('admins keep the interpreter table; a bad number is refused with the field named', async () => {
    const admin = await app.as('admin');
    const bad = await admin.put('/api/interpreter-lines', { items: [{ ...LINES.items[0], number: '06 1111' }] });
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body)).to.contain('number');
    expect((await admin.get('/api/interpreter-lines')).body).to.deep.equal({ items: [] });
    expect((await (await app.as('supervisor')).put('/api/interpreter-lines', LINES)).status).to.equal(403);
  });
});

describe('hold, and a supervisor listening, coaching or joining (conference participants)', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' });

  const participants = (contactId: string) => participantsOf(app, contactId);

  it('the operator puts the caller on hold and back; a supervisor listens, then coaches, then joins, unheard until then', async function () {
    this.timeout(30_000);
    const operator = await app.as('operator1');
    const { call, contactId } = await interpreterCall(app, operator);
    const callerSid = call.sid;

    expect((await operator.post(`/api/contacts/${contactId}/hold`, { hold: true })).status).to.equal(201);
    expect((await participants(contactId)).find((p) => p.callSid === callerSid)?.hold).to.equal(true);
    expect((await operator.post(`/api/contacts/${contactId}/hold`, { hold: false })).status).to.equal(201);
    expect((await participants(contactId)).find((p) => p.callSid === callerSid)?.hold).to.equal(false);

    const supervisor = await app.as('supervisor');
    // The wallboard shows which call the operator is on: that is where a supervisor listens from.
    const board = (await supervisor.get('/api/wallboard')).body as { operators: Array<{ displayName: string; call: { contactId: string; language: string } | null }> };
    expect(board.operators.find((o) => o.displayName === 'Operator One')!.call).to.include({ contactId, language: 'other' });
    expect(board.operators.find((o) => o.displayName === 'Operator Two')!.call).to.equal(null);
    const supervisorId = (await app.running.db.getRepository(User).findOneByOrFail({ username: 'supervisor' })).id;
    const label = `supervisor-${supervisorId}`;
    expect((await supervisor.post(`/api/contacts/${contactId}/monitor`, { mode: 'listen' })).status).to.equal(201);
    const listening = await eventually(async () => (await participants(contactId)).find((p) => p.label === label) ?? null, 5000, 'the supervisor on the call');
    expect(listening).to.include({ muted: true, coaching: false });

    const operatorCallSid = (await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).operatorCallSid;
    expect((await supervisor.post(`/api/contacts/${contactId}/monitor`, { mode: 'coach' })).status).to.equal(201);
    expect((await participants(contactId)).find((p) => p.label === label)).to.include({ muted: false, coaching: true, callSidToCoach: operatorCallSid });

    expect((await supervisor.post(`/api/contacts/${contactId}/monitor`, { mode: 'join' })).status).to.equal(201);
    expect((await participants(contactId)).find((p) => p.label === label)).to.include({ muted: false, coaching: false });
    // One supervisor leg all along, however many changes.
    expect((await participants(contactId)).filter((p) => p.label === label)).to.have.length(1);

    const events = (await supervisor.get(`/api/contacts/${contactId}`)).body.events.map((e: { kind: string }) => e.kind);
    expect(events).to.deep.equal(['held', 'resumed', 'supervisor_listening', 'supervisor_coaching', 'supervisor_joined']);
    call.hangup();
  });

  it('the operator ends the call from the console: both phones hang up and the contact is completed', async function () {
    this.timeout(30_000);
    const operator = await app.as('operator1');
    const { call, contactId } = await interpreterCall(app, operator);
    expect((await (await app.as('operator2')).post(`/api/contacts/${contactId}/hangup`)).status).to.equal(403);
    expect((await operator.post(`/api/contacts/${contactId}/hangup`)).status).to.equal(204);
    await call.ended();
    await eventually(async () => (await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).status === 'completed', 5000, 'completed');
    await eventually(async () => (await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' })).state === 'wrap_up', 5000, 'wrap-up');
    expect((await operator.post(`/api/contacts/${contactId}/hangup`)).status).to.equal(409);
  });

  it('only the call\'s operator or a supervisor holds it; only supervisors listen; bad input is a 400', async function () {
    this.timeout(30_000);
    const operator = await app.as('operator1');
    const { call, contactId } = await interpreterCall(app, operator);
    const other = await app.as('operator2');
    expect((await other.post(`/api/contacts/${contactId}/hold`, { hold: true })).status).to.equal(403);
    expect((await operator.post(`/api/contacts/${contactId}/monitor`, { mode: 'listen' })).status).to.equal(403);
    expect((await (await app.as('admin')).post(`/api/contacts/${contactId}/hold`, { hold: true })).status).to.equal(403);
    expect((await operator.post(`/api/contacts/${contactId}/hold`, { hold: 'yes' })).status).to.equal(400);
    expect((await (await app.as('supervisor')).post(`/api/contacts/${contactId}/monitor`, { mode: 'shout' })).status).to.equal(400);
    expect((await participants(contactId)).map((p) => p.hold)).to.not.include(true);
    call.hangup();
  });
});


describe('a warm transfer to a colleague (the caller holds, with music, while the two talk)', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' });

  const participants = (contactId: string) => participantsOf(app, contactId);
  const stateOf = async (username: string) => (await app.running.db.getRepository(User).findOneByOrFail({ username })).state;

  it('operator One hands the caller to operator Two: Two takes the call, One wraps up, the call goes on', async function () {
    this.timeout(30_000);
    const one = await app.as('operator1');
    const { call, contactId } = await interpreterCall(app, one);
    const two = await app.as('operator2');
    const twoSocket = await two.socket();
    expect(await twoSocket.timeout(3000).emitWithAck('presence:set', { state: 'available' })).to.deep.equal({ ok: true });
    const twoId = (await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator2' })).id;

    // Who it could go to: available colleagues, not oneself ('other' language: nobody's level applies).
    const targets = (await one.get(`/api/contacts/${contactId}/transfer-targets`)).body.items;
    expect(targets).to.deep.equal([{ id: twoId, displayName: 'Operator Two', role: 'operator', level: null }]);
    expect((await two.get(`/api/contacts/${contactId}/transfer-targets`)).status).to.equal(403);
    const started = await one.post(`/api/contacts/${contactId}/transfer`, { operatorId: twoId });
    expect(started.status).to.equal(201);
    expect(await stateOf('operator2')).to.equal('on_call');
    const leg = await eventually(async () => (await participants(contactId)).find((p) => p.label === `transfer-${twoId}`) ?? null, 5000, 'operator Two on the call');
    expect((await participants(contactId)).find((p) => p.callSid === call.sid)?.hold).to.equal(true);
    expect((await one.get(`/api/contacts/${contactId}`)).body.transferTo).to.deep.equal({ id: twoId, displayName: 'Operator Two' });
    // Only one handover at a time.
    expect((await one.post(`/api/contacts/${contactId}/transfer`, { operatorId: twoId })).status).to.equal(409);

    const connected = next<CallConnected>(twoSocket, 'call:connected');
    expect((await one.post(`/api/contacts/${contactId}/transfer/complete`)).status).to.equal(201);
    expect((await connected).contactId).to.equal(contactId);
    const row = await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId });
    expect(row).to.include({ status: 'connected', answeredById: twoId, operatorCallSid: leg.callSid, transferToId: null });
    expect(await stateOf('operator1')).to.equal('wrap_up');
    // The caller is off hold, still in the conference, now with Two alone.
    const now = await eventually(async () => { const ps = await participants(contactId); return ps.length === 2 ? ps : null; }, 5000, 'operator One gone');
    expect(now.find((p) => p.callSid === call.sid)).to.include({ hold: false });
    expect(now.find((p) => p.label === `transfer-${twoId}`)).to.include({ endConferenceOnExit: true });
    // The record is now Two's to write; One may no longer.
    expect((await one.post(`/api/contacts/${contactId}/hold`, { hold: true })).status).to.equal(403);
    const events = (await two.get(`/api/contacts/${contactId}`)).body.events.map((e: { kind: string; detail: string | null }) => `${e.kind}:${e.detail}`);
    expect(events).to.deep.equal(['transfer_started:Operator Two', 'transferred:Operator Two']);

    call.hangup();
    await eventually(async () => (await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).status === 'completed', 5000, 'completed');
    await eventually(async () => (await stateOf('operator2')) === 'wrap_up', 5000, 'Two wrapping up');
    twoSocket.close();
  });

  it('the caller hangs up while being handed over: the colleague is free again, their phone hung up', async function () {
    this.timeout(30_000);
    const one = await app.as('operator1');
    const { call, contactId } = await interpreterCall(app, one);
    const twoId = (await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator2' })).id;
    await app.running.db.getRepository(User).update({ id: twoId }, { state: 'available' });
    expect((await one.post(`/api/contacts/${contactId}/transfer`, { operatorId: twoId })).status).to.equal(201);
    const twoLeg = await eventually(async () => (await participants(contactId)).find((p) => p.label === `transfer-${twoId}`) ?? null, 5000, 'Two on the call');
    call.hangup();
    await eventually(async () => (await stateOf('operator2')) === 'available', 5000, 'Two available again');
    const row = await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId });
    expect(row).to.include({ status: 'completed', transferToId: null, transferCallSid: null });
    await eventually(() => app.running.simulator!.call(twoLeg.callSid)?.status === 'completed', 5000, 'Two\'s phone hung up');
  });

  it('the colleague hangs up before the handover: the transfer is off by itself, the caller back with One', async function () {
    this.timeout(30_000);
    const one = await app.as('operator1');
    const { call, contactId } = await interpreterCall(app, one);
    const twoId = (await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator2' })).id;
    await app.running.db.getRepository(User).update({ id: twoId }, { state: 'available' });
    expect((await one.post(`/api/contacts/${contactId}/transfer`, { operatorId: twoId })).status).to.equal(201);
    const twoLeg = await eventually(async () => (await participants(contactId)).find((p) => p.label === `transfer-${twoId}`) ?? null, 5000, 'Two on the call');
    app.running.simulator!.call(twoLeg.callSid)!.hangup();
    await eventually(async () => (await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).transferToId === null, 5000, 'the transfer off');
    expect((await participants(contactId)).find((p) => p.callSid === call.sid)?.hold).to.equal(false);
    expect(await stateOf('operator2')).to.equal('available');
    const events = (await one.get(`/api/contacts/${contactId}`)).body.events.map((e: { kind: string }) => e.kind);
    expect(events).to.deep.equal(['transfer_started', 'transfer_cancelled']);
    call.hangup();
  });

  it('a transfer called off: Two\'s phone leaves, the caller is back with One; nobody busy cannot be brought in', async function () {
    this.timeout(30_000);
    const one = await app.as('operator1');
    const { call, contactId } = await interpreterCall(app, one);
    const twoId = (await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator2' })).id;
    // Two is offline: refused, nothing changes.
    const refused = await one.post(`/api/contacts/${contactId}/transfer`, { operatorId: twoId });
    expect(refused.status).to.equal(409);
    expect(refused.body.error.message).to.contain('Operator Two');
    expect((await participants(contactId)).find((p) => p.callSid === call.sid)?.hold).to.equal(false);

    await app.running.db.getRepository(User).update({ id: twoId }, { state: 'available' });
    expect((await one.post(`/api/contacts/${contactId}/transfer`, { operatorId: twoId })).status).to.equal(201);
    await eventually(async () => (await participants(contactId)).length === 3, 5000, 'three on the call');
    expect((await one.post(`/api/contacts/${contactId}/transfer/cancel`)).status).to.equal(201);
    await eventually(async () => (await participants(contactId)).length === 2, 5000, 'Two gone');
    expect((await participants(contactId)).find((p) => p.callSid === call.sid)?.hold).to.equal(false);
    expect(await stateOf('operator2')).to.equal('available');
    const row = await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId });
    expect(row).to.include({ transferToId: null, answeredById: (await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' })).id });
    expect((await one.post(`/api/contacts/${contactId}/transfer/complete`)).status).to.equal(409);
    call.hangup();
  });
});

describe('a status callback that never arrived', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' });

  it('the reconciliation job asks Twilio, closes the call and frees the operator', async function () {
    this.timeout(30_000);
    const one = await app.as('operator1');
    const { call, contactId } = await interpreterCall(app, one);
    const contacts = app.running.db.getRepository(Contact);
    call.hangup();
    await eventually(async () => (await contacts.findOneByOrFail({ id: contactId })).status === 'completed', 5000, 'completed');
    // As if the callback had been lost: the database still says the call is on.
    await contacts.update({ id: contactId }, { status: 'connected', endedAt: null, durationSeconds: null });
    await app.running.db.getRepository(User).update({ username: 'operator1' }, { state: 'on_call' });
    // A call younger than the threshold is left alone; an older one is checked and closed.
    expect(await app.running.calls.reconcile(60_000)).to.equal(0);
    expect(await app.running.calls.reconcile(0)).to.equal(1);
    const row = await contacts.findOneByOrFail({ id: contactId });
    expect(row.status).to.equal('completed');
    expect(row.durationSeconds).to.be.a('number');
    expect((await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' })).state).to.equal('wrap_up');
    expect(await app.running.calls.reconcile(0)).to.equal(0);
  });
});
