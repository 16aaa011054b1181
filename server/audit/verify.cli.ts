import { loadConfig } from '../config.js';
import { openDatabase } from '../db/data-source.js';
import { AuditService } from './audit.service.js';

// `npm run audit:verify`: proves the audit chain intact, or names the first broken row (exit 1).
const db = await openDatabase(loadConfig().database);
const result = await new AuditService({ db, now: () => new Date() }).verify();
await db.destroy();
if (result.ok) {
  process.stdout.write(`Audit log intact: ${result.rows} rows.\n`);
} else {
  process.stdout.write(`Audit log BROKEN at row ${result.brokenAt}: ${result.reason}.\n`);
  process.exit(1);
}
