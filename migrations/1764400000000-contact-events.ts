import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// What happened on a contact after it was answered (an interpreter brought in; later transfers,
// a supervisor listening): one row each, shown on the contact in time order.
export class ContactEvents1764400000000 implements MigrationInterface {
  name = 'ContactEvents1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'contact_events',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'contactId', type: 'varchar', length: '36' },
        { name: 'at', type: 'datetime', precision: 3 },
        { name: 'kind', type: 'varchar', length: '32' },
        { name: 'actorId', type: 'varchar', length: '36', isNullable: true },
        { name: 'detail', type: 'varchar', length: '200', isNullable: true },
      ],
    }));
    await q.createIndex('contact_events', new TableIndex({ name: 'IDX_contact_events_contact', columnNames: ['contactId', 'at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('contact_events');
  }
}
