import { useState } from 'react';
import { createCase, linkContactToCase } from '../api.js';
import { errorMessage } from '../errors.js';
import { useT } from '../i18n/index.js';
import { Link, navigate } from '../router.js';

/**
 * The contact's case: a link when it has one, else "Create case", which saves the triage form first
 * (the new case is filled from it) and opens the case; for a repeat caller whose last call is in a
 * case, "Add to case …" too.
 */
export function CaseForContact({ contactId, caseId, beforeCreate, earlierCase }: {
  contactId: string;
  caseId: string | null;
  beforeCreate: () => Promise<unknown>;
  /** The case of this number's latest earlier contact, when the reader may see it. */
  earlierCase?: { id: string; code: string } | null;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (caseId) {
    return (
      <p className="contact-case" data-testid="contact-case">
        <Link href={`/cases/${encodeURIComponent(caseId)}`}>{t('caseLink.open')}</Link>
      </p>
    );
  }
  const create = async (into: { id: string } | null) => {
    setBusy(true);
    setError(null);
    try {
      await beforeCreate();
      const opened = into ? await linkContactToCase(into.id, contactId) : await createCase({ contactId });
      navigate(`/cases/${encodeURIComponent(opened.id)}`);
    } catch (err) {
      setError(t('caseLink.failed', { error: errorMessage(t, err) }));
      setBusy(false);
    }
  };
  return (
    <div className="contact-case">
      <div className="actions">
        {earlierCase && (
          <button type="button" data-testid="add-to-case" aria-disabled={busy} onClick={() => { if (!busy) void create(earlierCase); }}>
            {t('caseLink.addTo', { code: earlierCase.code })}
          </button>
        )}
        <button type="button" data-testid="create-case" aria-disabled={busy} onClick={() => { if (!busy) void create(null); }}>
          {busy ? t('caseLink.creating') : t('caseLink.create')}
        </button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
