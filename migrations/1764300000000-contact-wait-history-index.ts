import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// Every hold round asks for the recent waits in the caller's language (expected wait): without
// this index that was a scan of all contacts, growing with every call ever taken.
export class ContactWaitHistoryIndex1764300000000 implements MigrationInterface {
  name = 'ContactWaitHistoryIndex1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('contacts', new TableIndex({ name: 'IDX_contacts_language_answeredAt', columnNames: ['language', 'answeredAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('contacts', 'IDX_contacts_language_answeredAt');
  }
}
