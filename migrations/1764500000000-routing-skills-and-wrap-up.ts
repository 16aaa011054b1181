import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// The routing engine: operators' skills (languages with a level, case flags), a timed wrap-up
// state, calls about a child (offered only to operators trained for minors), and call-backs.
export class RoutingSkillsAndWrapUp1764500000000 implements MigrationInterface {
  name = 'RoutingSkillsAndWrapUp1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // null: the operator's languages, all at "fluent", no flags (what every existing user had).
    await q.addColumn('users', new TableColumn({ name: 'skills', type: 'text', isNullable: true }));
    await q.addColumn('users', new TableColumn({ name: 'stateUntil', type: 'datetime', precision: 3, isNullable: true }));
    await q.addColumn('contacts', new TableColumn({ name: 'minor', type: 'boolean', default: 0 }));
    // Call-backs: the call-back contact names the message it answers; the message, who is calling back now.
    await q.addColumn('contacts', new TableColumn({ name: 'callbackOfId', type: 'varchar', length: '36', isNullable: true }));
    await q.addColumn('contacts', new TableColumn({ name: 'callbackById', type: 'varchar', length: '36', isNullable: true }));
    await q.addColumn('contacts', new TableColumn({ name: 'callbackAt', type: 'datetime', precision: 3, isNullable: true }));
    // The wallboard's service level reads the calls that joined the queue today.
    await q.createIndex('contacts', new TableIndex({ name: 'IDX_contacts_queuedAt', columnNames: ['queuedAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('contacts', 'IDX_contacts_queuedAt');
    await q.dropColumn('contacts', 'callbackAt');
    await q.dropColumn('contacts', 'callbackById');
    await q.dropColumn('contacts', 'callbackOfId');
    await q.dropColumn('contacts', 'minor');
    await q.dropColumn('users', 'stateUntil');
    await q.dropColumn('users', 'skills');
  }
}
