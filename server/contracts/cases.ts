import { z } from 'zod';
import { LANGUAGES } from './enums.js';
import { AGE_BANDS, CONSENT_LEVELS, GENDERS, PROVINCES } from './intake.js';
import { EXPLOITATION_TYPES, LABOUR_SECTORS, RISK_LEVELS } from './risk.js';

// A case follows a person (or a situation with several) after the call: pseudonymous code,
// minimal profile, status, risk, safety plan, tasks, linked contacts and a timeline.

export const CASE_STATUSES = ['OPEN', 'MONITORING', 'REFERRED', 'IN_PROGRAMME', 'CLOSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CaseCode = z.string().regex(/^A-\d{4}-\d{4,}$/, 'a case code like A-2026-0042');
export const CaseParams = z.object({ caseId: z.uuid() });
export const CaseTaskParams = z.object({ caseId: z.uuid(), taskId: z.uuid() });

const name = z.string().trim().min(1).max(60);
const set = <T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.enum(values)).max(values.length).refine((v) => new Set(v).size === v.length, 'no repeats');

/** The minimal profile of §8. A pseudonym and aliases only when the consent level is not anonymous. */
export const PersonInput = z.object({
  pseudonym: name.nullable().default(null),
  aliases: z.array(name).max(10).default([]),
  ageBand: z.enum(AGE_BANDS).nullable().default(null),
  isMinor: z.boolean().default(false),
  ageDisputed: z.boolean().default(false),
  gender: z.enum(GENDERS).nullable().default(null),
  nationality: z.string().regex(/^[A-Z]{2}$/).nullable().default(null),
  languages: set(LANGUAGES).default([]),
  childrenCount: z.number().int().min(0).max(20).default(0),
  pregnant: z.boolean().default(false),
  documentsHeldByThirdParty: z.boolean().default(false),
});
export type PersonInput = z.input<typeof PersonInput>;
export const PersonView = PersonInput.extend({ id: z.string() });
export type PersonView = z.infer<typeof PersonView>;

/** Code word, safe call windows, exit steps: never an address. Encrypted at rest. */
export const SafetyPlan = z.object({
  codeWord: z.string().max(60).default(''),
  safeCallWindows: z.string().max(500).default(''),
  exitSteps: z.string().max(4000).default(''),
});
export type SafetyPlan = z.infer<typeof SafetyPlan>;

/** `POST /api/cases`: from a contact (its intake fills the case), or blank. */
export const CaseCreate = z.object({
  contactId: z.uuid().optional(),
  consentLevel: z.enum(CONSENT_LEVELS).optional(),
  persons: z.array(PersonInput).max(20).optional(),
});
export type CaseCreate = z.input<typeof CaseCreate>;

/** `PATCH /api/cases/:caseId`: what changes; `version` guards against overwriting a colleague. */
export const CaseUpdate = z.object({
  version: z.number().int().min(1),
  status: z.enum(CASE_STATUSES).optional(),
  consentLevel: z.enum(CONSENT_LEVELS).optional(),
  province: z.enum(PROVINCES).nullable().optional(),
  exploitationTypes: set(EXPLOITATION_TYPES).optional(),
  labourSector: z.enum(LABOUR_SECTORS).nullable().optional(),
  peopleCount: z.number().int().min(1).max(10000).nullable().optional(),
  assignedToId: z.uuid().nullable().optional(),
  persons: z.array(PersonView.partial({ id: true })).max(20).optional(),
  safetyPlan: SafetyPlan.optional(),
  notes: z.string().max(8000).optional(),
});
export type CaseUpdate = z.input<typeof CaseUpdate>;

export const LinkContact = z.object({ contactId: z.uuid() });
/** Merge `fromCaseId` into this case: the other case closes, pointing here; both histories stay. */
export const MergeCase = z.object({ fromCaseId: z.uuid() });

export const TaskInput = z.object({
  title: z.string().trim().min(1).max(300),
  dueAt: z.iso.datetime({ offset: true }).nullable().default(null),
  ownerId: z.uuid().nullable().default(null),
});
export const TaskUpdate = z.object({ done: z.boolean() });
export const TaskView = z.object({
  id: z.string(), title: z.string(), dueAt: z.string().nullable(), owner: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  doneAt: z.string().nullable(), createdAt: z.string(),
});
export type TaskView = z.infer<typeof TaskView>;

export const CASE_EVENT_KINDS = [
  'created', 'updated', 'status_changed', 'assigned', 'contact_linked', 'risk_assessed', 'merged_in', 'merged_into',
  'task_added', 'task_done', 'task_reopened', 'safety_plan_updated', 'persons_updated',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];
export const CaseEventView = z.object({
  at: z.string(), kind: z.enum(CASE_EVENT_KINDS), actor: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  detail: z.string().nullable(),
});
export type CaseEventView = z.infer<typeof CaseEventView>;

const userRef = z.object({ id: z.string(), displayName: z.string() });

/** A case in a list: no names, no free text. */
export const CaseSummary = z.object({
  id: z.string(),
  code: z.string(),
  status: z.enum(CASE_STATUSES),
  riskLevel: z.enum(RISK_LEVELS),
  consentLevel: z.enum(CONSENT_LEVELS),
  province: z.enum(PROVINCES).nullable(),
  exploitationTypes: z.array(z.enum(EXPLOITATION_TYPES)),
  minorsInvolved: z.boolean(),
  assignedTo: userRef.nullable(),
  openedAt: z.string(),
  updatedAt: z.string(),
  /** Set on a case merged into another: where its story continues. */
  mergedInto: z.object({ id: z.string(), code: z.string() }).nullable(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseView = CaseSummary.extend({
  version: z.number().int(),
  labourSector: z.enum(LABOUR_SECTORS).nullable(),
  peopleCount: z.number().int().nullable(),
  persons: z.array(PersonView),
  safetyPlan: SafetyPlan,
  notes: z.string(),
  contacts: z.array(z.object({ id: z.string(), startedAt: z.string(), language: z.string().nullable(), riskLevel: z.enum(RISK_LEVELS) })),
  assessments: z.array(z.object({
    at: z.string(), contactId: z.string().nullable(), level: z.enum(RISK_LEVELS), computed: z.enum(RISK_LEVELS), overridden: z.boolean(),
    scoringVersion: z.string(), by: userRef.nullable(),
  })),
  tasks: z.array(TaskView),
  events: z.array(CaseEventView),
  mergedFrom: z.array(z.object({ id: z.string(), code: z.string() })),
});
export type CaseView = z.infer<typeof CaseView>;

export const CaseSearch = z.object({
  /** A case code (exact), or the start of a pseudonym or alias. */
  q: z.string().trim().max(60).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  risk: z.enum(RISK_LEVELS).optional(),
  province: z.enum(PROVINCES).optional(),
  exploitation: z.enum(EXPLOITATION_TYPES).optional(),
  assignedTo: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type CaseSearch = z.input<typeof CaseSearch>;
export const CaseList = z.object({ items: z.array(CaseSummary), next: z.string().optional() });
export type CaseList = z.infer<typeof CaseList>;
