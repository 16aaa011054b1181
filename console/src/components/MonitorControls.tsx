import { useEffect, useId, useRef, useState } from 'react';
import { monitorCall } from '../api.js';
import { MONITOR_MODES, type MonitorCall } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useT, type MessageKey } from '../i18n/index.js';

type Mode = MonitorCall['mode'];

const TEXT: Record<Mode, { button: MessageKey; now: MessageKey }> = {
  listen: { button: 'monitor.listen', now: 'monitor.listening' },
  coach: { button: 'monitor.coach', now: 'monitor.coaching' },
  join: { button: 'monitor.join', now: 'monitor.joined' },
};

/**
 * Listen / Coach / Join on one operator's call: the supervisor's own phone is called in, and a
 * change of mode moves that same phone. The mode pressed is the last one the server accepted from
 * this page; the supervisor leaves by hanging up, which no request tells the console. Keyed by the
 * call, so a new call starts unpressed.
 */
export function MonitorControls({ contactId, operatorName }: { contactId: string; operatorName: string }) {
  const t = useT();
  const id = useId();
  const [mode, setMode] = useState<Mode | null>(null);
  const [busy, setBusy] = useState<Mode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const choose = async (next: Mode) => {
    // The mode already pressed is sent again too: after a hang-up, that calls the phone back in.
    if (busy) return;
    setBusy(next);
    setError(null);
    try {
      await monitorCall(contactId, next);
      if (alive.current) setMode(next);
    } catch (err) {
      if (alive.current) setError(t('monitor.failed', { error: errorMessage(t, err) }));
    } finally {
      if (alive.current) setBusy(null);
    }
  };

  return (
    <div className="monitor" data-testid="monitor" data-mode={mode ?? ''}>
      <div className="segmented" role="group" aria-label={t('monitor.group', { name: operatorName })}>
        {MONITOR_MODES.map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={mode === m}
            // Not `disabled`: that would drop the focus of the supervisor who just pressed it.
            aria-disabled={busy !== null || undefined}
            aria-describedby={`${id}-note`}
            onClick={() => void choose(m)}
          >
            {t(TEXT[m].button)}
          </button>
        ))}
      </div>
      <p id={`${id}-note`} className="hint">{t('monitor.note')}</p>
      <p role="status" className="saved row-message" data-testid="monitor-status">
        {mode ? t(TEXT[mode].now, { name: operatorName }) : ''}
      </p>
      {error && <p role="alert" className="error row-message" data-testid="monitor-error">{error}</p>}
    </div>
  );
}
