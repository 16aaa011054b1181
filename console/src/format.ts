/** `m:ss` for durations (minutes unbounded, `h:mm:ss` from one hour). */
export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds == null || !Number.isFinite(totalSeconds)) return '—';
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** `mm:ss` for short clocks (time waiting, offer countdown). */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s >= 3600) return formatDuration(s);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function secondsSince(iso: string | null | undefined, now: number): number {
  if (!iso) return 0;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.max(0, (now - at) / 1000);
}

export function secondsUntil(iso: string, now: number): number {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(at);
}

/** "21 Nov 2026, 09:00": a day and a time, for facts read at a glance. */
export function formatDateMedium(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400], ['hour', 3600], ['minute', 60], ['second', 1]];

/** "12 min ago", "in 6 days": the largest whole unit, in the locale's words. */
export function formatRelative(iso: string, now: number, locale: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '—';
  const seconds = (at - now) / 1000;
  const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
  // Short minutes and hours read well in both languages; Italian shortens days to "gg".
  const style = unit === 'day' ? 'long' : 'short';
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style }).format(Math.trunc(seconds / size), unit);
}

/** "18:30:05": a time of day to the second, to tell apart calls queued the same minute. */
export function formatTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(at);
}

/** "75 %" or "75%", as the locale writes it; null (nothing to measure) is a dash. */
export function formatPercent(ratio: number | null, locale: string): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** "18:30": a time of day to the minute, as "Saved 18:30" reads. */
export function formatHourMinute(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(at);
}

/** A server message with its ISO instants ("…saved at 2026-11-21T09:00:00.000Z") written as local times. */
export function withLocalTimes(text: string, locale: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => formatDateTime(iso, locale));
}
