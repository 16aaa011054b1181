import { z } from 'zod';
import { CALLER_TYPES, CONTACT_CLASSES, LANGUAGES, OUTCOMES, PERTINENCES, PURPOSES, REASONS } from './enums.js';
import { NOTES_MAX } from './contacts.js';
import { CONSENT_LEVELS } from './intake.js';
import { RISK_LEVELS } from './risk.js';

// CSV files for periodic national reporting (SIRIT-style, domain-italy.md §1.4): structured fields
// only, free text only when asked for, and contacts imported back in the same layout.

/** `GET /api/exports/contacts.csv` and `/api/exports/cases.csv` (supervisors): days in the helpline's time zone, both included. */
export const ExportQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  includeText: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
}).refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type ExportQuery = z.infer<typeof ExportQuery>;

export const CONTACT_EXPORT_COLUMNS = [
  'id', 'startedAt', 'endedAt', 'language', 'purpose', 'callerType', 'pertinence', 'contactClass', 'reasons', 'outcomes', 'region',
  'caseCode', 'riskLevel', 'consentLevel', 'danger', 'cannotTalkFreely',
] as const;
/** Added with `includeText=true`. */
export const CONTACT_TEXT_COLUMNS = ['notes'] as const;

export const CASE_EXPORT_COLUMNS = [
  'code', 'openedAt', 'closedAt', 'status', 'riskLevel', 'consentLevel', 'province', 'exploitationTypes', 'labourSector', 'peopleCount',
  'minorsInvolved', 'persons', 'gender', 'ageBand', 'nationality', 'contacts',
] as const;
/** Added with `includeText=true`; pseudonyms and aliases stay empty unless the case's consent is SHARE. */
export const CASE_TEXT_COLUMNS = ['notes', 'pseudonyms', 'aliases'] as const;

/** `POST /api/imports/contacts` (admins, supervisors): a contacts export, as text. */
export const ContactImport = z.object({ csv: z.string().min(1).max(1_000_000) });
export type ContactImport = z.infer<typeof ContactImport>;
export const ImportResult = z.object({ imported: z.number().int() });
export type ImportResult = z.infer<typeof ImportResult>;

const empty = (v: unknown) => (v === '' ? null : v);
const optional = <T extends z.ZodType>(t: T) => z.preprocess(empty, t.nullable());
const list = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(
  (v) => (v === '' ? null : typeof v === 'string' ? v.split(';').map((x) => x.trim()) : v),
  z.array(z.enum(values)).refine((a) => new Set(a).size === a.length, 'no repeats').nullable(),
);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const instant = z.iso.datetime({ offset: true });

/** One row of an imported contacts file, its cells as text; `id` and `caseCode` are ignored. */
export const ImportedContactRow = z.object({
  startedAt: instant,
  endedAt: optional(instant),
  language: optional(z.enum(LANGUAGES)),
  purpose: optional(z.enum(PURPOSES)),
  callerType: optional(z.enum(CALLER_TYPES)),
  pertinence: optional(z.enum(PERTINENCES)),
  contactClass: optional(z.enum(CONTACT_CLASSES)),
  reasons: list(REASONS),
  outcomes: list(OUTCOMES),
  region: optional(z.string().max(32)),
  riskLevel: optional(z.enum(RISK_LEVELS)),
  consentLevel: optional(z.enum(CONSENT_LEVELS)),
  danger: flag,
  cannotTalkFreely: flag,
  notes: optional(z.string().max(NOTES_MAX)).default(null),
}).refine((r) => !r.endedAt || Date.parse(r.endedAt) >= Date.parse(r.startedAt), { message: 'ends before it starts', path: ['endedAt'] });
export type ImportedContactRow = z.infer<typeof ImportedContactRow>;
