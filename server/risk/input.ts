import type { IntakeAnswers } from '../contracts/intake.js';
import type { Answer, RiskInput } from '../contracts/risk.js';

const CHILD_BANDS = new Set(['UNDER_14', '14_17']);

/** The one answer that speaks for several: YES if any says yes, else NO if any says no, else the first. */
function strongest(...answers: Answer[]): Answer {
  for (const a of ['YES', 'NO', 'UNKNOWN'] as const) if (answers.includes(a)) return a;
  return 'NOT_ASKED';
}

/** What the scoring reads from a triage form: a child is involved if either section says so. */
export function riskInputOf(a: IntakeAnswers): RiskInput {
  const childByAge: Answer = a.person.ageBand === null || a.person.ageBand === 'UNKNOWN' ? 'NOT_ASKED' : CHILD_BANDS.has(a.person.ageBand) ? 'YES' : 'NO';
  return {
    danger: a.danger,
    minor: strongest(a.situation.minorsInvolved, a.person.isMinor, childByAge),
    retaliationRisk: a.situation.retaliationRisk,
    exploitationTypes: a.situation.exploitationTypes,
    indicators: a.indicators,
  };
}
