import { useId, useState, type FormEvent } from 'react';
import { mergeCase, searchCases } from '../../api.js';
import { CaseCode, type CaseSummary, type CaseView } from '../../contracts.js';
import { errorMessage } from '../../errors.js';
import { useI18n } from '../../i18n/index.js';
import { RiskPill } from './RiskPill.js';

/**
 * "These two cases are one person": find the other case by its code, check it, then merge it into
 * this one (the other closes and points here; both timelines keep their history).
 */
export function CaseMerge({ kase, onSaved }: { kase: CaseView; onSaved: (c: CaseView) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [code, setCode] = useState('');
  const [found, setFound] = useState<CaseSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const wanted = code.trim().toUpperCase();
    setFound(null);
    setMessage(null);
    if (!CaseCode.safeParse(wanted).success) {
      setError(t('case.mergeBadCode'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { items } = await searchCases({ q: wanted, limit: 1 });
      const other = items[0];
      if (!other) setError(t('case.mergeNotFound', { code: wanted }));
      else if (other.id === kase.id) setError(t('case.mergeSelf'));
      else if (other.mergedInto) setError(t('case.mergeAlready', { code: other.code, into: other.mergedInto.code }));
      else setFound(other);
    } catch (err) {
      setError(t('case.saveFailed', { error: errorMessage(t, err) }));
    } finally {
      setBusy(false);
    }
  };

  const merge = async () => {
    if (!found || busy) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(await mergeCase(kase.id, found.id));
      setMessage(t('case.merged', { code: found.code }));
      setFound(null);
      setCode('');
    } catch (err) {
      setError(t('case.saveFailed', { error: errorMessage(t, err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('case.merge')}</h2>
      <p className="hint">{t('case.mergeHint')}</p>
      <form onSubmit={(e) => void find(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-code`}>{t('case.mergeCode')}</label>
          <div className="inline-controls">
            <input id={`${id}-code`} value={code} placeholder="A-2026-0001" autoComplete="off" spellCheck={false}
              onChange={(e) => { setCode(e.target.value); setFound(null); }} />
            <button type="submit" aria-disabled={busy}>{t('case.mergeFind')}</button>
          </div>
        </div>
      </form>
      {found && (
        <div className="confirm-step actions" data-testid="merge-confirm">
          <p className="confirm-question">
            {t('case.mergeQuestion', { code: found.code, into: kase.code })} <RiskPill level={found.riskLevel} />
          </p>
          <button type="button" className="primary" aria-disabled={busy} onClick={() => void merge()}>{t('case.mergeConfirm')}</button>
          <button type="button" className="quiet" onClick={() => setFound(null)}>{t('case.mergeCancel')}</button>
        </div>
      )}
      <p role="status" className="saved">{message ?? ''}</p>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
