import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { listCallbacks } from '../api.js';
import { LANGUAGES, type CallbackTask, type Language } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { formatDateTime, formatDuration, formatRelative } from '../format.js';
import { useNow } from '../hooks.js';
import { LanguageName, useI18n } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';
import { Link } from '../router.js';

const REFRESH_MS = 60_000;

const isLanguage = (value: string | null): value is Language => value !== null && (LANGUAGES as readonly string[]).includes(value);

function CallbackRow({ task, now }: { task: CallbackTask; now: number }) {
  const { t, locale } = useI18n();
  const left = t('callbacks.left', { when: formatRelative(task.leftAt, now, locale) });
  return (
    <li className={`callback${task.danger ? ' callback-danger' : ''}`} data-testid="callback-row" data-contact-id={task.contactId}>
      <p className="callback-head">
        <Link href={`/contacts/${encodeURIComponent(task.contactId)}`}>
          {isLanguage(task.language) ? <LanguageName language={task.language} /> : (task.language ?? t('app.dash'))}
          <span className="visually-hidden">, {left}</span>
        </Link>
        {task.danger && <span className="badge badge-danger">{t('offer.danger')}</span>}
      </p>
      <p className="callback-meta">
        <time dateTime={task.leftAt} title={formatDateTime(task.leftAt, locale)}>{left}</time>
        {' · '}
        {task.messageSeconds === null ? t('callbacks.noMessage') : t('callbacks.message', { duration: formatDuration(task.messageSeconds) })}
      </p>
      <p className="callback-meta muted">
        <time dateTime={task.expiresAt} title={formatDateTime(task.expiresAt, locale)}>
          {t('callbacks.expires', { when: formatRelative(task.expiresAt, now, locale) })}
        </time>
      </p>
      {task.cannotTalkFreely && <p className="note">{t('offer.cannotTalk')}</p>}
    </li>
  );
}

/**
 * Messages callers left asking to be called back, in the operator's languages. Refreshed when a
 * contact changes and every minute (the server tells operators of changes to their own calls only).
 */
export function CallbackRequests() {
  const { t } = useI18n();
  const headingId = useId();
  const { onContactChanged } = useRealtime();
  const [items, setItems] = useState<CallbackTask[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useNow(true, 30_000);
  const tRef = useRef(t);
  tRef.current = t;
  const alive = useRef(true);

  const load = useCallback(async () => {
    try {
      const list = await listCallbacks();
      if (!alive.current) return;
      setItems(list.items);
      setError(null);
    } catch (err) {
      if (alive.current) setError(errorMessage(tRef.current, err));
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    void load();
    const every = window.setInterval(() => void load(), REFRESH_MS);
    let soon: number | undefined;
    // Bursts of events (a call moving through the IVR) become one request.
    const off = onContactChanged(() => {
      window.clearTimeout(soon);
      soon = window.setTimeout(() => void load(), 300);
    });
    return () => {
      alive.current = false;
      window.clearInterval(every);
      window.clearTimeout(soon);
      off();
    };
  }, [load, onContactChanged]);

  return (
    <section className="panel callbacks" data-testid="callback-list" aria-labelledby={headingId} aria-busy={items === null && !error}>
      <h2 id={headingId}>{t('callbacks.title')}</h2>
      <p className="hint">{t('callbacks.intro')}</p>
      {error && <p role="alert" className="error">{t('callbacks.failed', { error })}</p>}
      {items === null && !error && <p className="muted">{t('callbacks.loading')}</p>}
      {items !== null && items.length === 0 && <p className="muted" data-testid="callback-empty">{t('callbacks.empty')}</p>}
      {items !== null && items.length > 0 && (
        <ul className="callback-list" aria-labelledby={headingId}>
          {items.map((task) => <CallbackRow key={task.contactId} task={task} now={now} />)}
        </ul>
      )}
    </section>
  );
}
