import { useCallback, useEffect, useRef, useState } from 'react';
import { acknowledgeRiskAlert, listRiskAlerts } from '../api.js';
import type { RiskAlert } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { formatTime } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { useIndicatorCatalogue } from '../indicators.js';
import { useRealtime } from '../realtime.js';
import { playAlert } from '../ring.js';
import { Link } from '../router.js';
import { RiskReasons } from './intake/RiskReasons.js';

/** One open alert: who raised it and why, the contact, and Acknowledge. */
function AlertBanner({ alert, onGone }: { alert: RiskAlert; onGone: (id: string) => void }) {
  const { t, locale } = useI18n();
  const { catalogue } = useIndicatorCatalogue();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const acknowledge = async () => {
    setBusy(true);
    setError(null);
    try {
      await acknowledgeRiskAlert(alert.id);
      onGone(alert.id);
    } catch (err) {
      setError(t('riskAlert.failed', { error: errorMessage(t, err) }));
      setBusy(false);
    }
  };
  const time = formatTime(alert.raisedAt, locale);
  return (
    <div role="alert" className="banner banner-danger risk-alert" data-testid="risk-alert" data-alert-id={alert.id} data-contact-id={alert.contactId}>
      <div className="risk-alert-text">
        <p className="risk-alert-title">
          {alert.operator
            ? t('riskAlert.title', { name: alert.operator.displayName, time })
            : t('riskAlert.titleNoOperator', { time })}
        </p>
        <RiskReasons reasons={alert.reasons} catalogue={catalogue} />
        <p><Link href={`/contacts/${encodeURIComponent(alert.contactId)}`}>{t('riskAlert.open')}</Link></p>
      </div>
      <div className="risk-alert-actions">
        <button type="button" className="primary" aria-disabled={busy} onClick={() => { if (!busy) void acknowledge(); }}>
          {busy ? t('riskAlert.acknowledging') : t('riskAlert.acknowledge')}
        </button>
        {error && <p className="field-error">{error}</p>}
      </div>
    </div>
  );
}

/**
 * Supervisors: every IMMEDIATE assessment not yet acknowledged, on every page, with a tone when one
 * arrives. The first supervisor to acknowledge removes it from everyone's screen.
 */
export function RiskAlerts() {
  const { onRiskAlert, onConnected } = useRealtime();
  const [alerts, setAlerts] = useState<RiskAlert[]>([]);
  // An acknowledgement can overtake a list fetched just before it: never bring those back.
  const gone = useRef(new Set<string>());
  const alive = useRef(true);

  const load = useCallback(() => {
    listRiskAlerts().then((items) => {
      if (alive.current) setAlerts(items.filter((a) => !gone.current.has(a.id)));
    }, () => undefined);
  }, []);

  const remove = useCallback((id: string) => {
    gone.current.add(id);
    setAlerts((old) => old.filter((a) => a.id !== id));
  }, []);

  useEffect(() => {
    alive.current = true;
    load();
    const offConnected = onConnected(load);
    const offAlert = onRiskAlert(({ kind, alert }) => {
      if (kind === 'acknowledged') {
        remove(alert.id);
        return;
      }
      if (gone.current.has(alert.id)) return;
      setAlerts((old) => (old.some((a) => a.id === alert.id) ? old : [...old, alert]));
      playAlert();
    });
    return () => {
      alive.current = false;
      offConnected();
      offAlert();
    };
  }, [load, remove, onConnected, onRiskAlert]);

  return (
    <div className="risk-alerts" data-testid="risk-alerts">
      {alerts.map((a) => <AlertBanner key={a.id} alert={a} onGone={remove} />)}
    </div>
  );
}
