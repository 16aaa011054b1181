import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../users/actor.js';
import { AuditEntry, AuditHead } from './audit-entry.entity.js';

export const GENESIS = '0'.repeat(64);

export interface AuditRecord {
  actor: Actor | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  /** Ids, enums, counts only. */
  detail?: Record<string, string | number | boolean | null>;
}

/** The chained hash of a row: changing any field, or the row before, changes it. */
export function chainHash(prevHash: string, e: Pick<AuditEntry, 'seq' | 'at' | 'actorId' | 'action' | 'subjectType' | 'subjectId' | 'detail'>): string {
  const canonical = JSON.stringify([e.seq, e.at.toISOString(), e.actorId, e.action, e.subjectType, e.subjectId, e.detail]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** The detail stored: the record's, plus `origin`, where the actor acted from (who, what, when, from where). */
function detailOf(r: AuditRecord): string | null {
  const detail = r.actor?.origin ? { ...r.detail, origin: r.actor.origin } : r.detail;
  return detail ? JSON.stringify(detail) : null;
}

export class AuditService {
  // SQLite has one connection and one writer: appends queue here. MySQL/MariaDB nodes queue on the
  // head row's lock instead.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { db: DataSource; now: () => Date }) {}

  record(r: AuditRecord): Promise<AuditEntry> {
    const run = this.tail.then(() => this.append(r), () => this.append(r));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private append(r: AuditRecord): Promise<AuditEntry> {
    const { db, now } = this.deps;
    return db.transaction(async (tx: EntityManager) => {
      const lock = db.options.type === 'better-sqlite3' ? undefined : ({ mode: 'pessimistic_write' } as const);
      let head = await tx.getRepository(AuditHead).findOne({ where: { id: 1 }, lock });
      if (!head) {
        await tx.getRepository(AuditHead).insert({ id: 1, seq: 0, hash: GENESIS }).catch(() => undefined);
        head = (await tx.getRepository(AuditHead).findOne({ where: { id: 1 }, lock }))!;
      }
      const entry: AuditEntry = {
        seq: head.seq + 1, at: now(), actorId: r.actor?.userId ?? null, action: r.action, subjectType: r.subjectType,
        subjectId: r.subjectId, detail: detailOf(r), prevHash: head.hash, hash: '',
      };
      entry.hash = chainHash(head.hash, entry);
      await tx.getRepository(AuditEntry).insert(entry);
      await tx.getRepository(AuditHead).update({ id: 1, seq: head.seq }, { seq: entry.seq, hash: entry.hash });
      return entry;
    });
  }

  /** Walks the chain; the first row whose hash does not follow names where it was broken. */
  async verify(): Promise<{ ok: true; rows: number } | { ok: false; brokenAt: number; reason: string }> {
    const repo = this.deps.db.getRepository(AuditEntry);
    let prev = GENESIS;
    let expectedSeq = 1;
    const page = 1000;
    for (let from = 0; ; from += page) {
      const rows = await repo.find({ order: { seq: 'ASC' }, skip: from, take: page });
      for (const row of rows) {
        if (row.seq !== expectedSeq) return { ok: false, brokenAt: expectedSeq, reason: 'a row is missing' };
        if (row.prevHash !== prev || chainHash(prev, row) !== row.hash) return { ok: false, brokenAt: row.seq, reason: 'the row was changed' };
        prev = row.hash;
        expectedSeq++;
      }
      if (rows.length < page) break;
    }
    const head = await this.deps.db.getRepository(AuditHead).findOneBy({ id: 1 });
    if (head && (head.seq !== expectedSeq - 1 || head.hash !== prev)) return { ok: false, brokenAt: expectedSeq, reason: 'rows at the end were removed' };
    return { ok: true, rows: expectedSeq - 1 };
  }
}
