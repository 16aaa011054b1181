import { WORKS_CALLBACKS } from '../access.js';
import { CallbackRequests } from '../components/CallbackRequests.js';
import { LiveCall } from '../components/LiveCall.js';
import { StateSwitch } from '../components/StateSwitch.js';
import type { Role } from '../contracts.js';
import { useTitle } from '../hooks.js';
import { useT } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';

/** The operator's desk: state and call-back requests, then the call (the offer card is shown above every page). */
export function Console({ simulator, role }: { simulator: boolean; role: Role }) {
  const t = useT();
  useTitle(t('console.title'));
  const { call, presence, done } = useRealtime();
  return (
    <>
      <h1 tabIndex={-1}>{t('console.title')}</h1>
      <div className="console-grid">
        <div className="console-side">
          <StateSwitch />
          {WORKS_CALLBACKS.includes(role) && <CallbackRequests />}
        </div>
        {call.phase === 'idle' && (
          <div className="panel idle">
            <p className="muted">
              {presence?.state === 'away' ? t('console.awayHint')
                : presence?.state === 'wrap_up' ? t('console.wrapUpIdle')
                  : presence?.state === 'on_call' ? t('console.onCallIdle') : t('console.waiting')}
            </p>
          </div>
        )}
        {call.phase === 'connecting' && call.callbackOf === null && (
          <div className="panel connecting" data-testid="connecting">
            <p role="status" className="connecting-text">{t('console.connecting')}</p>
            <p className="muted">{t('console.connectingHint')}</p>
          </div>
        )}
        {/* The call-back's row announces its progress; this only shows where the call will open. */}
        {call.phase === 'connecting' && call.callbackOf !== null && (
          <div className="panel connecting" data-testid="connecting" data-callback="true">
            <p className="connecting-text">{t('console.callingBack')}</p>
            <p className="muted">{t('console.callingBackHint')}</p>
          </div>
        )}
        {(call.phase === 'live' || call.phase === 'ended') && <LiveCall call={call} simulator={simulator} onDone={done} />}
      </div>
    </>
  );
}
