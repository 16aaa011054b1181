import type { DataSource, ObjectLiteral } from 'typeorm';
import { CIPHERTEXT_COLUMNS, type CiphertextColumn } from './ciphertext-columns.js';
import type { DataProtection } from './crypto.js';

export interface ColumnRotation {
  /** `table.column`. */
  name: string;
  /** Already under the current key: left alone. */
  current: number;
  /** Re-encrypted under the current key (in a dry run: would be). */
  rewritten: number;
  /** Changed by the application between our read and our write: it wrote them under the current key itself. */
  changedMeanwhile: number;
  /** No configured key opens them: their key is missing from DATA_KEY_PREVIOUS, or they were tampered with. */
  unreadable: number;
}

export interface RotationResult {
  keyId: string;
  dryRun: boolean;
  columns: ColumnRotation[];
  totals: Omit<ColumnRotation, 'name'>;
}

export interface RotationOptions {
  dryRun?: boolean;
  batchSize?: number;
  columns?: readonly CiphertextColumn[];
  /** Called as each column finishes, for a CLI to print as it goes. */
  progress?: (c: ColumnRotation) => void;
}

/**
 * Re-encrypts every ciphertext not yet under the current DATA_KEY, a batch at a time (one
 * transaction per batch), walking each table by primary key. Idempotent: a second run finds
 * nothing to do. Safe while the service runs: each row is rewritten only if it still holds what
 * was read (compare-and-set), so a note saved meanwhile is never overwritten with an older one.
 */
export async function rotateCiphertexts(db: DataSource, protect: DataProtection, opts: RotationOptions = {}): Promise<RotationResult> {
  const batchSize = opts.batchSize ?? 500;
  const columns: ColumnRotation[] = [];
  for (const c of opts.columns ?? CIPHERTEXT_COLUMNS) {
    const done = await rotateColumn(db, protect, c, batchSize, opts.dryRun ?? false);
    columns.push(done);
    opts.progress?.(done);
  }
  const sum = (k: keyof RotationResult['totals']) => columns.reduce((n, c) => n + c[k], 0);
  return {
    keyId: protect.keyId, dryRun: opts.dryRun ?? false, columns,
    totals: { current: sum('current'), rewritten: sum('rewritten'), changedMeanwhile: sum('changedMeanwhile'), unreadable: sum('unreadable') },
  };
}

async function rotateColumn(db: DataSource, protect: DataProtection, c: CiphertextColumn, batchSize: number, dryRun: boolean): Promise<ColumnRotation> {
  const meta = db.getMetadata(c.entity);
  if (meta.primaryColumns.length !== 1) throw new Error(`${c.table} needs a single-column primary key to be walked`);
  const pk = meta.primaryColumns[0]!.propertyName;
  const col = c.column;
  const repo = db.getRepository<ObjectLiteral>(c.entity);
  const prefix = `v2.${protect.keyId}.%`;
  const out: ColumnRotation = { name: `${c.table}.${c.column}`, current: 0, rewritten: 0, changedMeanwhile: 0, unreadable: 0 };
  out.current = await repo.createQueryBuilder('t').where(`t.${col} LIKE :prefix`, { prefix }).getCount();

  let after: string | null = null;
  for (;;) {
    const qb = repo.createQueryBuilder('t').select(`t.${pk}`, 'k').addSelect(`t.${col}`, 'v')
      .where(`t.${col} IS NOT NULL`).andWhere(`t.${col} NOT LIKE :prefix`, { prefix });
    if (after !== null) qb.andWhere(`t.${pk} > :after`, { after });
    const rows = await qb.orderBy(`t.${pk}`, 'ASC').limit(batchSize).getRawMany<{ k: string; v: string }>();
    const rewrites: Array<{ k: string; v: string; next: string }> = [];
    for (const row of rows) {
      let plain: string;
      try { plain = protect.decrypt(row.v); } catch { out.unreadable++; continue; }
      rewrites.push({ ...row, next: protect.encrypt(plain) });
    }
    if (dryRun) out.rewritten += rewrites.length;
    else if (rewrites.length) {
      await db.transaction(async (tx) => {
        for (const r of rewrites) {
          const { affected } = await tx.getRepository<ObjectLiteral>(c.entity).update({ [pk]: r.k, [col]: r.v }, { [col]: r.next });
          if (affected === 1) out.rewritten++;
          else out.changedMeanwhile++;
        }
      });
    }
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.k;
  }
  return out;
}
