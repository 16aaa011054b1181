import { z } from 'zod';

// Risk assessment on the phone (shared/reference/domain-italy.md §3, §8, §9): the answers the scoring
// reads, the indicator catalogue's shape, and what the scoring returns. Shared with the console.

export const ANSWERS = ['YES', 'NO', 'UNKNOWN', 'NOT_ASKED'] as const;
export type Answer = (typeof ANSWERS)[number];
export const AnswerSchema = z.enum(ANSWERS);

/** Whether the person concerned said it, or the caller reports it about them. Both count the same. */
export const ANSWER_SOURCES = ['SELF', 'THIRD_PARTY'] as const;
export type AnswerSource = (typeof ANSWER_SOURCES)[number];

export const RISK_LEVELS = ['IMMEDIATE', 'HIGH', 'MEDIUM', 'LOW', 'NOT_ASSESSED'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** What an operator's override may choose: never "not assessed". */
export const ASSESSED_LEVELS = ['IMMEDIATE', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type AssessedLevel = (typeof ASSESSED_LEVELS)[number];

/** §9 Step 1, in its order: any YES means IMMEDIATE. */
export const DANGER_QUESTIONS = [
  'HARM_NOW_OR_WEAPON', 'LOCKED_IN', 'EXPLOITER_NEARBY', 'INJURED_ILL_OR_SELF_HARM', 'MINOR_INVOLVED_NOW',
  'DEATH_THREAT_OR_RECENT_VIOLENCE',
] as const;
export type DangerQuestion = (typeof DANGER_QUESTIONS)[number];

/** The six ILO/EC Delphi dimensions (§3.2), then the Italian art. 603-bis c.p. indices. */
export const INDICATOR_DIMENSIONS = [
  'DECEPTIVE_RECRUITMENT', 'COERCIVE_RECRUITMENT', 'VULNERABILITY_RECRUITMENT', 'EXPLOITATIVE_CONDITIONS',
  'COERCION_DESTINATION', 'VULNERABILITY_DESTINATION', 'IT_603BIS_INDEX',
] as const;
export type Dimension = (typeof INDICATOR_DIMENSIONS)[number];

export const GRADES = ['STRONG', 'MEDIUM', 'WEAK'] as const;
export type Grade = (typeof GRADES)[number];

/** Which forms of exploitation an indicator is asked about. */
export const APPLIES_TO = ['ALL', 'LABOUR', 'SEXUAL'] as const;
export type AppliesTo = (typeof APPLIES_TO)[number];

export const EXPLOITATION_TYPES = [
  'SEXUAL', 'LABOUR', 'DOMESTIC_SERVITUDE', 'FORCED_BEGGING', 'FORCED_CRIMINALITY', 'ORGAN_REMOVAL', 'FORCED_MARRIAGE',
  'ILLEGAL_ADOPTION', 'SURROGACY_EXPLOITATION', 'MULTIPLE', 'UNKNOWN',
] as const;
export type ExploitationType = (typeof EXPLOITATION_TYPES)[number];

export const LABOUR_SECTORS = [
  'AGRICULTURE', 'CONSTRUCTION', 'TEXTILE_MANUFACTURING', 'DOMESTIC_CARE', 'HOSPITALITY_CATERING', 'LOGISTICS', 'RETAIL',
  'OTHER',
] as const;
export type LabourSector = (typeof LABOUR_SECTORS)[number];

export const SEXUAL_SETTINGS = ['STREET', 'INDOOR', 'CLUB', 'ONLINE'] as const;
export type SexualSetting = (typeof SEXUAL_SETTINGS)[number];

/** Why the scoring chose a level (§9 Step 7), most serious first. */
export const RISK_RULES = [
  'DANGER_SCREEN', 'MINOR_INVOLVED', 'TRAFFICKING_PATTERN', 'STRONG_COERCION', 'RETALIATION_RISK', 'DIMENSION_POSITIVE',
  'INDEX_603BIS_WITH_VULNERABILITY', 'NO_POSITIVE_DIMENSION',
] as const;
export type RiskRule = (typeof RISK_RULES)[number];

export const IndicatorCode = z.string().regex(/^[A-Z0-9_]{2,40}$/, 'capitals, digits and _');
const Text = (max: number) => z.object({ it: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });
const GradeSchema = z.enum(GRADES).nullable();

/**
 * One indicator of the catalogue. A null grade: the indicator does not count for that age group.
 * The 603-bis indices carry no Delphi grade: they count only through their own rule.
 */
export const IndicatorDefinition = z.object({
  code: IndicatorCode,
  dimension: z.enum(INDICATOR_DIMENSIONS),
  gradeAdult: GradeSchema,
  gradeChild: GradeSchema,
  appliesTo: z.enum(APPLIES_TO),
  label: Text(120),
  /** Plain words an operator reads out on the phone. */
  question: Text(400),
  source: z.string().trim().min(1).max(120),
}).refine((d) => d.dimension !== 'IT_603BIS_INDEX' || (d.gradeAdult === null && d.gradeChild === null),
  { message: 'a 603-bis index has no grade', path: ['gradeAdult'] });
export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>;

export const IndicatorAnswer = z.object({ answer: AnswerSchema, source: z.enum(ANSWER_SOURCES) });
export type IndicatorAnswer = z.infer<typeof IndicatorAnswer>;

export const DangerAnswers = z.object(Object.fromEntries(DANGER_QUESTIONS.map((q) => [q, AnswerSchema.default('NOT_ASKED')])) as
  Record<DangerQuestion, z.ZodDefault<typeof AnswerSchema>>);
export type DangerAnswers = z.infer<typeof DangerAnswers>;

/** What the scoring reads; anything left out was not asked. */
export const RiskInput = z.object({
  danger: DangerAnswers.prefault({}),
  /** The person concerned is under 18, or a minor is involved (not necessarily now). */
  minor: AnswerSchema.default('NOT_ASKED'),
  /** Risk of retaliation after escape or a complaint. */
  retaliationRisk: AnswerSchema.default('NOT_ASKED'),
  exploitationTypes: z.array(z.enum(EXPLOITATION_TYPES)).max(EXPLOITATION_TYPES.length).default([]),
  /** Indicator code → answer. Codes the catalogue does not know are ignored. */
  indicators: z.record(IndicatorCode, IndicatorAnswer)
    .refine((r) => Object.keys(r).length <= 200, 'too many indicators').default({}),
});
export type RiskInput = z.infer<typeof RiskInput>;

export const RiskReason = z.object({
  rule: z.enum(RISK_RULES),
  dimension: z.enum(INDICATOR_DIMENSIONS).optional(),
  indicators: z.array(z.string()).optional(),
  questions: z.array(z.enum(DANGER_QUESTIONS)).optional(),
});
export type RiskReason = z.infer<typeof RiskReason>;

export const DimensionResult = z.object({
  positive: z.boolean(),
  strong: z.number().int().min(0),
  medium: z.number().int().min(0),
  weak: z.number().int().min(0),
});
export type DimensionResult = z.infer<typeof DimensionResult>;

export const RiskResult = z.object({
  level: z.enum(RISK_LEVELS),
  reasons: z.array(RiskReason),
  /** Ranks cases only: S=3, M=2, W=1 over the YES indicators that count. */
  score: z.number().int().min(0),
  dimensions: z.record(z.enum(INDICATOR_DIMENSIONS), DimensionResult),
  scoringVersion: z.string(),
});
export type RiskResult = z.infer<typeof RiskResult>;

/** `POST /api/risk/score`: the result, and the catalogue version it was scored with. */
export const RiskPreviewResult = RiskResult.extend({ catalogueVersion: z.number().int() });
export type RiskPreviewResult = z.infer<typeof RiskPreviewResult>;

/** `GET /api/indicators` (and `/api/indicators/:version`): one published version of the catalogue. */
export const IndicatorCatalogue = z.object({ version: z.number().int(), indicators: z.array(IndicatorDefinition) });
export type IndicatorCatalogue = z.infer<typeof IndicatorCatalogue>;

/** `PUT /api/indicators` (admins): the whole catalogue, and the version it was edited from. */
export const CataloguePublish = z.object({ version: z.number().int().min(1), indicators: z.array(IndicatorDefinition).min(1).max(200) });
export type CataloguePublish = z.infer<typeof CataloguePublish>;

// ——— Labels ———
// One flat map per language, keyed by enum value. A value shared by two enums (MEDIUM, UNKNOWN,
// LABOUR, SEXUAL) has one label that reads right in both.

type LabelKey = Answer | AnswerSource | RiskLevel | DangerQuestion | Dimension | Grade | AppliesTo | ExploitationType
  | LabourSector | SexualSetting | RiskRule;

const it = {
  YES: 'Sì',
  NO: 'No',
  UNKNOWN: 'Non noto',
  NOT_ASKED: 'Non chiesto',
  SELF: 'Riferito dalla persona',
  THIRD_PARTY: 'Riferito da altri',
  IMMEDIATE: 'Pericolo immediato',
  HIGH: 'Alto',
  MEDIUM: 'Medio',
  LOW: 'Basso',
  NOT_ASSESSED: 'Non valutato',
  HARM_NOW_OR_WEAPON: 'Qualcuno rischia di essere ferito adesso, o c’è un’arma?',
  LOCKED_IN: 'Sei chiuso dentro, o non puoi andartene in nessun modo?',
  EXPLOITER_NEARBY: 'Chi ti sfrutta è lì con te o qui vicino, adesso?',
  INJURED_ILL_OR_SELF_HARM: 'Qualcuno è ferito o sta male e ha bisogno subito di un medico? Hai pensieri di farti del male?',
  MINOR_INVOLVED_NOW: 'In questa situazione, adesso, c’è una persona con meno di 18 anni?',
  DEATH_THREAT_OR_RECENT_VIOLENCE: 'Ti hanno minacciato di morte, o ci sono state violenze nelle ultime 48 ore?',
  DECEPTIVE_RECRUITMENT: 'Reclutamento ingannevole',
  COERCIVE_RECRUITMENT: 'Reclutamento coercitivo',
  VULNERABILITY_RECRUITMENT: 'Abuso di vulnerabilità nel reclutamento',
  EXPLOITATIVE_CONDITIONS: 'Condizioni di sfruttamento',
  COERCION_DESTINATION: 'Coercizione a destinazione',
  VULNERABILITY_DESTINATION: 'Abuso di vulnerabilità a destinazione',
  IT_603BIS_INDEX: 'Indici di sfruttamento lavorativo (art. 603-bis c.p.)',
  STRONG: 'Forte',
  WEAK: 'Debole',
  ALL: 'Tutte le forme',
  SEXUAL: 'Sfruttamento sessuale',
  LABOUR: 'Sfruttamento lavorativo',
  DOMESTIC_SERVITUDE: 'Servitù domestica',
  FORCED_BEGGING: 'Accattonaggio forzato',
  FORCED_CRIMINALITY: 'Economie illegali forzate',
  ORGAN_REMOVAL: 'Prelievo di organi',
  FORCED_MARRIAGE: 'Matrimonio forzato',
  ILLEGAL_ADOPTION: 'Adozione illegale',
  SURROGACY_EXPLOITATION: 'Sfruttamento nella gestazione per altri',
  MULTIPLE: 'Più forme',
  AGRICULTURE: 'Agricoltura',
  CONSTRUCTION: 'Edilizia',
  TEXTILE_MANUFACTURING: 'Tessile e manifattura',
  DOMESTIC_CARE: 'Lavoro domestico e di cura',
  HOSPITALITY_CATERING: 'Turismo e ristorazione',
  LOGISTICS: 'Logistica',
  RETAIL: 'Commercio',
  OTHER: 'Altro settore',
  STREET: 'Strada',
  INDOOR: 'Al chiuso (appartamenti)',
  CLUB: 'Locali notturni',
  ONLINE: 'Online',
  DANGER_SCREEN: 'Almeno un sì nelle domande sul pericolo immediato.',
  MINOR_INVOLVED: 'È coinvolta una persona minorenne.',
  TRAFFICKING_PATTERN: 'Il quadro della tratta è completo: reclutamento, sfruttamento e controllo (per un minore bastano sfruttamento o coercizione).',
  STRONG_COERCION: 'Due o più indicatori forti di coercizione a destinazione.',
  RETALIATION_RISK: 'Rischio di ritorsioni dopo la fuga o la denuncia.',
  DIMENSION_POSITIVE: 'Una dimensione di indicatori è positiva.',
  INDEX_603BIS_WITH_VULNERABILITY: 'Un indice dell’art. 603-bis c.p. insieme a una condizione di vulnerabilità.',
  NO_POSITIVE_DIMENSION: 'Nessuna dimensione di indicatori è positiva.',
} satisfies Record<LabelKey, string>;

const en = {
  YES: 'Yes',
  NO: 'No',
  UNKNOWN: 'Unknown',
  NOT_ASKED: 'Not asked',
  SELF: 'Said by the person',
  THIRD_PARTY: 'Reported by someone else',
  IMMEDIATE: 'Immediate danger',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
  NOT_ASSESSED: 'Not assessed',
  HARM_NOW_OR_WEAPON: 'Is anyone in danger of being hurt right now, or is there a weapon?',
  LOCKED_IN: 'Are you locked in, or unable to leave at all?',
  EXPLOITER_NEARBY: 'Is the person exploiting you with you or nearby right now?',
  INJURED_ILL_OR_SELF_HARM: 'Is anyone injured or ill and needing a doctor now? Are you having thoughts of harming yourself?',
  MINOR_INVOLVED_NOW: 'Is a person under 18 involved in the situation right now?',
  DEATH_THREAT_OR_RECENT_VIOLENCE: 'Have you been threatened with death, or has there been violence in the last 48 hours?',
  DECEPTIVE_RECRUITMENT: 'Deceptive recruitment',
  COERCIVE_RECRUITMENT: 'Coercive recruitment',
  VULNERABILITY_RECRUITMENT: 'Abuse of vulnerability at recruitment',
  EXPLOITATIVE_CONDITIONS: 'Exploitative conditions',
  COERCION_DESTINATION: 'Coercion at destination',
  VULNERABILITY_DESTINATION: 'Abuse of vulnerability at destination',
  IT_603BIS_INDEX: 'Labour exploitation indices (Italian Criminal Code art. 603-bis)',
  STRONG: 'Strong',
  WEAK: 'Weak',
  ALL: 'All forms',
  SEXUAL: 'Sexual exploitation',
  LABOUR: 'Labour exploitation',
  DOMESTIC_SERVITUDE: 'Domestic servitude',
  FORCED_BEGGING: 'Forced begging',
  FORCED_CRIMINALITY: 'Forced criminality',
  ORGAN_REMOVAL: 'Organ removal',
  FORCED_MARRIAGE: 'Forced marriage',
  ILLEGAL_ADOPTION: 'Illegal adoption',
  SURROGACY_EXPLOITATION: 'Exploitation in surrogacy',
  MULTIPLE: 'Multiple forms',
  AGRICULTURE: 'Agriculture',
  CONSTRUCTION: 'Construction',
  TEXTILE_MANUFACTURING: 'Textiles and manufacturing',
  DOMESTIC_CARE: 'Domestic and care work',
  HOSPITALITY_CATERING: 'Hospitality and catering',
  LOGISTICS: 'Logistics',
  RETAIL: 'Retail',
  OTHER: 'Other sector',
  STREET: 'Street',
  INDOOR: 'Indoor (flats)',
  CLUB: 'Clubs',
  ONLINE: 'Online',
  DANGER_SCREEN: 'At least one yes in the immediate danger questions.',
  MINOR_INVOLVED: 'A minor is involved.',
  TRAFFICKING_PATTERN: 'The trafficking pattern is met: recruitment, exploitation and control (for a child, exploitation or coercion is enough).',
  STRONG_COERCION: 'Two or more strong indicators of coercion at destination.',
  RETALIATION_RISK: 'Risk of retaliation after escape or a complaint.',
  DIMENSION_POSITIVE: 'An indicator dimension is positive.',
  INDEX_603BIS_WITH_VULNERABILITY: 'An art. 603-bis index together with a vulnerability.',
  NO_POSITIVE_DIMENSION: 'No indicator dimension is positive.',
} satisfies Record<LabelKey, string>;

export const RISK_LABELS: { it: Record<string, string>; en: Record<string, string> } = { it, en };
