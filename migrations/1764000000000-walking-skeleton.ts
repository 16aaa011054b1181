import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// Hand-written with the Table API so one migration serves MySQL/MariaDB and SQLite (toolchain.md
// pitfall 12). Column shapes mirror the entities exactly; a test checks there is no schema diff.

const id = (name = 'id') => ({ name, type: 'varchar', length: '36', isPrimary: name === 'id' });
const ref = (name: string) => ({ name, type: 'varchar', length: '36', isNullable: true });
const when = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });
const text = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
const flag = (name: string) => ({ name, type: 'boolean' });
const int = (name: string, isNullable = false) => ({ name, type: 'integer', isNullable });
const json = (name: string, isNullable = false) => ({ name, type: 'text', isNullable });

export class WalkingSkeleton1764000000000 implements MigrationInterface {
  name = 'WalkingSkeleton1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'users',
      columns: [
        id(), text('username', 64), text('displayName', 120), text('passwordHash', 255), text('role', 16),
        json('languages'), text('phone', 32, true), ref('organisationId'), text('state', 16), when('stateSince'),
        text('stateReason', 120, true), flag('active'), when('createdAt'),
      ],
    }));
    await q.createIndex('users', new TableIndex({ name: 'IDX_users_username', columnNames: ['username'], isUnique: true }));
    await q.createIndex('users', new TableIndex({ name: 'IDX_users_state', columnNames: ['state'] }));

    await q.createTable(new Table({
      name: 'contacts',
      columns: [
        id(), text('callSid', 64), text('callerHash', 64, true), text('status', 16),
        text('ivrStep', 16), int('ivrAttempts'), text('language', 8, true), text('purpose', 16, true),
        flag('danger'), flag('cannotTalkFreely'), int('priority'),
        when('startedAt'), when('queuedAt', true), ref('offeredToId'), when('offerExpiresAt', true), json('declinedBy'),
        ref('answeredById'), when('answeredAt', true), text('operatorCallSid', 64, true), when('endedAt', true),
        int('durationSeconds', true),
        text('callerType', 32, true), text('pertinence', 16, true), text('contactClass', 32, true),
        json('reasons', true), json('outcomes', true), { name: 'notesCipher', type: 'text', isNullable: true },
        when('recordSavedAt', true), ref('recordSavedById'),
      ],
    }));
    await q.createIndex('contacts', new TableIndex({ name: 'IDX_contacts_callSid', columnNames: ['callSid'], isUnique: true }));
    await q.createIndex('contacts', new TableIndex({ name: 'IDX_contacts_callerHash', columnNames: ['callerHash'] }));
    await q.createIndex('contacts', new TableIndex({ name: 'IDX_contacts_queue', columnNames: ['status', 'priority', 'queuedAt'] }));
    await q.createIndex('contacts', new TableIndex({ name: 'IDX_contacts_offerExpiresAt', columnNames: ['offerExpiresAt'] }));
    await q.createIndex('contacts', new TableIndex({ name: 'IDX_contacts_operatorCallSid', columnNames: ['operatorCallSid'] }));

    await q.createTable(new Table({
      name: 'sessions',
      columns: [
        { name: 'id', type: 'varchar', length: '255', isPrimary: true },
        { name: 'expiredAt', type: 'bigint' },
        { name: 'json', type: 'text' },
        when('destroyedAt', true),
      ],
    }));
    await q.createIndex('sessions', new TableIndex({ name: 'IDX_sessions_expiredAt', columnNames: ['expiredAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sessions');
    await q.dropTable('contacts');
    await q.dropTable('users');
  }
}
