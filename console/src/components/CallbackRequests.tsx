import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, listCallbacks } from '../api.js';
import { LANGUAGES, type CallbackTask, type Language } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { formatDateTime, formatDuration, formatRelative } from '../format.js';
import { useNow } from '../hooks.js';
import { LanguageName, useI18n } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';
import { Link } from '../router.js';

const REFRESH_MS = 60_000;

const isLanguage = (value: string | null): value is Language => value !== null && (LANGUAGES as readonly string[]).includes(value);

interface RowProps {
  task: CallbackTask;
  now: number;
  /** The operator's own call-back of this request is starting or ringing. */
  calling: boolean;
  /** The operator's last call-back of this request ended unanswered. */
  missed: boolean;
  /** Set while a call (or another call-back) holds the operator: the id of the hint saying so. */
  heldHintId: string | null;
  onCallBack: () => Promise<void>;
}

function CallbackRow({ task, now, calling, missed, heldHintId, onCallBack }: RowProps) {
  const { t, locale } = useI18n();
  const headId = useId();
  const [error, setError] = useState<string | null>(null);
  const left = t('callbacks.left', { when: formatRelative(task.leftAt, now, locale) });
  // The operator's own claim is listed as "in progress" too: their status line says more.
  const colleague = task.inProgressBy !== null && !calling;

  const start = () => {
    // aria-disabled rather than disabled: the button keeps focus, and says why it does nothing.
    if (calling || heldHintId) return;
    setError(null);
    onCallBack().catch((err: unknown) => {
      // The server's refusal says why (a colleague is calling, the number is gone…).
      setError(err instanceof ApiError && (err.status === 409 || err.status === 403) ? err.message : errorMessage(t, err));
    });
  };

  return (
    <li className={`callback${task.danger ? ' callback-danger' : ''}`} data-testid="callback-row" data-contact-id={task.contactId}>
      <p className="callback-head" id={headId}>
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
      {colleague
        ? <p className="callback-meta" data-testid="callback-in-progress">{t('callbacks.inProgressBy', { name: task.inProgressBy || t('callbacks.colleague') })}</p>
        : (
          <p className="callback-actions">
            <button
              type="button"
              className="quiet"
              onClick={start}
              aria-disabled={calling || heldHintId !== null}
              aria-describedby={heldHintId && !calling ? `${headId} ${heldHintId}` : headId}
            >
              {t('callbacks.callBack')}
            </button>
          </p>
        )}
      {/* Always present, so that what it comes to say is announced. */}
      <p role="status" className="callback-status" data-testid="callback-status">
        {calling ? t('callbacks.calling') : missed ? t('callbacks.noAnswer') : null}
      </p>
      {error && <p role="alert" className="error" data-testid="callback-error">{t('callbacks.callFailed', { error })}</p>}
    </li>
  );
}

/**
 * Messages callers left asking to be called back, in the operator's languages, each with its "Call
 * back" button. Refreshed when a contact changes and every minute (the server tells operators of
 * changes to their own calls only).
 */
export function CallbackRequests() {
  const { t } = useI18n();
  const headingId = useId();
  const heldId = useId();
  const { onContactChanged, call, callbackMissed, callBack } = useRealtime();
  const [starting, setStarting] = useState<string | null>(null);
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

  // A call-back that connects or ends changes the list (the number deleted, or the claim lifted).
  const callbackKey = call.phase !== 'idle' && call.callbackOf ? `${call.phase}:${call.callbackOf}` : callbackMissed?.contactId ?? '';
  useEffect(() => {
    if (callbackKey) void load();
  }, [callbackKey, load]);

  const callBackOn = useCallback(async (task: CallbackTask) => {
    setStarting(task.contactId);
    try {
      await callBack(task.contactId, task.language);
    } finally {
      setStarting(null);
    }
  }, [callBack]);

  // One call at a time: while the operator holds one (or a call-back is starting), no other can start.
  const held = call.phase !== 'idle' || starting !== null;
  const attempt = call.phase === 'connecting' ? call.callbackOf : null;

  return (
    <section className="panel callbacks" data-testid="callback-list" aria-labelledby={headingId} aria-busy={items === null && !error}>
      <h2 id={headingId}>{t('callbacks.title')}</h2>
      <p className="hint">{t('callbacks.intro')}</p>
      {error && <p role="alert" className="error">{t('callbacks.failed', { error })}</p>}
      {items === null && !error && <p className="muted">{t('callbacks.loading')}</p>}
      {items !== null && items.length === 0 && <p className="muted" data-testid="callback-empty">{t('callbacks.empty')}</p>}
      {held && items !== null && items.length > 0 && <p className="hint" id={heldId} data-testid="callback-held">{t('callbacks.held')}</p>}
      {items !== null && items.length > 0 && (
        <ul className="callback-list" aria-labelledby={headingId}>
          {items.map((task) => (
            <CallbackRow
              key={task.contactId}
              task={task}
              now={now}
              calling={starting === task.contactId || attempt === task.contactId}
              missed={callbackMissed?.messageId === task.contactId}
              heldHintId={held ? heldId : null}
              onCallBack={() => callBackOn(task)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
