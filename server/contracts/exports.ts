import { z } from 'zod';
import { CALLER_TYPES, CONTACT_CLASSES, LANGUAGES, OUTCOMES, PERTINENCES, PURPOSES, REASONS } from './enums.js';
import { NOTES_MAX } from './contacts.js';
import { CASE_STATUSES } from './cases.js';
import { AGE_BANDS, CONSENT_LEVELS, GENDERS, PROVINCES } from './intake.js';
import { EXPLOITATION_TYPES, LABOUR_SECTORS, RISK_LEVELS } from './risk.js';

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

/** `POST /api/imports/contacts` and `/api/imports/cases` (admins, supervisors): an export of that kind, as text. */
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

const names = z.preprocess((v) => (v === '' ? [] : typeof v === 'string' ? v.split(';').map((x) => x.trim()) : v), z.array(z.string().min(1).max(60)).max(20));

/**
 * One row of an imported cases file; `code` and `contacts` are ignored (an imported case is numbered
 * here, and has no contacts here). `persons` people are recorded, the first with the gender, age
 * band and nationality given; pseudonyms (one per person, in order) and aliases (the first person's)
 * only when the consent level is not anonymous.
 */
export const ImportedCaseRow = z.object({
  openedAt: instant,
  closedAt: optional(instant),
  status: z.enum(CASE_STATUSES),
  riskLevel: z.preprocess(empty, z.enum(RISK_LEVELS).default('NOT_ASSESSED')),
  consentLevel: z.enum(CONSENT_LEVELS),
  province: optional(z.enum(PROVINCES)),
  exploitationTypes: list(EXPLOITATION_TYPES),
  labourSector: optional(z.enum(LABOUR_SECTORS)),
  peopleCount: optional(z.coerce.number().int().min(1).max(10000)),
  minorsInvolved: flag,
  persons: z.preprocess((v) => (v === '' ? '1' : v), z.coerce.number().int().min(0).max(20)),
  gender: optional(z.enum(GENDERS)),
  ageBand: optional(z.enum(AGE_BANDS)),
  nationality: optional(z.string().regex(/^[A-Z]{2}$/)),
  notes: optional(z.string().max(8000)).default(null),
  pseudonyms: names.default([]),
  aliases: names.default([]),
})
  .refine((r) => !r.closedAt || Date.parse(r.closedAt) >= Date.parse(r.openedAt), { message: 'closes before it opens', path: ['closedAt'] })
  .refine((r) => r.consentLevel !== 'ANONYMOUS' || (r.pseudonyms.length === 0 && r.aliases.length === 0), { message: 'an anonymous case holds no names', path: ['pseudonyms'] })
  .refine((r) => r.pseudonyms.length <= Math.max(r.persons, 1), { message: 'more pseudonyms than persons', path: ['pseudonyms'] });
export type ImportedCaseRow = z.infer<typeof ImportedCaseRow>;
