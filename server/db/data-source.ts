import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';

/** MySQL/MariaDB through mysql2, or the embedded SQLite file; the same entities and migrations for both. */
export function createDataSource(database: Config['database'], flavour: 'mysql' | 'mariadb' = 'mysql'): DataSource {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: false, synchronize: false, logging: false } as const;
  if (database.type === 'mysql') {
    return new DataSource({
      ...common,
      // TypeORM reads MariaDB's column defaults differently from MySQL's: it must know which it talks to.
      type: flavour,
      url: database.url,
      // mysql2 otherwise converts with the machine's local time zone (toolchain.md pitfall 11).
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      extra: { connectionLimit: 20 },
    });
  }
  if (database.path !== ':memory:') mkdirSync(dirname(resolve(database.path)), { recursive: true });
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    enableWAL: database.path !== ':memory:',
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('busy_timeout = 5000');
      // With WAL, NORMAL is safe against application crashes and skips an fsync per commit; only an
      // OS crash or power cut can lose the last commits. Production runs on MySQL/MariaDB.
      db.pragma('synchronous = NORMAL');
    },
  });
}

/** Asks the server what it is: a mysql:// URL may point at MySQL or at MariaDB. */
async function flavourOf(url: string): Promise<'mysql' | 'mariadb'> {
  const conn = await createConnection({ uri: url });
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    return /mariadb/i.test(String((rows as { v: string }[])[0]?.v)) ? 'mariadb' : 'mysql';
  } finally {
    await conn.end();
  }
}

export async function connectDatabase(database: Config['database']): Promise<DataSource> {
  const ds = createDataSource(database, database.type === 'mysql' ? await flavourOf(database.url) : undefined);
  await ds.initialize();
  return ds;
}

export async function openDatabase(database: Config['database']): Promise<DataSource> {
  const ds = await connectDatabase(database);
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}
