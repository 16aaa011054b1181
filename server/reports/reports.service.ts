import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service.js';
import { Forbidden } from '../errors.js';
import type { Actor } from '../users/actor.js';

/** Counts under this are published as "<5" (domain-italy.md §5: suppress small cells). */
export const SMALL_COUNT = 5;

export const Count = z.union([z.number().int(), z.literal('<5')]);
export const CaseReport = z.object({
  total: Count,
  byStatus: z.record(z.string(), Count),
  byRisk: z.record(z.string(), Count),
  byExploitation: z.record(z.string(), Count),
  byProvince: z.record(z.string(), Count),
});
export type CaseReport = z.infer<typeof CaseReport>;

const suppress = (n: number): number | '<5' => (n > 0 && n < SMALL_COUNT ? '<5' : n);

/** Aggregates only, small counts suppressed: what analysts see, and supervisors too. */
export class ReportsService {
  constructor(private readonly deps: { db: DataSource; audit: AuditService }) {}

  async cases(actor: Actor): Promise<CaseReport> {
    if (actor.role !== 'analyst' && actor.role !== 'supervisor') throw new Forbidden();
    const { db } = this.deps;
    const group = async (sql: string) => {
      const rows = await db.query(sql) as Array<{ k: string | null; n: number | string }>;
      return Object.fromEntries(rows.map((r) => [r.k ?? 'UNKNOWN', suppress(Number(r.n))]));
    };
    // Merged cases are the same person as another: counted once.
    const live = 'WHERE mergedIntoId IS NULL';
    const [[total], byStatus, byRisk, byExploitation, byProvince] = await Promise.all([
      db.query(`SELECT COUNT(*) AS n FROM cases ${live}`) as Promise<Array<{ n: number | string }>>,
      group(`SELECT status AS k, COUNT(*) AS n FROM cases ${live} GROUP BY status`),
      group(`SELECT riskLevel AS k, COUNT(*) AS n FROM cases ${live} GROUP BY riskLevel`),
      group(`SELECT e.type AS k, COUNT(*) AS n FROM case_exploitation e JOIN cases c ON c.id = e.caseId WHERE c.mergedIntoId IS NULL GROUP BY e.type`),
      group(`SELECT province AS k, COUNT(*) AS n FROM cases ${live} GROUP BY province`),
    ]);
    await this.deps.audit.record({ actor, action: 'report.cases', subjectType: 'report', subjectId: null });
    return { total: suppress(Number(total?.n ?? 0)), byStatus, byRisk, byExploitation, byProvince };
  }
}
