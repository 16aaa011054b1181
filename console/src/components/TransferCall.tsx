import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { cancelTransfer, getTransferTargets, startTransfer } from '../api.js';
import type { Language, TransferTarget } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { languageName, useT, type Translate } from '../i18n/index.js';

/** What "Complete transfer" came to: the call handed over, or stopped because the record could not be saved first. */
export type CompleteResult = 'handed_over' | 'record_not_saved';

interface Props {
  contactId: string;
  /** The caller's language: the colleagues' levels are in it. */
  language: Language | null;
  /** The colleague being brought in, as the contact last read says; null when no transfer is under way. */
  transferTo: { id: string; displayName: string } | null;
  /** Reads the contact again, so `transferTo` (and the hold) catch up with what the server just did. */
  refresh: () => Promise<void>;
  /** Saves the record if it has unsaved changes, then hands the call over; rejects with the server's refusal. */
  complete: (name: string) => Promise<CompleteResult>;
}

type Busy = 'start' | 'complete' | 'cancel' | null;

function optionLabel(t: Translate, target: TransferTarget, language: Language | null): string {
  const vars = { name: target.displayName, role: t(`role.${target.role}`) };
  // Nobody's level applies to "another language": name and role only.
  if (!language || language === 'other') return t('transfer.optionNoLanguage', vars);
  return t('transfer.option', { ...vars, level: target.level ? t(`level.${target.level}`) : t('transfer.noLevel') });
}

/**
 * During a live call: a warm transfer. The operator picks an available colleague, whose phone is rung
 * into the call while the caller holds with music; they talk, then complete (the caller goes on
 * with the colleague, the operator leaves) or cancel (the caller is back with the operator).
 */
export function TransferCall({ contactId, language, transferTo, refresh, complete }: Props) {
  const t = useT();
  const id = useId();
  const headingId = `${id}-heading`;
  const bodyId = `${id}-body`;
  const [open, setOpen] = useState(false);
  const [targets, setTargets] = useState<TransferTarget[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const talkingRef = useRef<HTMLParagraphElement>(null);
  // Where focus goes once the section has re-rendered: the control this console's action removed is gone.
  const focusNext = useRef<'talking' | 'toggle' | null>(null);
  const loads = useRef(0);
  const alive = useRef(true);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const underway = transferTo;

  useEffect(() => {
    if (focusNext.current === 'talking' && underway) talkingRef.current?.focus();
    else if (focusNext.current === 'toggle' && !underway) toggleRef.current?.focus();
    else return;
    focusNext.current = null;
  });

  /** Reads who is available now; `announce`: say so in the status line (the Refresh button). */
  const load = useCallback(async (announce: boolean) => {
    const mine = ++loads.current;
    setLoadError(null);
    try {
      const { items } = await getTransferTargets(contactId);
      if (!alive.current || mine !== loads.current) return;
      setTargets(items);
      setChosen((current) => (items.some((i) => i.id === current) ? current : items[0]?.id ?? ''));
      if (announce) setStatus(tRef.current('transfer.refreshed', { count: items.length }));
    } catch (err) {
      if (alive.current && mine === loads.current) setLoadError(tRef.current('transfer.loadFailed', { error: errorMessage(tRef.current, err) }));
    }
  }, [contactId]);

  const toggle = () => {
    const next = !open;
    setOpen(next);
    setStatus(null);
    setError(null);
    // Who is free changes by the minute: read it each time the section opens.
    if (next) void load(false);
  };

  const start = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || chosen === '') return;
    setBusy('start');
    setStatus(null);
    setError(null);
    try {
      await startTransfer(contactId, chosen);
      await refresh();
      focusNext.current = 'talking';
    } catch (err) {
      if (!alive.current) return;
      setError(t('transfer.startFailed', { error: errorMessage(t, err) }));
      // The colleague may have just taken a call: show who is free now.
      void load(false);
    } finally {
      if (alive.current) setBusy(null);
    }
  };

  const finish = async () => {
    if (busy || !underway) return;
    setBusy('complete');
    setStatus(null);
    setError(null);
    try {
      const result = await complete(underway.displayName);
      if (alive.current && result === 'record_not_saved') setError(t('transfer.recordNotSaved'));
    } catch (err) {
      if (alive.current) setError(t('transfer.completeFailed', { error: errorMessage(t, err) }));
    } finally {
      if (alive.current) setBusy(null);
    }
  };

  const callOff = async () => {
    if (busy || !underway) return;
    setBusy('cancel');
    setStatus(null);
    setError(null);
    try {
      await cancelTransfer(contactId);
      await refresh();
      if (!alive.current) return;
      setStatus(t('transfer.cancelled'));
      setOpen(true);
      focusNext.current = 'toggle';
      void load(false);
    } catch (err) {
      if (alive.current) setError(t('transfer.cancelFailed', { error: errorMessage(t, err) }));
    } finally {
      if (alive.current) setBusy(null);
    }
  };

  const hintId = `${id}-hint`;
  const startHintId = `${id}-start-hint`;
  return (
    <section className="transfer" aria-labelledby={headingId} data-testid="transfer" data-underway={underway !== null}>
      {underway
        ? <h3 id={headingId}>{t('transfer.title')}</h3>
        : (
          <h3 id={headingId}>
            <button ref={toggleRef} type="button" className="disclosure" aria-expanded={open} aria-controls={bodyId} onClick={toggle}>
              {/* Out of the name: "▸ Transfer" would be read as "triangle, Transfer". */}
              <span className="disclosure-icon" aria-hidden="true">{open ? '▾' : '▸'}</span>
              {t('transfer.title')}
            </button>
          </h3>
        )}
      {underway && (
        <div className="transfer-underway" data-testid="transfer-underway">
          <p ref={talkingRef} tabIndex={-1} className="transfer-talking" data-testid="transfer-talking">
            {t('transfer.talking', { name: underway.displayName })}
          </p>
          <div className="inline-controls">
            <button type="button" className="primary" aria-describedby={`${id}-complete-hint`} aria-disabled={busy !== null || undefined} onClick={() => void finish()}>
              {t('transfer.complete')}
            </button>
            <button type="button" aria-describedby={`${id}-cancel-hint`} aria-disabled={busy !== null || undefined} onClick={() => void callOff()}>
              {t('transfer.cancel')}
            </button>
          </div>
          <p id={`${id}-complete-hint`} className="hint">{t('transfer.completeHint', { name: underway.displayName })}</p>
          <p id={`${id}-cancel-hint`} className="hint">{t('transfer.cancelHint', { name: underway.displayName })}</p>
        </div>
      )}
      <div id={bodyId} hidden={!open || underway !== null}>
        {open && !underway && (
          <>
            {loadError && <p role="alert" className="error">{loadError}</p>}
            {!targets && !loadError && <p className="muted">{t('transfer.loading')}</p>}
            {targets && targets.length === 0 && <p className="muted" data-testid="transfer-nobody">{t('transfer.nobody')}</p>}
            {targets && targets.length > 0 && (
              <form className="transfer-form" aria-labelledby={headingId} onSubmit={(e) => void start(e)}>
                <div className="field">
                  <label htmlFor={`${id}-target`}>{t('transfer.colleague')}</label>
                  <div className="inline-controls">
                    <select id={`${id}-target`} value={chosen} onChange={(e) => setChosen(e.target.value)} aria-describedby={hintId}>
                      {targets.map((target) => (
                        <option key={target.id} value={target.id}>{optionLabel(t, target, language)}</option>
                      ))}
                    </select>
                    <button type="submit" className="primary" aria-describedby={startHintId} aria-disabled={busy !== null || undefined}>
                      {t('transfer.start')}
                    </button>
                  </div>
                  <p id={hintId} className="hint">
                    {language && language !== 'other' ? t('transfer.targetsHint', { language: languageName(t, language) }) : t('transfer.targetsHintAny')}
                  </p>
                  <p id={startHintId} className="hint">{t('transfer.startHint')}</p>
                </div>
              </form>
            )}
            <button type="button" className="quiet" onClick={() => void load(true)}>{t('transfer.refresh')}</button>
          </>
        )}
      </div>
      <p role="status" className="saved" data-testid="transfer-status">{status ?? ''}</p>
      {error && <p role="alert" className="error" data-testid="transfer-error">{error}</p>}
    </section>
  );
}
