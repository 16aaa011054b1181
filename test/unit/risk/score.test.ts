import { expect } from 'chai';
import { z } from 'zod';
import {
  ANSWER_SOURCES, ANSWERS, APPLIES_TO, DANGER_QUESTIONS, EXPLOITATION_TYPES, GRADES, INDICATOR_DIMENSIONS, IndicatorDefinition,
  LABOUR_SECTORS, RISK_LABELS, RISK_LEVELS, RISK_RULES, RiskInput, SEXUAL_SETTINGS,
  type Answer, type AppliesTo, type DangerQuestion, type Dimension, type ExploitationType, type Grade, type RiskLevel,
  type RiskReason, type RiskRule,
} from '../../../server/contracts/risk.js';
import { DEFAULT_INDICATORS } from '../../../server/risk/catalogue.js';
import { SCORING_VERSION, scoreRisk } from '../../../server/risk/score.js';

// Written from the rules (domain-italy.md §3.2 and §9 Step 7), not from the code. A small catalogue
// of its own, so that editing the default catalogue never moves this table.

const def = (code: string, dimension: Dimension, gradeAdult: Grade | null, gradeChild: Grade | null, appliesTo: AppliesTo = 'ALL'): IndicatorDefinition =>
  ({ code, dimension, gradeAdult, gradeChild, appliesTo, label: { it: code, en: code }, question: { it: code, en: code }, source: 'test' });

const CATALOGUE: IndicatorDefinition[] = [
  def('DEC_S', 'DECEPTIVE_RECRUITMENT', 'STRONG', 'STRONG'),
  def('DEC_M', 'DECEPTIVE_RECRUITMENT', 'MEDIUM', 'MEDIUM'),
  def('COR_S', 'COERCIVE_RECRUITMENT', 'STRONG', 'STRONG'),
  def('COR_M', 'COERCIVE_RECRUITMENT', 'MEDIUM', 'MEDIUM'),
  def('VREC_M1', 'VULNERABILITY_RECRUITMENT', 'MEDIUM', 'MEDIUM'),
  def('VREC_M2', 'VULNERABILITY_RECRUITMENT', 'MEDIUM', 'MEDIUM'),
  def('VREC_M3', 'VULNERABILITY_RECRUITMENT', 'MEDIUM', 'MEDIUM'),
  def('EXP_S1', 'EXPLOITATIVE_CONDITIONS', 'STRONG', 'STRONG'),
  def('EXP_S2', 'EXPLOITATIVE_CONDITIONS', 'STRONG', 'STRONG'),
  def('EXP_M1', 'EXPLOITATIVE_CONDITIONS', 'MEDIUM', 'MEDIUM'),
  def('EXP_M2', 'EXPLOITATIVE_CONDITIONS', 'MEDIUM', 'MEDIUM'),
  def('EXP_M3', 'EXPLOITATIVE_CONDITIONS', 'MEDIUM', 'MEDIUM'),
  def('EXP_W1', 'EXPLOITATIVE_CONDITIONS', 'WEAK', 'WEAK'),
  def('EXP_W2', 'EXPLOITATIVE_CONDITIONS', 'WEAK', 'WEAK'),
  def('EXP_LAB_M', 'EXPLOITATIVE_CONDITIONS', 'MEDIUM', 'MEDIUM', 'LABOUR'),
  def('EXP_SEX_M', 'EXPLOITATIVE_CONDITIONS', 'MEDIUM', 'MEDIUM', 'SEXUAL'),
  def('DST_S1', 'COERCION_DESTINATION', 'STRONG', 'STRONG'),
  def('DST_S2', 'COERCION_DESTINATION', 'STRONG', 'STRONG'),
  def('DST_M', 'COERCION_DESTINATION', 'MEDIUM', 'MEDIUM'),
  /** Like threats or forced clients: medium for an adult, strong for a child. */
  def('DST_M_CHILD_S', 'COERCION_DESTINATION', 'MEDIUM', 'STRONG'),
  /** Counts for children only. */
  def('DST_CHILD_ONLY', 'COERCION_DESTINATION', null, 'STRONG'),
  /** Counts for adults only. */
  def('DST_ADULT_ONLY', 'COERCION_DESTINATION', 'STRONG', null),
  def('VDST_M1', 'VULNERABILITY_DESTINATION', 'MEDIUM', 'MEDIUM'),
  def('VDST_M2', 'VULNERABILITY_DESTINATION', 'MEDIUM', 'MEDIUM'),
  def('VDST_W', 'VULNERABILITY_DESTINATION', 'WEAK', 'WEAK'),
  /** A vulnerability that counts for children only. */
  def('VDST_CHILD_ONLY', 'VULNERABILITY_DESTINATION', null, 'MEDIUM'),
  def('IDX_PAY', 'IT_603BIS_INDEX', null, null, 'LABOUR'),
  def('IDX_HOURS', 'IT_603BIS_INDEX', null, null, 'LABOUR'),
];

interface Given {
  danger?: Partial<Record<DangerQuestion, Answer>>;
  minor?: Answer;
  retaliation?: Answer;
  types?: ExploitationType[];
  /** Indicators the person said YES to. */
  yes?: string[];
  /** Indicators someone else said YES to about them. */
  heard?: string[];
  /** Any other answer, by code. */
  other?: Record<string, Answer>;
}

/** An answer set: anything not given was not asked. */
function answers(g: Given = {}): RiskInput {
  const danger = Object.fromEntries(DANGER_QUESTIONS.map((q) => [q, g.danger?.[q] ?? 'NOT_ASKED'])) as Record<DangerQuestion, Answer>;
  const indicators: RiskInput['indicators'] = {};
  for (const [code, answer] of Object.entries(g.other ?? {})) indicators[code] = { answer, source: 'SELF' };
  for (const code of g.yes ?? []) indicators[code] = { answer: 'YES', source: 'SELF' };
  for (const code of g.heard ?? []) indicators[code] = { answer: 'YES', source: 'THIRD_PARTY' };
  return { danger, minor: g.minor ?? 'NOT_ASKED', retaliationRisk: g.retaliation ?? 'NOT_ASKED', exploitationTypes: g.types ?? [], indicators };
}

const positiveIn = (dimension: Dimension, indicators: string[]): RiskReason => ({ rule: 'DIMENSION_POSITIVE', dimension, indicators });
const DP = 'DIMENSION_POSITIVE';

interface Row {
  name: string;
  given: Given;
  level: RiskLevel;
  /** The rules behind the reasons, in order. */
  rules: RiskRule[];
  /** The reasons in full, where their details matter (indicator order within a reason is not). */
  reasons?: RiskReason[];
  score?: number;
  /** The dimensions that come out positive. */
  positive?: Dimension[];
}

const LABOUR_LIKE: ExploitationType[] = ['LABOUR', 'DOMESTIC_SERVITUDE', 'FORCED_BEGGING', 'FORCED_CRIMINALITY', 'MULTIPLE', 'UNKNOWN'];

const rows: Row[] = [
  // Nothing yet, or nothing that counts.
  { name: 'nothing asked yet: not assessed, with no reasons', given: {}, level: 'NOT_ASSESSED', rules: [], score: 0, positive: [] },
  { name: 'a form of exploitation chosen but no question asked: still not assessed', given: { types: ['LABOUR'] }, level: 'NOT_ASSESSED', rules: [] },
  { name: 'indicators marked "not asked": still not assessed', given: { other: { EXP_S1: 'NOT_ASKED', DST_M: 'NOT_ASKED' } }, level: 'NOT_ASSESSED', rules: [] },
  { name: 'every danger question answered no: low, no positive dimension', given: { danger: Object.fromEntries(DANGER_QUESTIONS.map((q) => [q, 'NO'])) }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'] },
  { name: 'one indicator answered "don\'t know" is an answer: low, not "not assessed"', given: { other: { EXP_M1: 'UNKNOWN' } }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], score: 0 },

  // §9 Step 1: any YES on the danger screen.
  { name: 'locked in: immediate danger', given: { danger: { LOCKED_IN: 'YES' } }, level: 'IMMEDIATE', rules: ['DANGER_SCREEN'], reasons: [{ rule: 'DANGER_SCREEN', questions: ['LOCKED_IN'] }] },
  {
    name: 'every yes on the danger screen is listed, in the form\'s order',
    given: { danger: { DEATH_THREAT_OR_RECENT_VIOLENCE: 'YES', EXPLOITER_NEARBY: 'NO', HARM_NOW_OR_WEAPON: 'YES', INJURED_ILL_OR_SELF_HARM: 'YES', LOCKED_IN: 'UNKNOWN' } },
    level: 'IMMEDIATE', rules: ['DANGER_SCREEN'],
    reasons: [{ rule: 'DANGER_SCREEN', questions: ['HARM_NOW_OR_WEAPON', 'INJURED_ILL_OR_SELF_HARM', 'DEATH_THREAT_OR_RECENT_VIOLENCE'] }],
  },
  { name: 'a danger question answered "don\'t know" is not a yes', given: { danger: { EXPLOITER_NEARBY: 'UNKNOWN' } }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'] },
  {
    name: 'in immediate danger the operator also sees the high and medium reasons, most serious first',
    given: { danger: { EXPLOITER_NEARBY: 'YES' }, retaliation: 'YES', yes: ['EXP_S1', 'EXP_M1', 'IDX_PAY', 'VDST_W'] },
    level: 'IMMEDIATE', rules: ['DANGER_SCREEN', 'RETALIATION_RISK', DP, 'INDEX_603BIS_WITH_VULNERABILITY'],
    reasons: [
      { rule: 'DANGER_SCREEN', questions: ['EXPLOITER_NEARBY'] }, { rule: 'RETALIATION_RISK' }, positiveIn('EXPLOITATIVE_CONDITIONS', ['EXP_S1', 'EXP_M1']),
      { rule: 'INDEX_603BIS_WITH_VULNERABILITY', indicators: ['IDX_PAY', 'VDST_W'] },
    ],
  },
  {
    name: 'everything at once: the reasons come in their fixed order, dimensions in theirs',
    given: { danger: { HARM_NOW_OR_WEAPON: 'YES' }, minor: 'YES', retaliation: 'YES', yes: ['VDST_W', 'IDX_PAY', 'DST_S2', 'DST_S1', 'EXP_M1', 'EXP_S1', 'DEC_M', 'DEC_S'] },
    level: 'IMMEDIATE',
    rules: ['DANGER_SCREEN', 'MINOR_INVOLVED', 'TRAFFICKING_PATTERN', 'STRONG_COERCION', 'RETALIATION_RISK', DP, DP, DP, 'INDEX_603BIS_WITH_VULNERABILITY'],
    reasons: [
      { rule: 'DANGER_SCREEN', questions: ['HARM_NOW_OR_WEAPON'] }, { rule: 'MINOR_INVOLVED' }, { rule: 'TRAFFICKING_PATTERN' },
      { rule: 'STRONG_COERCION', indicators: ['DST_S1', 'DST_S2'] }, { rule: 'RETALIATION_RISK' },
      positiveIn('DECEPTIVE_RECRUITMENT', ['DEC_S', 'DEC_M']), positiveIn('EXPLOITATIVE_CONDITIONS', ['EXP_S1', 'EXP_M1']),
      positiveIn('COERCION_DESTINATION', ['DST_S1', 'DST_S2']), { rule: 'INDEX_603BIS_WITH_VULNERABILITY', indicators: ['IDX_PAY', 'VDST_W'] },
    ],
    score: 3 + 2 + 3 + 2 + 3 + 3 + 1,
  },

  // §9 Step 7, HIGH: a minor, the trafficking pattern, strong coercion, retaliation.
  { name: 'a minor involved: high', given: { minor: 'YES' }, level: 'HIGH', rules: ['MINOR_INVOLVED'], reasons: [{ rule: 'MINOR_INVOLVED' }] },
  { name: 'whether a minor is involved is not known: not high', given: { minor: 'UNKNOWN' }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'] },
  { name: 'no minor involved: low', given: { minor: 'NO' }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'] },
  { name: 'retaliation feared after escape or a complaint: high', given: { retaliation: 'YES' }, level: 'HIGH', rules: ['RETALIATION_RISK'] },
  { name: 'retaliation "not known": not high', given: { retaliation: 'UNKNOWN' }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'] },
  {
    name: 'an adult deceived, exploited and coerced at destination: the trafficking pattern, high',
    given: { yes: ['DEC_S', 'DEC_M', 'EXP_S1', 'EXP_W1', 'DST_S1', 'DST_M'] },
    level: 'HIGH', rules: ['TRAFFICKING_PATTERN', DP, DP, DP],
    reasons: [{ rule: 'TRAFFICKING_PATTERN' }, positiveIn('DECEPTIVE_RECRUITMENT', ['DEC_S', 'DEC_M']), positiveIn('EXPLOITATIVE_CONDITIONS', ['EXP_S1', 'EXP_W1']), positiveIn('COERCION_DESTINATION', ['DST_S1', 'DST_M'])],
    positive: ['DECEPTIVE_RECRUITMENT', 'EXPLOITATIVE_CONDITIONS', 'COERCION_DESTINATION'],
  },
  {
    name: 'an adult whose vulnerability was abused at both ends, and exploited: the trafficking pattern',
    given: { yes: ['VREC_M1', 'VREC_M2', 'VREC_M3', 'EXP_M1', 'EXP_M2', 'EXP_W1', 'VDST_M1', 'VDST_M2', 'VDST_W'] },
    level: 'HIGH', rules: ['TRAFFICKING_PATTERN', DP, DP, DP],
    positive: ['VULNERABILITY_RECRUITMENT', 'EXPLOITATIVE_CONDITIONS', 'VULNERABILITY_DESTINATION'],
  },
  {
    name: 'an adult recruited by force, exploited, and dependent at destination: the trafficking pattern',
    given: { yes: ['COR_S', 'COR_M', 'EXP_S1', 'EXP_S2', 'VDST_M1', 'VDST_M2', 'VDST_W'] },
    level: 'HIGH', rules: ['TRAFFICKING_PATTERN', DP, DP, DP],
  },
  {
    name: 'an adult deceived and exploited, nothing known at destination: medium, not the pattern',
    given: { yes: ['DEC_S', 'DEC_M', 'EXP_S1', 'EXP_M1'] }, level: 'MEDIUM', rules: [DP, DP],
    positive: ['DECEPTIVE_RECRUITMENT', 'EXPLOITATIVE_CONDITIONS'],
  },
  {
    name: 'an adult exploited and coerced, recruitment not known: medium, not the pattern',
    given: { yes: ['EXP_S1', 'EXP_M1', 'DST_S1', 'DST_M'] }, level: 'MEDIUM', rules: [DP, DP],
  },
  {
    name: 'an adult deceived and coerced at destination, no exploitation found: medium, not the pattern',
    given: { yes: ['DEC_S', 'DEC_M', 'DST_S1', 'DST_M'] }, level: 'MEDIUM', rules: [DP, DP],
  },
  {
    name: 'a child exploited: the pattern holds without any recruitment means',
    given: { minor: 'YES', yes: ['EXP_S1', 'EXP_M1'] }, level: 'HIGH', rules: ['MINOR_INVOLVED', 'TRAFFICKING_PATTERN', DP],
  },
  {
    name: 'a child coerced at destination: the pattern holds without any recruitment means',
    given: { minor: 'YES', yes: ['DST_S1', 'DST_M'] }, level: 'HIGH', rules: ['MINOR_INVOLVED', 'TRAFFICKING_PATTERN', DP],
  },
  {
    name: 'a child with only vulnerability at destination: no pattern',
    given: { minor: 'YES', yes: ['VDST_M1', 'VDST_M2', 'VDST_W'] }, level: 'HIGH', rules: ['MINOR_INVOLVED', DP],
  },
  {
    name: 'two strong signs of coercion at destination: high',
    given: { yes: ['DST_S2', 'DST_S1'] }, level: 'HIGH', rules: ['STRONG_COERCION', DP],
    reasons: [{ rule: 'STRONG_COERCION', indicators: ['DST_S1', 'DST_S2'] }, positiveIn('COERCION_DESTINATION', ['DST_S1', 'DST_S2'])],
    score: 6,
  },
  {
    name: 'one strong sign of coercion and one medium: medium, not strong coercion',
    given: { yes: ['DST_S1', 'DST_M'] }, level: 'MEDIUM', rules: [DP], reasons: [positiveIn('COERCION_DESTINATION', ['DST_S1', 'DST_M'])],
  },
  {
    name: 'high also shows the medium reasons',
    given: { retaliation: 'YES', yes: ['EXP_S1', 'EXP_M1'] }, level: 'HIGH', rules: ['RETALIATION_RISK', DP],
  },

  // Children's grades (§3.2): the child is a minor, or a minor is in the situation now.
  {
    name: 'an adult with one strong sign and threats (medium for adults): medium',
    given: { yes: ['DST_S1', 'DST_M_CHILD_S'] }, level: 'MEDIUM', rules: [DP], score: 5,
  },
  {
    name: 'a child with the same answers: threats are strong for a child, so strong coercion too',
    given: { minor: 'YES', yes: ['DST_S1', 'DST_M_CHILD_S'] }, level: 'HIGH', rules: ['MINOR_INVOLVED', 'TRAFFICKING_PATTERN', 'STRONG_COERCION', DP],
    reasons: [
      { rule: 'MINOR_INVOLVED' }, { rule: 'TRAFFICKING_PATTERN' }, { rule: 'STRONG_COERCION', indicators: ['DST_S1', 'DST_M_CHILD_S'] },
      positiveIn('COERCION_DESTINATION', ['DST_S1', 'DST_M_CHILD_S']),
    ],
    score: 6,
  },
  {
    name: 'an indicator without an adult grade does not count for an adult',
    given: { yes: ['DST_CHILD_ONLY', 'DST_M'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], score: 2, positive: [],
  },
  {
    name: 'the same indicator counts, strong, for a child',
    given: { minor: 'YES', yes: ['DST_CHILD_ONLY', 'DST_M'] }, level: 'HIGH', rules: ['MINOR_INVOLVED', 'TRAFFICKING_PATTERN', DP],
    reasons: [{ rule: 'MINOR_INVOLVED' }, { rule: 'TRAFFICKING_PATTERN' }, positiveIn('COERCION_DESTINATION', ['DST_CHILD_ONLY', 'DST_M'])],
    score: 5, positive: ['COERCION_DESTINATION'],
  },
  {
    name: 'a sign that does not count for an adult is not cited among the reasons',
    given: { yes: ['DST_S1', 'DST_M', 'DST_CHILD_ONLY'] }, level: 'MEDIUM', rules: [DP], reasons: [positiveIn('COERCION_DESTINATION', ['DST_S1', 'DST_M'])], score: 5,
  },
  {
    name: 'an indicator without a child grade does not count for a child',
    given: { minor: 'YES', yes: ['DST_ADULT_ONLY', 'DST_M'] }, level: 'HIGH', rules: ['MINOR_INVOLVED'], score: 2, positive: [],
  },

  // §3.2 combination rule, one dimension at a time.
  { name: 'two strong: the dimension is positive', given: { yes: ['EXP_S1', 'EXP_S2'] }, level: 'MEDIUM', rules: [DP], score: 6, positive: ['EXPLOITATIVE_CONDITIONS'] },
  { name: 'one strong and one medium: positive', given: { yes: ['EXP_S1', 'EXP_M1'] }, level: 'MEDIUM', rules: [DP], score: 5, positive: ['EXPLOITATIVE_CONDITIONS'] },
  { name: 'one strong and one weak: positive', given: { yes: ['EXP_S1', 'EXP_W1'] }, level: 'MEDIUM', rules: [DP], score: 4, positive: ['EXPLOITATIVE_CONDITIONS'] },
  { name: 'three medium: positive', given: { yes: ['EXP_M1', 'EXP_M2', 'EXP_M3'] }, level: 'MEDIUM', rules: [DP], score: 6, positive: ['EXPLOITATIVE_CONDITIONS'] },
  { name: 'two medium and one weak: positive', given: { yes: ['EXP_M1', 'EXP_M2', 'EXP_W1'] }, level: 'MEDIUM', rules: [DP], score: 5, positive: ['EXPLOITATIVE_CONDITIONS'] },
  { name: 'one strong alone: not positive', given: { yes: ['EXP_S1'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], score: 3, positive: [] },
  { name: 'two medium alone: not positive', given: { yes: ['EXP_M1', 'EXP_M2'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], score: 4, positive: [] },
  { name: 'two medium, the weak one answered no: not positive', given: { yes: ['EXP_M1', 'EXP_M2'], other: { EXP_W1: 'NO' } }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], positive: [] },
  { name: 'one medium and two weak: not positive', given: { yes: ['EXP_M1', 'EXP_W1', 'EXP_W2'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], score: 4, positive: [] },
  { name: 'signs in different dimensions do not add up', given: { yes: ['EXP_S1', 'DST_M', 'DEC_M'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], score: 7, positive: [] },

  // Who said it, and what counts as an answer.
  { name: 'what someone else reports about the person counts the same', given: { heard: ['EXP_S1', 'EXP_M1'] }, level: 'MEDIUM', rules: [DP], score: 5 },
  { name: 'one sign from the person and one from the caller make a positive dimension', given: { yes: ['EXP_S1'], heard: ['EXP_W1'] }, level: 'MEDIUM', rules: [DP] },
  {
    name: '"don\'t know", no and not asked do not count',
    given: { yes: ['EXP_S1'], other: { EXP_M1: 'UNKNOWN', EXP_W1: 'NO', EXP_W2: 'NOT_ASKED' } }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], score: 3,
  },
  { name: 'codes the catalogue does not know are ignored', given: { yes: ['EXP_S1', 'NOT_IN_CATALOGUE'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], score: 3 },

  // Which indicators apply to which forms of exploitation.
  { name: 'a labour indicator does not count when only sexual exploitation is in question', given: { types: ['SEXUAL'], yes: ['EXP_M1', 'EXP_M2', 'EXP_LAB_M'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], score: 4 },
  ...LABOUR_LIKE.map((t): Row => ({
    name: `a labour indicator counts for ${t}`,
    given: { types: [t], yes: ['EXP_M1', 'EXP_M2', 'EXP_LAB_M'] }, level: 'MEDIUM', rules: [DP],
    reasons: [positiveIn('EXPLOITATIVE_CONDITIONS', ['EXP_M1', 'EXP_M2', 'EXP_LAB_M'])], score: 6,
  })),
  { name: 'a labour indicator does not count for organ removal', given: { types: ['ORGAN_REMOVAL'], yes: ['EXP_M1', 'EXP_M2', 'EXP_LAB_M'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'] },
  { name: 'no form chosen yet: every indicator counts', given: { types: [], yes: ['EXP_M1', 'EXP_LAB_M', 'EXP_SEX_M'] }, level: 'MEDIUM', rules: [DP] },
  { name: 'a sexual-exploitation indicator does not count for labour exploitation', given: { types: ['LABOUR', 'FORCED_BEGGING'], yes: ['EXP_M1', 'EXP_M2', 'EXP_SEX_M'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'] },
  ...(['SEXUAL', 'MULTIPLE', 'UNKNOWN'] as const).map((t): Row => ({
    name: `a sexual-exploitation indicator counts for ${t}`,
    given: { types: [t], yes: ['EXP_M1', 'EXP_M2', 'EXP_SEX_M'] }, level: 'MEDIUM', rules: [DP],
  })),
  { name: 'an indicator for all forms counts whatever the form', given: { types: ['ORGAN_REMOVAL'], yes: ['EXP_S1', 'EXP_M1'] }, level: 'MEDIUM', rules: [DP] },

  // Art. 603-bis c.p. indices: MEDIUM only together with a vulnerability.
  {
    name: 'a 603-bis index with a vulnerability at destination: medium',
    given: { yes: ['IDX_PAY', 'VDST_W'] }, level: 'MEDIUM', rules: ['INDEX_603BIS_WITH_VULNERABILITY'],
    reasons: [{ rule: 'INDEX_603BIS_WITH_VULNERABILITY', indicators: ['IDX_PAY', 'VDST_W'] }], score: 1, positive: ['IT_603BIS_INDEX'],
  },
  {
    name: '603-bis indices with a vulnerability at recruitment: medium',
    given: { types: ['LABOUR'], yes: ['IDX_HOURS', 'IDX_PAY', 'VREC_M1'] }, level: 'MEDIUM', rules: ['INDEX_603BIS_WITH_VULNERABILITY'],
    reasons: [{ rule: 'INDEX_603BIS_WITH_VULNERABILITY', indicators: ['IDX_HOURS', 'IDX_PAY', 'VREC_M1'] }],
  },
  {
    name: '603-bis indices without any vulnerability: low, though the indices are flagged',
    given: { yes: ['IDX_PAY', 'IDX_HOURS'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], score: 0, positive: ['IT_603BIS_INDEX'],
  },
  { name: 'a 603-bis index, the vulnerability answered no: low', given: { yes: ['IDX_PAY'], other: { VDST_M1: 'NO', VREC_M1: 'UNKNOWN' } }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'] },
  { name: 'a 603-bis index with a vulnerability that does not count for an adult: low', given: { yes: ['IDX_PAY', 'VDST_CHILD_ONLY'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'] },
  { name: 'a 603-bis index with coercion but no vulnerability: low', given: { yes: ['IDX_PAY', 'DST_M'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'] },
  { name: 'a 603-bis index under sexual exploitation only does not apply', given: { types: ['SEXUAL'], yes: ['IDX_PAY', 'VDST_M1'] }, level: 'LOW', rules: ['NO_POSITIVE_DIMENSION'], positive: [] },
  {
    name: 'a 603-bis index with a vulnerability and a positive dimension: both medium reasons',
    given: { yes: ['IDX_PAY', 'VDST_W', 'EXP_S1', 'EXP_M1'] }, level: 'MEDIUM', rules: [DP, 'INDEX_603BIS_WITH_VULNERABILITY'],
  },
];

/** Indicator order within one reason is not part of the rules. */
const normalised = (reasons: RiskReason[]) => reasons.map((r) => (r.indicators ? { ...r, indicators: [...r.indicators].sort() } : r));

describe('scoring the risk from the triage answers', () => {
  it(`the table has enough rows to cover the rules (${rows.length})`, () => {
    expect(rows.length).to.be.at.least(30);
  });

  for (const row of rows) {
    it(row.name, () => {
      const result = scoreRisk(answers(row.given), CATALOGUE);
      expect(result.level).to.equal(row.level);
      expect(result.reasons.map((r) => r.rule)).to.deep.equal(row.rules);
      if (row.reasons) expect(normalised(result.reasons)).to.deep.equal(normalised(row.reasons));
      if (row.score !== undefined) expect(result.score).to.equal(row.score);
      if (row.positive) expect(INDICATOR_DIMENSIONS.filter((d) => result.dimensions[d].positive)).to.deep.equal(row.positive);
    });
  }

  it('a minor in the situation now is scored with children\'s grades', () => {
    const result = scoreRisk(answers({ danger: { MINOR_INVOLVED_NOW: 'YES' }, yes: ['DST_M_CHILD_S', 'DST_CHILD_ONLY'] }), CATALOGUE);
    expect(result.level).to.equal('IMMEDIATE');
    expect(result.score).to.equal(6);
    expect(result.dimensions.COERCION_DESTINATION).to.deep.equal({ positive: true, strong: 2, medium: 0, weak: 0 });
  });

  it('every dimension is reported, with its counts', () => {
    const { dimensions } = scoreRisk(answers({ yes: ['EXP_S1', 'EXP_M1', 'EXP_W1', 'IDX_PAY', 'VDST_M1'] }), CATALOGUE);
    expect(Object.keys(dimensions)).to.have.members([...INDICATOR_DIMENSIONS]);
    expect(dimensions.EXPLOITATIVE_CONDITIONS).to.deep.equal({ positive: true, strong: 1, medium: 1, weak: 1 });
    expect(dimensions.VULNERABILITY_DESTINATION).to.deep.equal({ positive: false, strong: 0, medium: 1, weak: 0 });
    expect(dimensions.DECEPTIVE_RECRUITMENT).to.deep.equal({ positive: false, strong: 0, medium: 0, weak: 0 });
    expect(dimensions.IT_603BIS_INDEX.positive).to.equal(true);
  });

  it('names the rules\' version', () => {
    expect(SCORING_VERSION).to.equal('r1-2026-11');
    expect(scoreRisk(answers(), CATALOGUE).scoringVersion).to.equal(SCORING_VERSION);
  });

  it('the same answers give the same result, whatever order they were given in', () => {
    const a = answers({ retaliation: 'YES', yes: ['DST_S1', 'EXP_M1', 'DST_S2', 'EXP_S1', 'IDX_PAY', 'VDST_W'] });
    const b = answers({ retaliation: 'YES', yes: ['VDST_W', 'IDX_PAY', 'EXP_S1', 'DST_S2', 'EXP_M1', 'DST_S1'] });
    expect(scoreRisk(a, CATALOGUE)).to.deep.equal(scoreRisk(b, CATALOGUE));
    expect(scoreRisk(a, CATALOGUE)).to.deep.equal(scoreRisk(a, [...CATALOGUE]));
  });

  it('a partial answer set parses with everything else "not asked", and is not assessed', () => {
    const input = RiskInput.parse({ danger: { LOCKED_IN: 'NO' } });
    expect(input.danger.HARM_NOW_OR_WEAPON).to.equal('NOT_ASKED');
    expect(input).to.deep.include({ minor: 'NOT_ASKED', retaliationRisk: 'NOT_ASKED', exploitationTypes: [], indicators: {} });
    expect(scoreRisk(RiskInput.parse({}), CATALOGUE).level).to.equal('NOT_ASSESSED');
  });

  it('an answer set with more than 200 indicators is refused', () => {
    const indicators = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`X_${i}`, { answer: 'NO', source: 'SELF' }]));
    expect(RiskInput.safeParse({ indicators }).success).to.equal(false);
  });
});

describe('the default indicator catalogue', () => {
  it('parses as indicator definitions', () => {
    const parsed = z.array(IndicatorDefinition).safeParse(DEFAULT_INDICATORS);
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).to.equal(true);
  });

  it('has each code once', () => {
    const codes = DEFAULT_INDICATORS.map((d) => d.code);
    expect(new Set(codes).size).to.equal(codes.length);
  });

  it('has indicators in every dimension, the four 603-bis indices without a grade', () => {
    for (const d of INDICATOR_DIMENSIONS) expect(DEFAULT_INDICATORS.filter((i) => i.dimension === d).length, d).to.be.greaterThan(0);
    const indices = DEFAULT_INDICATORS.filter((i) => i.dimension === 'IT_603BIS_INDEX');
    expect(indices).to.have.length(4);
    for (const i of indices) expect([i.gradeAdult, i.gradeChild], i.code).to.deep.equal([null, null]);
  });

  it('has a label and a question in Italian and English for every indicator', () => {
    for (const i of DEFAULT_INDICATORS) {
      for (const text of [i.label.it, i.label.en, i.question.it, i.question.en, i.source]) expect(text.trim(), i.code).to.not.equal('');
    }
  });
});

describe('risk labels', () => {
  const enums = {
    ANSWERS, ANSWER_SOURCES, RISK_LEVELS, DANGER_QUESTIONS, INDICATOR_DIMENSIONS, GRADES, APPLIES_TO, EXPLOITATION_TYPES,
    LABOUR_SECTORS, SEXUAL_SETTINGS, RISK_RULES,
  };
  for (const language of ['it', 'en'] as const) {
    it(`every value of every risk enumeration has a label in ${language}`, () => {
      for (const [name, values] of Object.entries(enums)) {
        for (const v of values) expect(RISK_LABELS[language][v]?.trim(), `${name}.${v}`).to.be.a('string').and.not.equal('');
      }
    });
  }
});
