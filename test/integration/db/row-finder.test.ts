import { expect } from 'chai';
import { Contact } from '../../../server/calls/contact.entity.js';
import { rowFinder } from '../../../server/db/row-inserter.js';
import { useTestApp } from '../../support/app.js';
import { DIALECT } from '../../support/env.js';
import { contactRow } from '../../support/seed.js';

describe(`reading a contact by CallSid without TypeORM's query builder, on ${DIALECT}`, () => {
  const app = useTestApp();

  it('gives exactly what findOneBy gives: dates to the millisecond, JSON, booleans, nulls', async () => {
    const row = await contactRow(app.running.db, {
      status: 'connected', danger: true, cannotTalkFreely: false, minor: true, declinedBy: ['a', 'b'], reasons: ['HELP_EXIT'],
      startedAt: new Date('2026-11-23T10:11:12.345Z'), queuedAt: new Date('2026-11-23T10:11:20.001Z'), answeredAt: null, endedAt: null,
      durationSeconds: null, region: 'VENETO', language: 'ar',
    });
    const find = rowFinder(app.running.db, Contact, 'callSid');
    const fast = await find(row.callSid);
    const slow = await app.running.db.getRepository(Contact).findOneByOrFail({ callSid: row.callSid });
    expect(fast).to.deep.equal(slow);
    expect(fast).to.be.instanceOf(Contact);
    expect(fast!.startedAt.toISOString()).to.equal('2026-11-23T10:11:12.345Z');
    expect(fast!.declinedBy).to.deep.equal(['a', 'b']);
    expect(fast).to.include({ danger: true, cannotTalkFreely: false, minor: true, answeredAt: null, region: 'VENETO' });
    expect(await find('CA-none')).to.equal(null);
  });
});
