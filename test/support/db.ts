import type { DataSource } from 'typeorm';
import { connectDatabase } from '../../server/db/data-source.js';
import { DEMO_USERS } from '../../server/db/seed.js';
import { User } from '../../server/users/user.entity.js';
import { testConfig } from './env.js';

let wiped = false;

/** Once per run: drop every table, so migrations are proven from scratch on each dialect. */
export async function wipeDatabaseOnce(): Promise<void> {
  if (wiped) return;
  wiped = true;
  const ds = await connectDatabase(testConfig().database);
  await ds.dropDatabase();
  await ds.destroy();
}

/** Between tests: no contacts, no sessions, every user offline with their seeded skills. The demo users stay (hashing is slow). */
export async function resetData(db: DataSource): Promise<void> {
  await db.query('DELETE FROM contacts');
  await db.query('DELETE FROM contact_events');
  await db.query('DELETE FROM caller_blocks');
  await db.query('DELETE FROM settings');
  await db.query('DELETE FROM oncall_numbers');
  await db.query('DELETE FROM sessions');
  for (const t of ['contact_intakes', 'risk_assessments', 'risk_alerts', 'indicator_catalogues', 'cases', 'case_persons', 'case_names',
    'case_exploitation', 'case_events', 'case_tasks', 'case_counters']) await db.query(`DELETE FROM ${t}`);
  await db.query("UPDATE users SET state = 'offline', stateReason = NULL, stateUntil = NULL, team = NULL");
  for (const u of DEMO_USERS) await db.getRepository(User).update({ username: u.username }, { skills: u.skills ?? null, languages: u.languages });
}
