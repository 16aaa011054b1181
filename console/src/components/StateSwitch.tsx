import { useId } from 'react';
import { formatClock, secondsUntil } from '../format.js';
import { useNow } from '../hooks.js';
import { useT } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';

/** After a call: the time left to finish the record, and the way to end it sooner. */
function WrapUp({ until, labelledBy, onReady, onAway }: {
  until: string | null;
  labelledBy: string;
  onReady: () => void;
  onAway: () => void;
}) {
  const t = useT();
  const now = useNow(until !== null);
  const hintId = useId();
  return (
    <div className="wrap-up" data-testid="wrap-up">
      <p id={hintId} className="hint">{t('console.wrapUpHint')}</p>
      {until !== null && (
        <p className="wrap-up-left">
          {t('console.wrapUpLeft')}{' '}
          {/* A timer is not announced every second; the operator reads it when they look. */}
          <time role="timer" dateTime={until} data-testid="wrap-up-countdown">{formatClock(secondsUntil(until, now))}</time>
        </p>
      )}
      <div className="segmented" role="group" aria-labelledby={labelledBy}>
        <button type="button" className="primary" onClick={onReady} aria-describedby={hintId}>{t('console.ready')}</button>
        <button type="button" onClick={onAway}>{t('console.away')}</button>
      </div>
    </div>
  );
}

/** Available / Away (or, after a call, the wrap-up and "Ready"), and the state the server holds for the operator. */
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
      {state === 'wrap_up'
        ? (
          <WrapUp
            until={presence?.until ?? null}
            labelledBy={headingId}
            onReady={() => setState('available')}
            onAway={() => setState('away')}
          />
        )
        : (
          <div className="segmented" role="group" aria-labelledby={headingId}>
            <button type="button" aria-pressed={state === 'available'} onClick={() => setState('available')}>
              {t('console.available')}
            </button>
            <button type="button" aria-pressed={state === 'away'} onClick={() => setState('away')}>
              {t('console.away')}
            </button>
          </div>
        )}
      {presenceError && (
        <p role="alert" className="error">
          {t('console.stateFailed', { error: presenceError === 'timeout' ? t('offer.timeout') : presenceError })}
        </p>
      )}
    </section>
  );
}
