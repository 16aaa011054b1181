import {
  DANGER_QUESTIONS, INDICATOR_DIMENSIONS,
  type Dimension, type ExploitationType, type Grade, type IndicatorDefinition, type RiskInput, type RiskLevel, type RiskReason, type RiskResult,
} from '../contracts/risk.js';

/**
 * The rules' version: stored with every assessment, so an old assessment keeps the meaning it had.
 * Change it whenever a rule below changes.
 */
export const SCORING_VERSION = 'r1-2026-11';

// Exploitation types an indicator written for labour (or for sexual exploitation) applies to. No
// type given yet, or UNKNOWN / MULTIPLE: every indicator counts.
const LABOUR_LIKE = new Set<ExploitationType>(['LABOUR', 'DOMESTIC_SERVITUDE', 'FORCED_BEGGING', 'FORCED_CRIMINALITY', 'MULTIPLE', 'UNKNOWN']);
const SEXUAL_LIKE = new Set<ExploitationType>(['SEXUAL', 'MULTIPLE', 'UNKNOWN']);
const RECRUITMENT: Dimension[] = ['DECEPTIVE_RECRUITMENT', 'COERCIVE_RECRUITMENT', 'VULNERABILITY_RECRUITMENT'];
const DESTINATION: Dimension[] = ['COERCION_DESTINATION', 'VULNERABILITY_DESTINATION'];
const VULNERABILITY: Dimension[] = ['VULNERABILITY_RECRUITMENT', 'VULNERABILITY_DESTINATION'];
const POINTS: Record<Grade, number> = { STRONG: 3, MEDIUM: 2, WEAK: 1 };

interface Counted { code: string; dimension: Dimension; grade: Grade | null }

function applies(def: IndicatorDefinition, types: readonly ExploitationType[]): boolean {
  if (def.appliesTo === 'ALL' || types.length === 0) return true;
  const like = def.appliesTo === 'LABOUR' ? LABOUR_LIKE : SEXUAL_LIKE;
  return types.some((t) => like.has(t));
}

/** §3.2 combination rule: ≥2 strong, or 1 strong + 1 medium/weak, or 3 medium, or 2 medium + 1 weak. */
function positive(strong: number, medium: number, weak: number): boolean {
  return strong >= 2 || (strong === 1 && medium + weak >= 1) || medium >= 3 || (medium === 2 && weak >= 1);
}

/**
 * The phone triage's risk level (domain-italy.md §9 Step 7) from the danger screen and the
 * indicators answered YES, with the reasons that produced it, most serious first. Pure: the same
 * answers and catalogue always give the same result.
 */
export function scoreRisk(input: RiskInput, catalogue: readonly IndicatorDefinition[]): RiskResult {
  const child = input.minor === 'YES' || input.danger.MINOR_INVOLVED_NOW === 'YES';
  const byCode = new Map(catalogue.map((d) => [d.code, d]));

  // Only YES counts, whoever said it; an unknown code, or one that does not apply, is ignored.
  const yes: Counted[] = [];
  for (const [code, a] of Object.entries(input.indicators)) {
    const def = byCode.get(code);
    if (!def || a.answer !== 'YES' || !applies(def, input.exploitationTypes)) continue;
    const grade = child ? def.gradeChild : def.gradeAdult;
    // No grade for this age group: the sign does not count (the 603-bis indices have their own rule).
    if (grade === null && def.dimension !== 'IT_603BIS_INDEX') continue;
    yes.push({ code, dimension: def.dimension, grade });
  }

  const dimensions = Object.fromEntries(INDICATOR_DIMENSIONS.map((d) => {
    const graded = yes.filter((c) => c.dimension === d);
    const n = (g: Grade) => graded.filter((c) => c.grade === g).length;
    // The 603-bis indices have no grade: one YES is enough for them to count.
    const isPositive = d === 'IT_603BIS_INDEX' ? graded.length > 0 : positive(n('STRONG'), n('MEDIUM'), n('WEAK'));
    return [d, { positive: isPositive, strong: n('STRONG'), medium: n('MEDIUM'), weak: n('WEAK') }];
  })) as RiskResult['dimensions'];
  const pos = (d: Dimension) => dimensions[d].positive;
  const codes = (pred: (c: Counted) => boolean) => yes.filter(pred).map((c) => c.code).sort();
  const score = yes.reduce((s, c) => s + (c.grade ? POINTS[c.grade] : 0), 0);

  // Step 1: any YES on the danger screen.
  const dangerYes = DANGER_QUESTIONS.filter((q) => input.danger[q] === 'YES');
  const immediate: RiskReason[] = dangerYes.length ? [{ rule: 'DANGER_SCREEN', questions: dangerYes }] : [];

  const high: RiskReason[] = [];
  // HIGH: a minor involved (not in danger now).
  if (child) high.push({ rule: 'MINOR_INVOLVED' });
  // HIGH: the trafficking pattern. Adults: recruitment AND exploitation AND coercion or vulnerability
  // at destination (§3.2). Children: the means are not required (Palermo art. 3(c)).
  const pattern = child
    ? pos('EXPLOITATIVE_CONDITIONS') || pos('COERCION_DESTINATION')
    : RECRUITMENT.some(pos) && pos('EXPLOITATIVE_CONDITIONS') && DESTINATION.some(pos);
  if (pattern) high.push({ rule: 'TRAFFICKING_PATTERN' });
  // HIGH: two or more strong signs of coercion at destination (documents, debt, confinement, violence).
  const strongCoercion = codes((c) => c.dimension === 'COERCION_DESTINATION' && c.grade === 'STRONG');
  if (strongCoercion.length >= 2) high.push({ rule: 'STRONG_COERCION', indicators: strongCoercion });
  // HIGH: retaliation feared after an escape or a complaint.
  if (input.retaliationRisk === 'YES') high.push({ rule: 'RETALIATION_RISK' });

  const medium: RiskReason[] = [];
  // MEDIUM: any positive dimension…
  for (const d of INDICATOR_DIMENSIONS) {
    if (d !== 'IT_603BIS_INDEX' && pos(d)) medium.push({ rule: 'DIMENSION_POSITIVE', dimension: d, indicators: codes((c) => c.dimension === d) });
  }
  // …or a 603-bis index together with a sign of vulnerability.
  const vulnerable = codes((c) => VULNERABILITY.includes(c.dimension));
  if (pos('IT_603BIS_INDEX') && vulnerable.length > 0) {
    medium.push({ rule: 'INDEX_603BIS_WITH_VULNERABILITY', indicators: [...codes((c) => c.dimension === 'IT_603BIS_INDEX'), ...vulnerable] });
  }

  const reasons = [...immediate, ...high, ...medium];
  let level: RiskLevel = immediate.length ? 'IMMEDIATE' : high.length ? 'HIGH' : medium.length ? 'MEDIUM' : 'LOW';
  if (level === 'LOW') {
    const nothingAnswered = DANGER_QUESTIONS.every((q) => input.danger[q] === 'NOT_ASKED') && input.minor === 'NOT_ASKED'
      && input.retaliationRisk === 'NOT_ASKED' && Object.values(input.indicators).every((a) => a.answer === 'NOT_ASKED');
    if (nothingAnswered) level = 'NOT_ASSESSED';
    else reasons.push({ rule: 'NO_POSITIVE_DIMENSION' });
  }
  return { level, reasons, score, dimensions, scoringVersion: SCORING_VERSION };
}
