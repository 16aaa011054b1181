import { useEffect, useState } from 'react';

/** The current time, re-rendering every `intervalMs` while `active`. */
export function useNow(active = true, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [active, intervalMs]);
  return now;
}

/** Whether a key press happened while the user was typing, where single-key shortcuts must not fire. */
export function isTyping(event: KeyboardEvent): boolean {
  const el = event.target instanceof HTMLElement ? event.target : null;
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return false;
}

export const hasModifier = (event: KeyboardEvent) => event.altKey || event.ctrlKey || event.metaKey;

/** Whether focus sits in a field the user is filling, so it must not be moved away. */
export function focusInField(): boolean {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes((el as HTMLInputElement).type);
}

/** Sets the document title for the page shown. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — Approdo`;
  }, [title]);
}
