import { z } from 'zod';
import { LANGUAGES } from './enums.js';
import {
  ANSWER_SOURCES, ASSESSED_LEVELS, AnswerSchema, DANGER_QUESTIONS, EXPLOITATION_TYPES, LABOUR_SECTORS, RISK_LEVELS,
  RiskReason, SEXUAL_SETTINGS,
} from './risk.js';

// The phone triage form (shared/reference/domain-italy.md §9) an operator fills while talking.
// Structured fields first; the little free text there is travels apart and is encrypted at rest.

/** Italian provinces by their two-letter sigla: a place, never an address. */
export const PROVINCES = [
  'AG', 'AL', 'AN', 'AO', 'AP', 'AQ', 'AR', 'AT', 'AV', 'BA', 'BG', 'BI', 'BL', 'BN', 'BO', 'BR', 'BS', 'BT', 'BZ', 'CA',
  'CB', 'CE', 'CH', 'CL', 'CN', 'CO', 'CR', 'CS', 'CT', 'CZ', 'EN', 'FC', 'FE', 'FG', 'FI', 'FM', 'FR', 'GE', 'GO', 'GR',
  'IM', 'IS', 'KR', 'LC', 'LE', 'LI', 'LO', 'LT', 'LU', 'MB', 'MC', 'ME', 'MI', 'MN', 'MO', 'MS', 'MT', 'NA', 'NO', 'NU',
  'OR', 'PA', 'PC', 'PD', 'PE', 'PG', 'PI', 'PN', 'PO', 'PR', 'PT', 'PU', 'PV', 'PZ', 'RA', 'RC', 'RE', 'RG', 'RI', 'RM',
  'RN', 'RO', 'SA', 'SI', 'SO', 'SP', 'SR', 'SS', 'SU', 'SV', 'TA', 'TE', 'TN', 'TO', 'TP', 'TR', 'TS', 'TV', 'UD', 'VA',
  'VB', 'VC', 'VE', 'VI', 'VR', 'VT', 'VV',
] as const;
export type Province = (typeof PROVINCES)[number];

export const CONSENT_LEVELS = ['SHARE', 'CONFIDENTIAL', 'ANONYMOUS'] as const;
export type ConsentLevel = (typeof CONSENT_LEVELS)[number];

export const AGE_BANDS = ['UNDER_14', '14_17', '18_24', '25_34', '35_49', '50_PLUS', 'UNKNOWN'] as const;
export const GENDERS = ['F', 'M', 'TRANS', 'NON_BINARY', 'UNKNOWN'] as const;
export const DURATIONS = ['UNDER_1_MONTH', '1_6_MONTHS', '6_12_MONTHS', 'OVER_1_YEAR', 'UNKNOWN'] as const;
export const EXIT_WISHES = ['NOW', 'LATER', 'INFO_ONLY', 'UNDECIDED'] as const;
/** What a referral would need (§4, §9 Step 5). */
export const NEEDS = [
  'ACCOMMODATION_TONIGHT', 'PROTECTED_SHELTER', 'MEDICAL', 'MENTAL_HEALTH', 'ADDICTION', 'DISABILITY', 'PREGNANCY',
  'CHILDREN_WITH_THEM', 'LEGAL_ADVICE', 'DOCUMENTS', 'ASYLUM_INTERVIEW', 'INTERPRETER', 'FOOD_MONEY', 'TRANSPORT',
  'FAR_FROM_EXPLOITERS',
] as const;

const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO country code');
const set = <T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.enum(values)).max(values.length).refine((v) => new Set(v).size === v.length, 'no repeats');

const danger = z.object(Object.fromEntries(DANGER_QUESTIONS.map((q) => [q, AnswerSchema.default('NOT_ASKED')])) as
  Record<(typeof DANGER_QUESTIONS)[number], z.ZodDefault<typeof AnswerSchema>>);

export const IntakeAnswers = z.object({
  /** Step 0: the opening safety check. */
  safety: z.object({ safeToTalk: AnswerSchema.default('NOT_ASKED'), speakFreely: AnswerSchema.default('NOT_ASKED') }).prefault({}),
  /** Step 1: any YES means IMMEDIATE. */
  danger: danger.prefault({}),
  /** Step 3. */
  situation: z.object({
    exploitationTypes: set(EXPLOITATION_TYPES).default([]),
    labourSector: z.enum(LABOUR_SECTORS).nullable().default(null),
    sexualSetting: z.enum(SEXUAL_SETTINGS).nullable().default(null),
    province: z.enum(PROVINCES).nullable().default(null),
    howLong: z.enum(DURATIONS).nullable().default(null),
    peopleCount: z.number().int().min(1).max(10000).nullable().default(null),
    minorsInvolved: AnswerSchema.default('NOT_ASKED'),
    recruitmentCountry: country.nullable().default(null),
    retaliationRisk: AnswerSchema.default('NOT_ASKED'),
  }).prefault({}),
  /** The person the call is about (the caller, or whom they call about). */
  person: z.object({
    ageBand: z.enum(AGE_BANDS).nullable().default(null),
    isMinor: AnswerSchema.default('NOT_ASKED'),
    gender: z.enum(GENDERS).nullable().default(null),
    nationality: country.nullable().default(null),
    languages: set(LANGUAGES).default([]),
  }).prefault({}),
  /** Step 4: indicator code → answer, and whether the person said it themselves. */
  indicators: z.record(z.string().regex(/^[A-Z0-9_]{2,40}$/), z.object({ answer: AnswerSchema, source: z.enum(ANSWER_SOURCES) }))
    .refine((r) => Object.keys(r).length <= 200, 'too many indicators').default({}),
  /** Step 5. */
  needs: set(NEEDS).default([]),
  /** Step 6. */
  wishes: z.object({
    exit: z.enum(EXIT_WISHES).nullable().default(null),
    accommodation: AnswerSchema.default('NOT_ASKED'),
    talkToPolice: AnswerSchema.default('NOT_ASKED'),
    consentLevel: z.enum(CONSENT_LEVELS).nullable().default(null),
    callbackAllowed: AnswerSchema.default('NOT_ASKED'),
  }).prefault({}),
  /** Step 8: when to call again (ISO time), if agreed. */
  followUp: z.object({ nextContactAt: z.iso.datetime({ offset: true }).nullable().default(null) }).prefault({}),
});
export type IntakeAnswers = z.infer<typeof IntakeAnswers>;

export const FREE_TEXT_MAX = 2000;
/** Free text where nothing structured fits: encrypted at rest, never logged, never exported unless asked. */
export const IntakeFreeText = z.object({
  safety: z.string().max(FREE_TEXT_MAX).default(''),
  situation: z.string().max(FREE_TEXT_MAX).default(''),
  needs: z.string().max(FREE_TEXT_MAX).default(''),
  followUp: z.string().max(FREE_TEXT_MAX).default(''),
});
export type IntakeFreeText = z.infer<typeof IntakeFreeText>;

/** The operator's own judgement of the risk, over the computed one; the reason is required. */
export const RiskOverride = z.object({ level: z.enum(ASSESSED_LEVELS), reason: z.string().trim().min(3).max(500) });
export type RiskOverride = z.infer<typeof RiskOverride>;

/**
 * `PUT /api/contacts/:contactId/intake`: the whole draft, saved every few seconds. `version` is the
 * version the console last read: if someone saved since, the answer is 409 and nothing is written.
 */
export const IntakeSave = z.object({
  version: z.number().int().min(0),
  answers: IntakeAnswers,
  freeText: IntakeFreeText.prefault({}),
  override: RiskOverride.nullable().default(null),
});
export type IntakeSave = z.input<typeof IntakeSave>;

export const RiskView = z.object({
  level: z.enum(RISK_LEVELS),
  computed: z.enum(RISK_LEVELS),
  reasons: z.array(RiskReason),
  score: z.number().int(),
  override: RiskOverride.nullable(),
  scoringVersion: z.string(),
  catalogueVersion: z.number().int(),
});
export type RiskView = z.infer<typeof RiskView>;

export const IntakeView = z.object({
  contactId: z.string(),
  /** 0: nothing saved yet. */
  version: z.number().int(),
  answers: IntakeAnswers,
  freeText: IntakeFreeText,
  risk: RiskView,
  savedAt: z.string().nullable(),
  savedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  caseId: z.string().nullable(),
  /** Whether this reader may save it (whoever answered the call, supervisors); others read it through the case. */
  editable: z.boolean(),
});
export type IntakeView = z.infer<typeof IntakeView>;

/** `POST /api/risk/score`: the level the answers would give, as they change; nothing is stored. */
export const RiskPreview = z.object({ answers: IntakeAnswers });
export type RiskPreview = z.input<typeof RiskPreview>;

/** An IMMEDIATE assessment, sent to every supervisor online until one acknowledges it. */
export const RiskAlert = z.object({
  id: z.string(),
  contactId: z.string(),
  raisedAt: z.string(),
  operator: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  reasons: z.array(RiskReason),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  /** Set when the level came down before anyone acknowledged: the alert stood down. */
  withdrawnAt: z.string().nullable(),
});
export type RiskAlert = z.infer<typeof RiskAlert>;
export const RiskAlertParams = z.object({ alertId: z.uuid() });
/** `GET /api/risk/alerts`: open alerts, oldest first. */
export const RiskAlertList = z.object({ items: z.array(RiskAlert) });
