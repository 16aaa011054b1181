import { useEffect, useId, useRef, useState } from 'react';
import { EDITS_IVR_SETTINGS } from '../access.js';
import { getInterpreterLines, getIvrSettings, getOnCallTable } from '../api.js';
import { InterpreterEditor, InterpreterView } from '../components/InterpreterEditor.js';
import { IvrLimitsForm, IvrLimitsView } from '../components/IvrLimits.js';
import { OnCallEditor } from '../components/OnCallEditor.js';
import { OnCallView } from '../components/OnCallView.js';
import type { InterpreterTable, IvrSettings as Settings, OnCallTable, Role } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useTitle } from '../hooks.js';
import { useT } from '../i18n/index.js';

type Loaded = { settings: Settings; table: OnCallTable; interpreters: InterpreterTable };

/**
 * `/admin/ivr`: how long callers wait, where they go next, how long call-back numbers are kept, and
 * the interpreter lines operators bring into calls.
 */
export function IvrSettingsPage({ role }: { role: Role }) {
  const t = useT();
  useTitle(t('ivr.title'));
  const limitsId = useId();
  const oncallId = useId();
  const interpretersId = useId();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tRef = useRef(t);
  tRef.current = t;
  const editable = EDITS_IVR_SETTINGS.includes(role);

  useEffect(() => {
    let current = true;
    Promise.all([getIvrSettings(), getOnCallTable(), getInterpreterLines()]).then(
      ([settings, table, interpreters]) => { if (current) setLoaded({ settings, table, interpreters }); },
      (err: unknown) => { if (current) setError(tRef.current('ivr.loadFailed', { error: errorMessage(tRef.current, err) })); },
    );
    return () => {
      current = false;
    };
  }, []);

  return (
    <>
      <h1 tabIndex={-1}>{t('ivr.title')}</h1>
      {!editable && <p className="banner banner-info" data-testid="ivr-read-only">{t('ivr.readOnly')}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      {!loaded && !error && <p className="muted">{t('app.loading')}</p>}
      {loaded && (
        <>
          <section className="panel" aria-labelledby={limitsId}>
            <h2 id={limitsId}>{t('ivr.limits')}</h2>
            {editable
              ? <IvrLimitsForm initial={loaded.settings} labelledBy={limitsId} />
              : <IvrLimitsView settings={loaded.settings} />}
          </section>
          <section className="panel" aria-labelledby={oncallId}>
            <h2 id={oncallId}>{t('oncall.title')}</h2>
            <p>{t('oncall.intro')}</p>
            {editable
              ? <OnCallEditor initial={loaded.table} labelledBy={oncallId} />
              : <OnCallView table={loaded.table} labelledBy={oncallId} />}
          </section>
          <section className="panel" aria-labelledby={interpretersId}>
            <h2 id={interpretersId}>{t('interpreters.title')}</h2>
            <p>{t('interpreters.intro')}</p>
            {editable
              ? <InterpreterEditor initial={loaded.interpreters} labelledBy={interpretersId} />
              : <InterpreterView table={loaded.interpreters} labelledBy={interpretersId} />}
          </section>
        </>
      )}
    </>
  );
}
