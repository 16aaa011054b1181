import { expect } from 'chai';
import { Contact } from '../../server/calls/contact.entity.js';
import { useTestApp } from '../support/app.js';
import { eventually } from '../support/http.js';

// A repeat caller whose earlier call became a case about a child: the new call is marked as about
// a child on its way into the queue, and the operator sees the case to link the call to.

describe('a repeat caller with a case', () => {
  const app = useTestApp();
  const FROM = '+393331234567';

  async function callFrom(from: string, keys = ['1', '2']): Promise<Contact> {
    const call = await app.running.simulator!.placeCall({ from });
    for (let i = 0; i < keys.length; i++) {
      await eventually(() => call.events.filter((e) => e.kind === 'gather').length > i, 5000, `menu ${i + 1}`);
      call.press(keys[i]!);
    }
    const contact = await eventually(async () => {
      const c = await app.running.db.getRepository(Contact).findOneBy({ callSid: call.sid });
      return c && c.status !== 'ivr' ? c : null;
    }, 10_000, 'the call to join the queue');
    call.hangup();
    return contact;
  }

  it("joins the queue marked as about a child when the earlier call's case involves minors; not otherwise", async function () {
    this.timeout(30_000);
    const first = await callFrom(FROM);
    expect(first.minor).to.equal(false);
    const s = await app.as('supervisor');
    const made = await s.post('/api/cases', { persons: [{ isMinor: true, ageBand: '14_17' }] });
    expect(made.body.minorsInvolved).to.equal(true);
    await app.running.db.getRepository(Contact).update({ id: first.id }, { caseId: made.body.id });

    const second = await callFrom(FROM);
    expect(second.minor).to.equal(true);
    const stranger = await callFrom('+393339999999');
    expect(stranger.minor).to.equal(false);

    // The supervisor reading the new contact sees the case to link it to.
    await eventually(async () => (await app.running.db.getRepository(Contact).findOneByOrFail({ id: second.id })).endedAt !== null, 5000, 'the hang-up');
    const read = await s.get(`/api/contacts/${second.id}`);
    expect(read.body.earlier).to.deep.include({ count: 1, case: { id: made.body.id, code: made.body.code } });
  });
});
