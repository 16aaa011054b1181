import type { Language, ServiceLevel, WaitingCall } from '../contracts.js';

/** A caller waiting longer than this raises an alert on the wallboard (once per call). */
export const LONG_WAIT_SECONDS = 120;

export type AlertKind = 'danger' | 'long_wait';

export interface FloorAlert {
  /** `kind:contactId`: one alert of each kind per call, ever. */
  id: string;
  kind: AlertKind;
  contactId: string;
  language: Language;
  /** The wait when the alert was raised: a banner that re-read its text every second would be re-announced. */
  waitedSeconds: number;
}

export const waitedSeconds = (call: Pick<WaitingCall, 'queuedAt'>, nowMs: number): number => {
  const at = Date.parse(call.queuedAt);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.floor((nowMs - at) / 1000));
};

/**
 * The alerts to raise now: a caller in danger not yet alerted, and a caller past the long wait not
 * yet alerted. `alerted` holds the ids already raised and is updated, so each call alerts once.
 */
export function newAlerts(waiting: readonly WaitingCall[], nowMs: number, alerted: Set<string>): FloorAlert[] {
  const out: FloorAlert[] = [];
  for (const call of waiting) {
    const waited = waitedSeconds(call, nowMs);
    const due: AlertKind[] = [];
    if (call.danger) due.push('danger');
    if (waited >= LONG_WAIT_SECONDS) due.push('long_wait');
    for (const kind of due) {
      const id = `${kind}:${call.contactId}`;
      if (alerted.has(id)) continue;
      alerted.add(id);
      out.push({ id, kind, contactId: call.contactId, language: call.language, waitedSeconds: waited });
    }
  }
  return out;
}

/** How many callers wait in each language, most first (ties in the order they will be answered). */
export function waitingByLanguage(waiting: readonly WaitingCall[]): { language: Language; count: number }[] {
  const counts = new Map<Language, number>();
  for (const call of waiting) counts.set(call.language, (counts.get(call.language) ?? 0) + 1);
  return [...counts].map(([language, count]) => ({ language, count })).sort((a, b) => b.count - a.count);
}

/** A share of the calls handled, or null when none were (the wallboard shows a dash, not 0 %). */
export function share(part: number, level: ServiceLevel): number | null {
  return level.handled > 0 ? part / level.handled : null;
}
