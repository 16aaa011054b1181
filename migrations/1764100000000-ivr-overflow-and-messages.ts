import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// The complete IVR (issue 4): the caller's region, messages with a consented call-back number,
// the territorial on-call table and admin-editable settings.
export class IvrOverflowAndMessages1764100000000 implements MigrationInterface {
  name = 'IvrOverflowAndMessages1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('contacts', [
      new TableColumn({ name: 'region', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'callbackCipher', type: 'text', isNullable: true }),
      new TableColumn({ name: 'callbackExpiresAt', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'messageAt', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'messageUrl', type: 'varchar', length: '500', isNullable: true }),
      new TableColumn({ name: 'messageSeconds', type: 'integer', isNullable: true }),
    ]);
    await q.createIndex('contacts', new TableIndex({ name: 'IDX_contacts_callbackExpiresAt', columnNames: ['callbackExpiresAt'] }));

    await q.createTable(new Table({
      name: 'settings',
      columns: [
        { name: 'key', type: 'varchar', length: '64', isPrimary: true },
        { name: 'value', type: 'text' },
        { name: 'updatedAt', type: 'datetime', precision: 3 },
        { name: 'updatedById', type: 'varchar', length: '36', isNullable: true },
      ],
    }));
    await q.createTable(new Table({
      name: 'oncall_numbers',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'region', type: 'varchar', length: '32', isNullable: true },
        { name: 'position', type: 'integer' },
        { name: 'number', type: 'varchar', length: '32' },
        { name: 'label', type: 'varchar', length: '120' },
        { name: 'active', type: 'boolean' },
      ],
    }));
    await q.createIndex('oncall_numbers', new TableIndex({ name: 'IDX_oncall_numbers_region', columnNames: ['region', 'position'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('oncall_numbers');
    await q.dropTable('settings');
    await q.dropIndex('contacts', 'IDX_contacts_callbackExpiresAt');
    for (const c of ['messageSeconds', 'messageUrl', 'messageAt', 'callbackExpiresAt', 'callbackCipher', 'region']) await q.dropColumn('contacts', c);
  }
}
