import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// The hash-chained audit log (its head row serialises appends) and nuisance-caller blocks.
export class AuditAndBlocks1764200000000 implements MigrationInterface {
  name = 'AuditAndBlocks1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'audit_log',
      columns: [
        { name: 'seq', type: 'integer', isPrimary: true },
        { name: 'at', type: 'datetime', precision: 3 },
        { name: 'actorId', type: 'varchar', length: '36', isNullable: true },
        { name: 'action', type: 'varchar', length: '64' },
        { name: 'subjectType', type: 'varchar', length: '32' },
        { name: 'subjectId', type: 'varchar', length: '64', isNullable: true },
        { name: 'detail', type: 'text', isNullable: true },
        { name: 'prevHash', type: 'varchar', length: '64' },
        { name: 'hash', type: 'varchar', length: '64' },
      ],
    }));
    await q.createTable(new Table({
      name: 'audit_head',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true },
        { name: 'seq', type: 'integer' },
        { name: 'hash', type: 'varchar', length: '64' },
      ],
    }));
    await q.createTable(new Table({
      name: 'caller_blocks',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'callerHash', type: 'varchar', length: '64' },
        { name: 'reason', type: 'varchar', length: '32' },
        { name: 'contactId', type: 'varchar', length: '36' },
        { name: 'createdAt', type: 'datetime', precision: 3 },
        { name: 'createdById', type: 'varchar', length: '36' },
        { name: 'expiresAt', type: 'datetime', precision: 3 },
        { name: 'liftedAt', type: 'datetime', precision: 3, isNullable: true },
        { name: 'liftedById', type: 'varchar', length: '36', isNullable: true },
      ],
    }));
    await q.createIndex('caller_blocks', new TableIndex({ name: 'IDX_caller_blocks_hash', columnNames: ['callerHash', 'expiresAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('caller_blocks');
    await q.dropTable('audit_head');
    await q.dropTable('audit_log');
  }
}
