import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { getWallboard } from '../api.js';
import { FloorOperators } from '../components/FloorOperators.js';
import { RoutingSettingsSection } from '../components/RoutingForm.js';
import { ServiceLevels } from '../components/ServiceLevels.js';
import { WaitingCalls } from '../components/WaitingCalls.js';
import {
  LONG_WAIT_SECONDS, newAlerts, waitedSeconds, waitingByLanguage, type FloorAlert,
} from '../components/wallboard.js';
import type { Wallboard, WaitingCall } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { formatClock, formatTime } from '../format.js';
import { useNow, useTitle } from '../hooks.js';
import { LanguageName, languageName, useI18n, WithLanguage } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';
import { playAlert } from '../ring.js';

/** A safety net under the live events (a missed one, a sleeping laptop); the events do the real work. */
const POLL_MS = 30_000;

interface Loaded {
  board: Wallboard;
  /** Server clock minus this browser's: waits are counted on the server's clock. */
  skewMs: number;
}

/**
 * The board, fetched on every `wallboard:changed` and (re)connect. One request at a time: a change
 * during a request asks for one more afterwards, so bursts cost two requests and nothing is missed.
 */
function useWallboard(): { loaded: Loaded | null; error: string | null; reload: () => void } {
  const { t } = useI18n();
  const { onFloorChanged } = useRealtime();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tRef = useRef(t);
  tRef.current = t;
  const alive = useRef(true);
  const busy = useRef(false);
  const again = useRef(false);

  const reload = useCallback(() => {
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    void (async () => {
      do {
        again.current = false;
        try {
          const sent = Date.now();
          const board = await getWallboard();
          if (!alive.current) break;
          const measured = Date.parse(board.at) - (sent + Date.now()) / 2;
          setLoaded((old) => ({
            board,
            // Keep the old estimate unless it is clearly off, so clocks do not stutter by a second.
            skewMs: old && Math.abs(old.skewMs - measured) < 1000 ? old.skewMs : measured,
          }));
          setError(null);
        } catch (err) {
          if (alive.current) setError(errorMessage(tRef.current, err));
        }
      } while (again.current && alive.current);
      busy.current = false;
    })();
  }, []);

  useEffect(() => {
    alive.current = true;
    reload();
    const off = onFloorChanged(reload);
    const every = window.setInterval(reload, POLL_MS);
    return () => {
      alive.current = false;
      off();
      window.clearInterval(every);
    };
  }, [reload, onFloorChanged]);

  return { loaded, error, reload };
}

/** Danger and long waits: raised once per call, with a tone; gone when the call stops waiting, or dismissed. */
function useFloorAlerts(waiting: readonly WaitingCall[] | null, now: number): { alerts: FloorAlert[]; dismiss: (id: string) => void } {
  const alerted = useRef(new Set<string>());
  const [alerts, setAlerts] = useState<FloorAlert[]>([]);
  useEffect(() => {
    if (!waiting) return;
    const fresh = newAlerts(waiting, now, alerted.current);
    const still = new Set(waiting.map((c) => c.contactId));
    setAlerts((old) => {
      const kept = old.filter((a) => still.has(a.contactId));
      return fresh.length === 0 && kept.length === old.length ? old : [...fresh, ...kept];
    });
    if (fresh.length) playAlert();
  }, [waiting, now]);
  const dismiss = useCallback((id: string) => setAlerts((old) => old.filter((a) => a.id !== id)), []);
  return { alerts, dismiss };
}

function Alerts({ alerts, onDismiss }: { alerts: readonly FloorAlert[]; onDismiss: (id: string) => void }) {
  const { t } = useI18n();
  return (
    <div className="floor-alerts" data-testid="wallboard-alerts">
      {alerts.map((alert) => {
        const wait = formatClock(alert.waitedSeconds);
        const text = t(`wallboard.alert.${alert.kind}`, { wait, limit: formatClock(LONG_WAIT_SECONDS) });
        return (
          <div
            key={alert.id}
            role="alert"
            className={`banner floor-alert ${alert.kind === 'danger' ? 'banner-danger' : 'banner-warn'}`}
            data-testid="wallboard-alert"
            data-kind={alert.kind}
            data-contact-id={alert.contactId}
          >
            <p><WithLanguage text={text} language={alert.language} /></p>
            <button
              type="button"
              className="quiet"
              aria-label={t('wallboard.alert.dismissOne', { text: text.replace('{language}', languageName(t, alert.language)) })}
              onClick={() => onDismiss(alert.id)}
            >
              {t('wallboard.alert.dismiss')}
            </button>
          </div>
        );
      })}
    </div>
  );
}

function Summary({ waiting, now }: { waiting: readonly WaitingCall[]; now: number }) {
  const { t } = useI18n();
  const longest = waiting.reduce((max, call) => Math.max(max, waitedSeconds(call, now)), 0);
  const byLanguage = waitingByLanguage(waiting);
  return (
    <dl className="facts summary">
      <div>
        <dt>{t('wallboard.waitingCount')}</dt>
        <dd data-testid="summary-waiting">{waiting.length}</dd>
      </div>
      <div>
        <dt>{t('wallboard.longestWait')}</dt>
        <dd data-testid="summary-longest" className={longest >= LONG_WAIT_SECONDS ? 'urgent' : undefined}>
          {waiting.length ? <time>{formatClock(longest)}</time> : t('app.dash')}
        </dd>
      </div>
      <div>
        <dt>{t('wallboard.byLanguage')}</dt>
        <dd data-testid="summary-languages">
          {byLanguage.length === 0 ? t('app.dash') : (
            <ul className="inline-list">
              {byLanguage.map(({ language, count }) => (
                <li key={language} data-language={language}><LanguageName language={language} /> {count}</li>
              ))}
            </ul>
          )}
        </dd>
      </div>
    </dl>
  );
}

/** `/wallboard`: the supervisor's live view of the floor, refreshed by the server's `wallboard:changed`. */
export function WallboardPage({ userId }: { userId: string }) {
  const { t, locale } = useI18n();
  useTitle(t('wallboard.title'));
  const summaryId = useId();
  const waitingId = useId();
  const operatorsId = useId();
  const serviceId = useId();
  const { loaded, error, reload } = useWallboard();
  const now = useNow() + (loaded?.skewMs ?? 0);
  const { alerts, dismiss } = useFloorAlerts(loaded?.board.waiting ?? null, now);
  const board = loaded?.board;

  return (
    <>
      <h1 tabIndex={-1}>{t('wallboard.title')}</h1>
      <Alerts alerts={alerts} onDismiss={dismiss} />
      {error && !board && <p role="alert" className="error">{t('wallboard.loadFailed', { error })}</p>}
      {error && board && <p role="status" className="banner banner-info">{t('wallboard.stale', { error, time: formatTime(board.at, locale) })}</p>}
      {!board && !error && <p className="muted">{t('wallboard.loading')}</p>}
      {board && (
        <div className="wallboard" data-testid="wallboard" data-at={board.at}>
          <section className="panel" aria-labelledby={summaryId}>
            <h2 id={summaryId}>{t('wallboard.summary')}</h2>
            <Summary waiting={board.waiting} now={now} />
          </section>
          <section className="panel" aria-labelledby={waitingId}>
            <h2 id={waitingId}>{t('wallboard.waitingTitle')}</h2>
            <WaitingCalls waiting={board.waiting} operators={board.operators} now={now} onChanged={reload} />
          </section>
          <section className="panel" aria-labelledby={operatorsId}>
            <h2 id={operatorsId}>{t('wallboard.operatorsTitle')}</h2>
            <FloorOperators operators={board.operators} now={now} myId={userId} />
          </section>
          <section className="panel" aria-labelledby={serviceId}>
            <h2 id={serviceId}>{t('wallboard.serviceTitle')}</h2>
            <ServiceLevels today={board.today} lastHour={board.lastHour} />
          </section>
        </div>
      )}
      <RoutingSettingsSection />
    </>
  );
}
