import type { OnCallEntry } from '../contracts.js';

/** A row being edited: `key` stays with the row when it moves, `region` '' is national. */
export interface OnCallDraft {
  key: number;
  region: string;
  number: string;
  label: string;
  active: boolean;
}

export type OnCallField = 'region' | 'number' | 'label' | 'active';
const FIELDS: readonly string[] = ['region', 'number', 'label', 'active'];

let lastKey = 0;
export const newDraft = (): OnCallDraft => ({ key: ++lastKey, region: '', number: '', label: '', active: true });
export const toDraft = (e: OnCallEntry): OnCallDraft => ({ ...newDraft(), region: e.region ?? '', number: e.number, label: e.label, active: e.active });
// Spaces and dashes people type in numbers ("+39 06 1234 5678") are dropped; the server checks the rest.
export const toEntry = (d: OnCallDraft): OnCallEntry => ({
  region: d.region.trim() || null, number: d.number.replace(/[\s\-().]/g, ''), label: d.label.trim(), active: d.active,
});

/** 1, 2, … within each region: the order in which that region's numbers are tried. */
export function orderInRegion(regions: readonly (string | null)[]): number[] {
  const seen = new Map<string, number>();
  return regions.map((region) => {
    const key = region?.trim() ?? '';
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n;
  });
}

/** Moves the row at `from` one place up (-1) or down (+1). */
export function moveRow<T>(rows: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= rows.length) return [...rows];
  const next = [...rows];
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}

export interface TableErrors {
  /** Per row key, the fields the server refused. */
  rows: Map<number, Set<OnCallField>>;
  /** The whole table refused: too many rows. */
  tooMany: boolean;
  /** Messages for paths the console does not know. */
  other: string[];
}

/** Maps the server's `items.3.number` paths onto the rows as they were sent. */
export function tableErrors(fields: Record<string, string[]>, sent: readonly OnCallDraft[]): TableErrors {
  const rows = new Map<number, Set<OnCallField>>();
  const other: string[] = [];
  let tooMany = false;
  for (const [path, messages] of Object.entries(fields)) {
    const match = /^items\.(\d+)\.(\w+)$/.exec(path);
    const row = match ? sent[Number(match[1])] : undefined;
    if (match && row && FIELDS.includes(match[2])) {
      const set = rows.get(row.key) ?? new Set<OnCallField>();
      set.add(match[2] as OnCallField);
      rows.set(row.key, set);
    } else if (path === 'items') {
      tooMany = true;
    } else {
      other.push(...messages);
    }
  }
  return { rows, tooMany, other };
}
