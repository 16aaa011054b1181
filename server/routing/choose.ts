import { PRIORITY } from '../../ivr/flow/flow.js';
import type { Language } from '../contracts/enums.js';
import type { LanguageLevel, OperatorSkills, Widening } from '../contracts/routing.js';

// Pure: which waiting caller goes to which free operator. The service acts on the plan with
// compare-and-set writes, so a plan made from a stale read can only fail, never double-assign.

export interface Waiting {
  id: string;
  language: Language;
  priority: number;
  queuedAt: Date;
  /** A child's situation: only operators trained for minors' cases take it. */
  minor: boolean;
  /** Operators who declined this caller (or whose phone failed): not offered it again. */
  declinedBy: readonly string[];
}

export interface Free {
  id: string;
  skills: OperatorSkills;
  /** Since when the operator has been available: the one idle longest is offered first. */
  availableSince: Date;
}

export interface Assignment { contactId: string; operatorId: string }

export interface PlanContext {
  now: Date;
  widening: Widening;
  /** Whether an interpreter line exists for operators to bring in: the last widening step needs one. */
  interpreterLines: boolean;
}

/** Danger first (the IVR's priority), then a call about a child, then everyone else. */
export function priorityOf(c: { priority: number; minor: boolean }): number {
  return c.minor ? Math.max(c.priority, PRIORITY.MINOR) : c.priority;
}

/** Highest priority first, then longest waiting. */
export function queueOrder(a: Waiting, b: Waiting): number {
  return b.priority - a.priority || a.queuedAt.getTime() - b.queuedAt.getTime() || a.id.localeCompare(b.id);
}

/** How well an operator fits a caller's language: 0 is best; null is not at all (yet). */
const TIER: Record<LanguageLevel, number> = { native: 0, fluent: 1, basic: 2 };
const THROUGH_INTERPRETER = 3;

/**
 * Native and fluent speakers take a caller at once; basic speakers once the caller has waited
 * `basicAfterSeconds`; any operator, bringing in the interpreter line, after `anyAfterSeconds`.
 * "Another language" (key 0) needs the interpreter line whoever answers: anyone fits it.
 */
export function fit(op: Free, caller: Waiting, ctx: PlanContext): number | null {
  if (caller.minor && !op.skills.minors) return null;
  if (caller.language === 'other') return THROUGH_INTERPRETER;
  const waited = (ctx.now.getTime() - caller.queuedAt.getTime()) / 1000;
  const level = op.skills.languages[caller.language];
  if (level === 'native' || level === 'fluent') return TIER[level];
  const { basicAfterSeconds, anyAfterSeconds } = ctx.widening;
  if (level === 'basic' && basicAfterSeconds !== null && waited >= basicAfterSeconds) return TIER.basic;
  if (ctx.interpreterLines && anyAfterSeconds !== null && waited >= anyAfterSeconds) return THROUGH_INTERPRETER;
  return null;
}

/**
 * Callers in queue order, each to the best-fitting free operator (native before fluent before
 * basic before the interpreter line), the one idle longest among equals. A caller nobody fits
 * does not hold up the callers behind them.
 */
export function plan(waiting: readonly Waiting[], free: readonly Free[], ctx: PlanContext): Assignment[] {
  const pool = [...free].sort((a, b) => a.availableSince.getTime() - b.availableSince.getTime() || a.id.localeCompare(b.id));
  // Languages some free operator speaks at all: a caller in any other language, before the last
  // widening step, fits nobody — no need to look at every operator for them.
  const spoken = new Set(pool.flatMap((op) => Object.keys(op.skills.languages)));
  const anyAfter = ctx.interpreterLines ? ctx.widening.anyAfterSeconds : null;
  const out: Assignment[] = [];
  for (const caller of [...waiting].sort(queueOrder)) {
    if (!pool.length) break;
    const waited = (ctx.now.getTime() - caller.queuedAt.getTime()) / 1000;
    if (caller.language !== 'other' && !spoken.has(caller.language) && (anyAfter === null || waited < anyAfter)) continue;
    let best = -1;
    let bestFit = Infinity;
    for (let i = 0; i < pool.length; i++) {
      const op = pool[i]!;
      if (caller.declinedBy.includes(op.id)) continue;
      const f = fit(op, caller, ctx);
      if (f !== null && f < bestFit) {
        best = i;
        bestFit = f;
        if (f === 0) break;
      }
    }
    if (best === -1) continue;
    out.push({ contactId: caller.id, operatorId: pool[best]!.id });
    pool.splice(best, 1);
  }
  return out;
}
