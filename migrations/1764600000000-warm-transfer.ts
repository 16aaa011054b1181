import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

// A warm transfer in progress: who is being brought in, and their phone leg.
export class WarmTransfer1764600000000 implements MigrationInterface {
  name = 'WarmTransfer1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('contacts', new TableColumn({ name: 'transferToId', type: 'varchar', length: '36', isNullable: true }));
    await q.addColumn('contacts', new TableColumn({ name: 'transferCallSid', type: 'varchar', length: '64', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('contacts', 'transferCallSid');
    await q.dropColumn('contacts', 'transferToId');
  }
}
