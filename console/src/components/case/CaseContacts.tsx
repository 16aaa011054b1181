import { useId, useState, type FormEvent } from 'react';
import { linkContactToCase } from '../../api.js';
import { LANGUAGES, type CaseView, type Language } from '../../contracts.js';
import { errorMessage } from '../../errors.js';
import { formatDateTime } from '../../format.js';
import { LanguageName, useI18n } from '../../i18n/index.js';
import { useRiskLabel } from '../../i18n/risk.js';
import { Link } from '../../router.js';
import { RiskPill } from './RiskPill.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const contactHref = (id: string) => `/contacts/${encodeURIComponent(id)}`;

/** The contract gives a linked contact's language as plain text: shown by name when it is one of ours. */
function CallLanguage({ language }: { language: string | null }) {
  const known = LANGUAGES.find((l): l is Language => l === language);
  return known || language === null ? <LanguageName language={known ?? null} /> : <>{language}</>;
}

function LinkContact({ kase, onSaved }: { kase: CaseView; onSaved: (c: CaseView) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [ref, setRef] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!UUID.test(ref.trim())) {
      setError(t('case.contactRefInvalid'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(await linkContactToCase(kase.id, ref.trim()));
      setRef('');
    } catch (err) {
      setError(t('case.saveFailed', { error: errorMessage(t, err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor={`${id}-ref`}>{t('case.linkContact')}</label>
        <p id={`${id}-hint`} className="hint">{t('case.linkContactHint')}</p>
        <div className="inline-controls">
          <input id={`${id}-ref`} value={ref} onChange={(e) => setRef(e.target.value)} aria-describedby={`${id}-hint`}
            aria-invalid={error ? true : undefined} spellCheck={false} autoComplete="off" />
          <button type="submit" aria-disabled={busy}>{t('case.link')}</button>
        </div>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

/** The calls that belong to the case, each with its own risk level, and a way to add another. */
export function CaseContacts({ kase, onSaved }: { kase: CaseView; onSaved: (c: CaseView) => void }) {
  const { t, locale } = useI18n();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('case.contacts')}</h2>
      {kase.contacts.length === 0
        ? <p className="muted">{t('case.noContacts')}</p>
        : (
          <div className="table-wrap">
            <table className="grid" aria-labelledby={headingId} data-testid="case-contacts">
              <thead>
                <tr>
                  <th scope="col">{t('contacts.startedAt')}</th>
                  <th scope="col">{t('contacts.language')}</th>
                  <th scope="col">{t('case.risk')}</th>
                </tr>
              </thead>
              <tbody>
                {kase.contacts.map((c) => (
                  <tr key={c.id} data-testid="case-contact" data-contact-id={c.id}>
                    <td><Link href={contactHref(c.id)}>{formatDateTime(c.startedAt, locale)}</Link></td>
                    <td><CallLanguage language={c.language} /></td>
                    <td><RiskPill level={c.riskLevel} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {!kase.mergedInto && <LinkContact kase={kase} onSaved={onSaved} />}
    </section>
  );
}

/** Every risk assessment made in the case's contacts, newest first. */
export function CaseAssessments({ kase }: { kase: CaseView }) {
  const { t, locale } = useI18n();
  const label = useRiskLabel();
  const headingId = useId();
  const dash = t('app.dash');
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('case.assessments')}</h2>
      {kase.assessments.length === 0
        ? <p className="muted">{t('case.noAssessments')}</p>
        : (
          <div className="table-wrap">
            <table className="grid" aria-labelledby={headingId} data-testid="case-assessments">
              <thead>
                <tr>
                  <th scope="col">{t('case.assessedAt')}</th>
                  <th scope="col">{t('case.level')}</th>
                  <th scope="col">{t('case.computedLevel')}</th>
                  <th scope="col">{t('case.assessedBy')}</th>
                  <th scope="col">{t('case.contact')}</th>
                </tr>
              </thead>
              <tbody>
                {kase.assessments.map((a, i) => (
                  <tr key={`${a.at}-${i}`} data-testid="case-assessment" data-level={a.level}>
                    <td>{formatDateTime(a.at, locale)}</td>
                    <td><RiskPill level={a.level} />{a.overridden && <span className="hint"> {t('case.overridden')}</span>}</td>
                    <td>{label(a.computed)}</td>
                    <td>{a.by?.displayName ?? dash}</td>
                    <td>{a.contactId ? <Link href={contactHref(a.contactId)}>{t('case.openContact')}</Link> : dash}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}
