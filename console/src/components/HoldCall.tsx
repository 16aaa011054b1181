import { useEffect, useId, useRef, useState } from 'react';
import { holdCall } from '../api.js';
import type { ContactEventKind, ContactEventView } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useT } from '../i18n/index.js';

// A warm transfer holds the caller while the colleagues talk; completing or calling it off takes them off hold.
const HOLDS: ReadonlySet<ContactEventKind> = new Set(['held', 'transfer_started']);
const RESUMES: ReadonlySet<ContactEventKind> = new Set(['resumed', 'transferred', 'transfer_cancelled']);

/** Whether the caller is on hold now: the last hold change logged on the contact says (none: not held). */
export function heldByEvents(events: readonly ContactEventView[] | undefined): boolean {
  const last = events?.findLast((e) => HOLDS.has(e.kind) || RESUMES.has(e.kind));
  return last !== undefined && HOLDS.has(last.kind);
}

/**
 * During a live call: puts the caller on hold (Twilio's music) or back. One toggle button whose name
 * stays "Hold" and whose pressed state says which: a name that flipped to "Resume" would be read as
 * "Resume, pressed". `held` is what the contact's events say, so a reload, or a supervisor's hold,
 * shows here too. While a warm transfer is under way (`transferTo`, the colleague's name) the
 * caller holds until it is completed or called off, so the toggle is locked.
 */
export function HoldCall({ contactId, held, transferTo }: { contactId: string; held: boolean | null; transferTo: string | null }) {
  const t = useT();
  const id = useId();
  // What this console last set, until the contact's events catch up with it.
  const [mine, setMine] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [resumed, setResumed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  useEffect(() => {
    if (held !== null) setMine(null);
  }, [held]);

  const locked = transferTo !== null;
  const onHold = locked || (mine ?? held ?? false);

  const toggle = async () => {
    if (busy || locked) return;
    const next = !onHold;
    setBusy(true);
    setError(null);
    setResumed(false);
    try {
      const event = await holdCall(contactId, next);
      if (!alive.current) return;
      setMine(event.kind === 'held');
      setResumed(event.kind === 'resumed');
    } catch (err) {
      if (alive.current) setError(t('hold.failed', { error: errorMessage(t, err) }));
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  return (
    <div className={`hold${onHold ? ' hold-on' : ''}${locked ? ' hold-locked' : ''}`} data-testid="hold" data-held={onHold}>
      <div className="inline-controls">
        <button
          type="button"
          aria-pressed={onHold}
          aria-describedby={`${id}-hint`}
          // Not `disabled`: a disabled button drops the keyboard focus of whoever just pressed it.
          aria-disabled={busy || locked || undefined}
          onClick={() => void toggle()}
        >
          {t('hold.hold')}
        </button>
        <p role="status" className={onHold ? 'hold-status' : 'saved hold-status'} data-testid="hold-status">
          {onHold ? t('hold.held') : resumed ? t('hold.resumed') : ''}
        </p>
      </div>
      <p id={`${id}-hint`} className="hint">
        {locked ? t('hold.transferHint', { name: transferTo }) : onHold ? t('hold.heldHint') : t('hold.hint')}
      </p>
      {error && <p role="alert" className="error" data-testid="hold-error">{error}</p>}
    </div>
  );
}
