import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { addInterpreter, getInterpreterLines } from '../api.js';
import type { InterpreterLine } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useT } from '../i18n/index.js';
import { activeLines } from './interpreters.js';

type Line = InterpreterLine & { index: number };

/** During a live call: calls an interpreter line into the call's conference as a third participant. */
export function AddInterpreter({ contactId }: { contactId: string }) {
  const t = useT();
  const id = useId();
  const headingId = `${id}-heading`;
  const [lines, setLines] = useState<Line[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    let current = true;
    getInterpreterLines().then(
      (table) => {
        if (!current) return;
        const active = activeLines(table.items);
        setLines(active);
        setChosen(active[0] ? String(active[0].index) : '');
      },
      (err: unknown) => { if (current) setLoadError(tRef.current('interpreter.loadFailed', { error: errorMessage(tRef.current, err) })); },
    );
    return () => {
      current = false;
    };
  }, []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || chosen === '') return;
    setBusy(true);
    setStatus(null);
    setError(null);
    try {
      // The server names the line it called: what the operator reads is what was dialled.
      const added = await addInterpreter(contactId, Number(chosen));
      setStatus(t('interpreter.called', { label: added.detail ?? '' }));
    } catch (err) {
      setError(t('interpreter.failed', { error: errorMessage(t, err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="interpreter" aria-labelledby={headingId} data-testid="interpreter">
      <h3 id={headingId}>{t('interpreter.title')}</h3>
      {loadError && <p role="alert" className="error">{loadError}</p>}
      {!lines && !loadError && <p className="muted">{t('interpreter.loading')}</p>}
      {lines && lines.length === 0 && <p className="muted" data-testid="interpreter-none">{t('interpreter.none')}</p>}
      {lines && lines.length > 0 && (
        <form className="interpreter-form" aria-labelledby={headingId} onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor={`${id}-line`}>{t('interpreter.line')}</label>
            <div className="inline-controls">
              <select id={`${id}-line`} value={chosen} onChange={(e) => setChosen(e.target.value)} aria-describedby={`${id}-hint`}>
                {lines.map((l) => (
                  <option key={l.index} value={String(l.index)}>{t('interpreter.option', { label: l.label, languages: l.languages })}</option>
                ))}
              </select>
              <button type="submit" disabled={busy}>{busy ? t('interpreter.adding') : t('interpreter.add')}</button>
            </div>
            <p id={`${id}-hint`} className="hint">{t('interpreter.hint')}</p>
          </div>
        </form>
      )}
      <p role="status" className="saved" data-testid="interpreter-status">{status ?? ''}</p>
      {error && <p role="alert" className="error" data-testid="interpreter-error">{error}</p>}
    </section>
  );
}
