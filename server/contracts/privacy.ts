import { z } from 'zod';

// Retention (shared/reference/domain-italy.md §5: a purpose-based schedule per record type).
// After the limit a record is anonymised, not deleted: its structured fields stay for statistics,
// everything that could name or describe a person goes.

const days = z.number().int().min(30, 'at least 30 days').max(36_500);

/** `GET/PUT /api/settings/retention` (admins). */
export const RetentionSettings = z.object({
  /** Contacts never linked to a case: notes, call-back number, caller hash, region, message, intake free text. */
  unlinkedContactDays: days,
  /** Cases CLOSED this long ago: persons, names, tasks, safety plan and notes; their contacts as above. */
  closedCaseDays: days,
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export const DEFAULT_RETENTION: RetentionSettings = { unlinkedContactDays: 365, closedCaseDays: 1825 };

/** `POST /api/retention/run` (admins): a dry run counts and changes nothing. */
export const RetentionRunInput = z.object({ dryRun: z.boolean() });
export type RetentionRunInput = z.infer<typeof RetentionRunInput>;

/** Per record type: how many rows were (or, in a dry run, would be) anonymised or deleted. */
export const RetentionCounts = z.object({
  contacts: z.number().int(),
  intakes: z.number().int(),
  riskAssessments: z.number().int(),
  cases: z.number().int(),
  casePersons: z.number().int(),
  caseNames: z.number().int(),
  caseTasks: z.number().int(),
});
export type RetentionCounts = z.infer<typeof RetentionCounts>;

export const RetentionResult = z.object({
  dryRun: z.boolean(),
  ranAt: z.string(),
  /** Records from before these instants were in scope. */
  contactsBefore: z.string(),
  casesClosedBefore: z.string(),
  counts: RetentionCounts,
});
export type RetentionResult = z.infer<typeof RetentionResult>;
