import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * A plain INSERT of a whole entity, its SQL built once, its values converted by the driver exactly
 * as TypeORM converts them. For the few hot paths (every incoming call writes a contact), where
 * TypeORM's insert builder costs more than the database itself; behaviour is the same.
 */
export function rowInserter<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>): (row: T) => Promise<void> {
  const meta = db.getMetadata(entity);
  const columns = meta.columns;
  const q = (name: string) => db.driver.escape(name);
  const sql = `INSERT INTO ${q(meta.tableName)} (${columns.map((c) => q(c.databaseName)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  return async (row) => {
    await db.query(sql, columns.map((c) => db.driver.preparePersistentValue(c.getEntityValue(row), c)));
  };
}
