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

/**
 * `SELECT` of one whole entity by one column, its SQL built once and its values hydrated by the
 * driver exactly as TypeORM hydrates them: for the look-ups every webhook makes (a contact by its
 * CallSid), where TypeORM's query building costs more than the query.
 */
export function rowFinder<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, property: keyof T & string): (value: unknown) => Promise<T | null> {
  const meta = db.getMetadata(entity);
  const by = meta.findColumnWithPropertyName(property);
  if (!by) throw new Error(`${meta.name} has no column ${property}`);
  const q = (name: string) => db.driver.escape(name);
  const sql = `SELECT ${meta.columns.map((c) => q(c.databaseName)).join(', ')} FROM ${q(meta.tableName)} WHERE ${q(by.databaseName)} = ? LIMIT 1`;
  return async (value) => {
    const rows = (await db.query(sql, [db.driver.preparePersistentValue(value, by)])) as Array<Record<string, unknown>>;
    const raw = rows[0];
    if (!raw) return null;
    const row = meta.create() as T;
    for (const c of meta.columns) c.setEntityValue(row, db.driver.prepareHydratedValue(raw[c.databaseName], c));
    return row;
  };
}
