import type { Language } from '../contracts/enums.js';

// Pure: which waiting caller goes to which free operator. The service acts on the plan with
// compare-and-set writes, so a plan made from a stale read can only fail, never double-assign.

export interface Waiting {
  id: string;
  language: Language;
  priority: number;
  queuedAt: Date;
  /** Operators who declined this caller: not offered it again. */
  declinedBy: readonly string[];
}

export interface Free {
  id: string;
  languages: readonly Language[];
  /** Since when the operator has been available: the one idle longest is offered first. */
  availableSince: Date;
}

export interface Assignment { contactId: string; operatorId: string }

/** Highest priority first, then longest waiting. */
export function queueOrder(a: Waiting, b: Waiting): number {
  return b.priority - a.priority || a.queuedAt.getTime() - b.queuedAt.getTime() || a.id.localeCompare(b.id);
}

/**
 * 'other' (interpreter) can go to anyone: the operator brings in the interpreter line. Every other
 * language needs an operator who speaks it.
 */
export function speaks(operator: Free, language: Language): boolean {
  return language === 'other' || operator.languages.includes(language);
}

export function plan(waiting: readonly Waiting[], free: readonly Free[]): Assignment[] {
  const pool = [...free].sort((a, b) => a.availableSince.getTime() - b.availableSince.getTime() || a.id.localeCompare(b.id));
  const out: Assignment[] = [];
  for (const contact of [...waiting].sort(queueOrder)) {
    const i = pool.findIndex((op) => speaks(op, contact.language) && !contact.declinedBy.includes(op.id));
    if (i === -1) continue;
    out.push({ contactId: contact.id, operatorId: pool[i]!.id });
    pool.splice(i, 1);
  }
  return out;
}
