import { useId } from 'react';
import { useT } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';

/** Available / Away, and the state the server holds for the operator. */
export function StateSwitch() {
  const t = useT();
  const { presence, presenceError, setState } = useRealtime();
  const headingId = useId();
  const state = presence?.state ?? 'offline';
  return (
    <section className="panel state" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('console.myState')}</h2>
      <p className="state-line">
        {t('console.stateLabel')}{' '}
        <strong className={`state-value state-${state}`} data-testid="my-state" data-state={state}>
          {t(`state.${state}`)}
        </strong>
      </p>
      <div className="segmented" role="group" aria-labelledby={headingId}>
        <button type="button" aria-pressed={state === 'available'} onClick={() => setState('available')}>
          {t('console.available')}
        </button>
        <button type="button" aria-pressed={state === 'away'} onClick={() => setState('away')}>
          {t('console.away')}
        </button>
      </div>
      {presenceError && (
        <p role="alert" className="error">
          {t('console.stateFailed', { error: presenceError === 'timeout' ? t('offer.timeout') : presenceError })}
        </p>
      )}
    </section>
  );
}
