import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../server/config.js';

// One database for the whole run: TEST_DATABASE_URL (MariaDB/MySQL) or a fresh SQLite file.
export const DEMO_PASSWORD = 'correct horse battery staple';
const scratch = mkdtempSync(join(tmpdir(), 'approdo-test-'));
const sqliteFile = join(scratch, 'test.sqlite');
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? `sqlite:${sqliteFile}`;
export const DIALECT = TEST_DATABASE_URL.startsWith('sqlite:') ? 'sqlite' : 'mysql';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: TEST_DATABASE_URL,
    DEMO_PASSWORD,
    LOG_LEVEL: 'error',
    SIMULATOR_TIME_SCALE: '0.02',
    OFFER_TIMEOUT_SECONDS: '20',
    DISCONNECT_GRACE_SECONDS: '30',
    STATUS_OUTBOX_FILE: join(scratch, `status-outbox-${Math.random().toString(36).slice(2)}.jsonl`),
    ...env,
  });
}
