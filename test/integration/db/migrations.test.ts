import { expect } from 'chai';
import { openDatabase } from '../../../server/db/data-source.js';
import { User } from '../../../server/users/user.entity.js';
import { wipeDatabaseOnce } from '../../support/db.js';
import { DIALECT, testConfig } from '../../support/env.js';

describe(`the database on ${DIALECT}`, () => {
  before(async function () {
    this.timeout(60_000);
    await wipeDatabaseOnce();
  });

  it('migrations build exactly the schema the entities describe (no pending change)', async () => {
    const db = await openDatabase(testConfig().database);
    try {
      const pending = await db.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).to.deep.equal([]);
      expect(await db.showMigrations()).to.equal(false);
    } finally {
      await db.destroy();
    }
  });

  it('times keep their milliseconds and come back as the same instant (toolchain pitfalls 7 and 11)', async () => {
    const db = await openDatabase(testConfig().database);
    const id = '00000000-0000-4000-8000-0000000000cc';
    try {
      const at = new Date('2026-11-23T10:11:12.345Z');
      await db.getRepository(User).delete({ id });
      await db.getRepository(User).insert({
        id, username: 'clock-check', displayName: 'x', passwordHash: 'x', role: 'operator', languages: [], phone: null,
        organisationId: null, state: 'offline', stateSince: at, stateReason: null, active: true, createdAt: at,
      });
      const row = await db.getRepository(User).findOneByOrFail({ id });
      expect(row.stateSince.toISOString()).to.equal('2026-11-23T10:11:12.345Z');
    } finally {
      await db.getRepository(User).delete({ id });
      await db.destroy();
    }
  });
});
