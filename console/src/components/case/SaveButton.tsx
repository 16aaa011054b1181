import { useState } from 'react';
import { errorMessage } from '../../errors.js';
import { useT } from '../../i18n/index.js';

export type SaveRun = (work: () => Promise<boolean>) => Promise<void>;

/** A form's save: busy while it runs, "Saved" after, the refusal in words. */
export function useSaveState(): { saving: boolean; saved: boolean; error: string | null; run: SaveRun; clear: () => void } {
  const t = useT();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run: SaveRun = async (work) => {
    setSaving(true);
    setSaved(false);
    setError(null);
    try {
      setSaved(await work());
    } catch (err) {
      setError(t('case.saveFailed', { error: errorMessage(t, err) }));
    } finally {
      setSaving(false);
    }
  };
  return { saving, saved, error, run, clear: () => setSaved(false) };
}

/** Save, its state, and (when a colleague saved meanwhile) a way to drop this form's edits. */
export function SaveRow({ label, state, dirty, stale, onDiscard, testId }: {
  label: string;
  state: ReturnType<typeof useSaveState>;
  dirty: boolean;
  stale: boolean;
  onDiscard: () => void;
  testId?: string;
}) {
  const t = useT();
  return (
    <>
      {stale && (
        <p className="banner banner-warn">
          {t('case.staleDraft')} <button type="button" className="quiet" onClick={onDiscard}>{t('case.discard')}</button>
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" aria-disabled={state.saving} data-testid={testId}>
          {state.saving ? t('case.saving') : label}
        </button>
        <p role="status" className="saved">{state.saved && !dirty ? t('case.saved') : ''}</p>
      </div>
      {state.error && <p role="alert" className="error">{state.error}</p>}
    </>
  );
}
