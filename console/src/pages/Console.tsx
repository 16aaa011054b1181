import { LiveCall } from '../components/LiveCall.js';
import { StateSwitch } from '../components/StateSwitch.js';
import { useTitle } from '../hooks.js';
import { useT } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';

/** The operator's desk: state, then the call (the offer card is shown above every page). */
export function Console({ simulator }: { simulator: boolean }) {
  const t = useT();
  useTitle(t('console.title'));
  const { call, presence, done } = useRealtime();
  return (
    <>
      <h1 tabIndex={-1}>{t('console.title')}</h1>
      <div className="console-grid">
        <StateSwitch />
        {call.phase === 'idle' && (
          <div className="panel idle">
            <p className="muted">{presence?.state === 'away' ? t('console.awayHint') : t('console.waiting')}</p>
          </div>
        )}
        {call.phase === 'connecting' && (
          <div className="panel connecting" data-testid="connecting">
            <p role="status" className="connecting-text">{t('console.connecting')}</p>
            <p className="muted">{t('console.connectingHint')}</p>
          </div>
        )}
        {(call.phase === 'live' || call.phase === 'ended') && <LiveCall call={call} simulator={simulator} onDone={done} />}
      </div>
    </>
  );
}
