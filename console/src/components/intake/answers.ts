import type {
  AnswerSource, ContactView, ExploitationType, IndicatorDefinition, IntakeAnswers, IntakeFreeText, RiskOverride,
} from '../../contracts.js';

/** What the form edits and saves as one draft. */
export interface Draft {
  answers: IntakeAnswers;
  freeText: IntakeFreeText;
  override: RiskOverride | null;
}

export type SectionName = 'safety' | 'danger' | 'situation' | 'person' | 'indicators' | 'needs' | 'wishes' | 'followUp';

/** Who the call is about: the caller themselves, or someone the caller speaks of (or not known yet). */
export type CallerKind = 'self' | 'other' | 'unknown';

export function callerKindOf(contact: Pick<ContactView, 'purpose' | 'record'>): CallerKind {
  const type = contact.record?.callerType;
  if (type === 'POTENTIAL_VICTIM_SELF') return 'self';
  if (type && type !== 'UNKNOWN') return 'other';
  const purpose = contact.record?.purpose ?? contact.purpose;
  if (purpose === 'SELF' || purpose === 'DANGER') return 'self';
  if (purpose === 'SOMEONE_ELSE' || purpose === 'SERVICE') return 'other';
  return 'unknown';
}

/**
 * §9's order. Safety and danger always come first; then a person speaking of themselves is asked
 * about themselves, while someone calling about another starts from the situation they saw.
 */
export function sectionOrder(kind: CallerKind): SectionName[] {
  const middle: SectionName[] = kind === 'self' ? ['person', 'situation'] : ['situation', 'person'];
  return ['safety', 'danger', ...middle, 'indicators', 'needs', 'wishes', 'followUp'];
}

/** Indicators answered by whom: by default, whoever the call is about when they are on the line. */
export const defaultSource = (kind: CallerKind): AnswerSource => (kind === 'other' ? 'THIRD_PARTY' : 'SELF');

// As the server's scoring reads them (server/risk/score.ts): no type yet, UNKNOWN or MULTIPLE ask everything.
const LABOUR_LIKE = new Set<ExploitationType>(['LABOUR', 'DOMESTIC_SERVITUDE', 'FORCED_BEGGING', 'FORCED_CRIMINALITY', 'MULTIPLE', 'UNKNOWN']);
const SEXUAL_LIKE = new Set<ExploitationType>(['SEXUAL', 'MULTIPLE', 'UNKNOWN']);

/** Whether to ask an indicator, given the forms of exploitation chosen so far. */
export function asks(def: IndicatorDefinition, types: readonly ExploitationType[]): boolean {
  if (def.appliesTo === 'ALL' || types.length === 0) return true;
  const like = def.appliesTo === 'LABOUR' ? LABOUR_LIKE : SEXUAL_LIKE;
  return types.some((t) => like.has(t));
}

/** A value toggled in or out of a list, keeping the others in their order. */
export function toggled<T>(list: readonly T[], value: T, on: boolean): T[] {
  const rest = list.filter((v) => v !== value);
  return on ? [...rest, value] : rest;
}

/** `2026-11-21T09:00` for a datetime-local input, in this browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** A datetime-local value as an ISO instant, or null when empty or incomplete. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export const sameDraft = (a: Draft, b: Draft) => JSON.stringify(a) === JSON.stringify(b);
