import { AuditService } from '../audit/audit.service.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/data-source.js';
import { DataProtection } from './crypto.js';
import { rotateCiphertexts, type ColumnRotation } from './rotation.js';

// `npm run keys:rotate [-- --dry-run] [-- --batch 500]`: re-encrypts every ciphertext under the
// current DATA_KEY, reading older ones with DATA_KEY_PREVIOUS (docs/privacy.md, "Rotating DATA_KEY").
// Prints counts only. Exit 1 if some ciphertext no configured key opens.

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const batchAt = args.indexOf('--batch');
const batchSize = batchAt >= 0 ? Number(args[batchAt + 1]) : 500;
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000 || args.some((a, i) => !['--dry-run', '--batch'].includes(a) && i !== batchAt + 1)) {
  process.stderr.write('usage: npm run keys:rotate [-- --dry-run] [-- --batch <1..10000>]\n');
  process.exit(2);
}

const config = loadConfig();
const protect = new DataProtection(config.dataKey, config.previousDataKeys);
const db = await openDatabase(config.database);
const line = (c: Omit<ColumnRotation, 'name'>, name: string) =>
  `${name.padEnd(38)} ${dryRun ? 'to re-encrypt' : 're-encrypted'} ${String(c.rewritten).padStart(7)}   already current ${String(c.current).padStart(7)}` +
  `${c.changedMeanwhile ? `   changed meanwhile ${c.changedMeanwhile}` : ''}   unreadable ${c.unreadable}\n`;

process.stdout.write(`${dryRun ? 'Dry run: nothing is written. ' : ''}Current key ${protect.keyId}; ${config.previousDataKeys.length} previous key(s) readable.\n`);
try {
  const result = await rotateCiphertexts(db, protect, { dryRun, batchSize, progress: (c) => process.stdout.write(line(c, c.name)) });
  process.stdout.write(line(result.totals, 'total'));
  if (!dryRun) {
    await new AuditService({ db, now: () => new Date() }).record({
      actor: null, action: 'keys.rotate', subjectType: 'data_key', subjectId: protect.keyId,
      detail: { rewritten: result.totals.rewritten, current: result.totals.current, unreadable: result.totals.unreadable },
    });
  }
  if (result.totals.unreadable) {
    process.stdout.write('Some ciphertexts open with no configured key: put the key they were written with in DATA_KEY_PREVIOUS and run again.\n');
    process.exitCode = 1;
  } else if (!dryRun) {
    process.stdout.write('Every ciphertext is now under the current key.\n');
  }
} finally {
  await db.destroy();
}
