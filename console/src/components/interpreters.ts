import type { InterpreterLine } from '../contracts.js';

/** A line being edited: `key` stays with the row while others are added or removed. */
export interface InterpreterDraft {
  key: number;
  label: string;
  languages: string;
  number: string;
  active: boolean;
}

export type InterpreterField = 'label' | 'languages' | 'number' | 'active';
const FIELDS: readonly string[] = ['label', 'languages', 'number', 'active'];

let lastKey = 0;
export const newInterpreterDraft = (): InterpreterDraft => ({ key: ++lastKey, label: '', languages: '', number: '', active: true });
export const toInterpreterDraft = (l: InterpreterLine): InterpreterDraft => ({ ...newInterpreterDraft(), label: l.label, languages: l.languages, number: l.number, active: l.active });
// As on the on-call table: spaces and dashes people type in numbers are dropped; the server checks the rest.
export const toInterpreterLine = (d: InterpreterDraft): InterpreterLine => ({
  label: d.label.trim(), languages: d.languages.trim(), number: d.number.replace(/[\s\-().]/g, ''), active: d.active,
});

export interface InterpreterErrors {
  /** Per row key, the fields the server refused. */
  rows: Map<number, Set<InterpreterField>>;
  /** The whole table refused: too many rows. */
  tooMany: boolean;
  /** Messages for paths the console does not know. */
  other: string[];
}

export const NO_INTERPRETER_ERRORS: InterpreterErrors = { rows: new Map(), tooMany: false, other: [] };

/** Maps the server's `items.3.number` paths onto the rows as they were sent. */
export function interpreterErrors(fields: Record<string, string[]>, sent: readonly InterpreterDraft[]): InterpreterErrors {
  const rows = new Map<number, Set<InterpreterField>>();
  const other: string[] = [];
  let tooMany = false;
  for (const [path, messages] of Object.entries(fields)) {
    const match = /^items\.(\d+)\.(\w+)$/.exec(path);
    const row = match ? sent[Number(match[1])] : undefined;
    if (match && row && FIELDS.includes(match[2])) {
      const set = rows.get(row.key) ?? new Set<InterpreterField>();
      set.add(match[2] as InterpreterField);
      rows.set(row.key, set);
    } else if (path === 'items') {
      tooMany = true;
    } else {
      other.push(...messages);
    }
  }
  return { rows, tooMany, other };
}

/** The lines an operator may call, each with its place in the whole table (the server names lines by it). */
export function activeLines(items: readonly InterpreterLine[]): Array<InterpreterLine & { index: number }> {
  return items.flatMap((line, index) => (line.active ? [{ ...line, index }] : []));
}
