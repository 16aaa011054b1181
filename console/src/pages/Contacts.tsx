import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, getContact, listContacts } from '../api.js';
import type { ContactView } from '../contracts.js';
import { formatDateTime, formatDuration } from '../format.js';
import { useTitle } from '../hooks.js';
import { LanguageName, useI18n, type Translate } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';
import { Link, navigate } from '../router.js';

const PAGE = 25;

const newestFirst = (a: ContactView, b: ContactView) => Date.parse(b.startedAt) - Date.parse(a.startedAt);

/** Merges fresh rows into the loaded ones (fresh wins), newest first. */
function merge(loaded: ContactView[], fresh: ContactView[]): ContactView[] {
  const byId = new Map(loaded.map((c) => [c.id, c]));
  for (const c of fresh) byId.set(c.id, c);
  return [...byId.values()].sort(newestFirst);
}

export function describeError(t: Translate, err: unknown): string {
  if (err instanceof ApiError && err.status === 403) return t('app.noAccess');
  if (err instanceof ApiError && err.status === 0) return t('app.unreachable');
  return t('app.error', { message: err instanceof Error ? err.message : String(err) });
}

export function Contacts() {
  const { t, locale } = useI18n();
  useTitle(t('contacts.title'));
  const { onContactChanged } = useRealtime();
  const [items, setItems] = useState<ContactView[]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  // Errors are worded in the language of the moment, without reloading on a language switch.
  const tRef = useRef(t);
  tRef.current = t;

  const loadFirst = useCallback(async (replace: boolean) => {
    try {
      const page = await listContacts(undefined, PAGE);
      if (!alive.current) return;
      setItems((old) => (replace ? page.items.slice().sort(newestFirst) : merge(old, page.items)));
      // A refresh keeps the cursor of pages already loaded further down.
      if (replace) setNext(page.next);
      setError(null);
    } catch (err) {
      if (alive.current) setError(describeError(tRef.current, err));
    } finally {
      if (alive.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    void loadFirst(true);
    return () => {
      alive.current = false;
    };
  }, [loadFirst]);

  // Live refresh: a changed row is re-read; an unknown one means new contacts on the first page.
  useEffect(() => {
    const pending = new Set<string>();
    let timer: number | undefined;
    const flush = () => {
      const ids = [...pending];
      pending.clear();
      const known = new Set(itemsRef.current.map((c) => c.id));
      if (ids.some((id) => !known.has(id))) {
        void loadFirst(false);
        return;
      }
      for (const id of ids) {
        getContact(id).then((c) => {
          if (alive.current) setItems((old) => merge(old, [c]));
        }, () => undefined);
      }
    };
    const off = onContactChanged((contactId) => {
      pending.add(contactId);
      window.clearTimeout(timer);
      timer = window.setTimeout(flush, 300);
    });
    return () => {
      off();
      window.clearTimeout(timer);
    };
  }, [onContactChanged, loadFirst]);

  const loadMore = async () => {
    if (!next) return;
    setLoading(true);
    try {
      const page = await listContacts(next, PAGE);
      if (!alive.current) return;
      setItems((old) => merge(old, page.items));
      setNext(page.next);
      setError(null);
    } catch (err) {
      if (alive.current) setError(describeError(t, err));
    } finally {
      if (alive.current) setLoading(false);
    }
  };

  const dash = t('app.dash');
  return (
    <>
      <h1 tabIndex={-1}>{t('contacts.title')}</h1>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="table-wrap">
        <table className="contacts" aria-busy={loading}>
          <caption>{t('contacts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('contacts.startedAt')}</th>
              <th scope="col">{t('contacts.language')}</th>
              <th scope="col">{t('contacts.purpose')}</th>
              <th scope="col">{t('contacts.callerType')}</th>
              <th scope="col">{t('contacts.status')}</th>
              <th scope="col">{t('contacts.duration')}</th>
              <th scope="col">{t('contacts.operator')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => {
              const href = `/contacts/${encodeURIComponent(c.id)}`;
              return (
                <tr
                  key={c.id}
                  data-testid="contact-row"
                  data-contact-id={c.id}
                  className="clickable"
                  onClick={(e) => {
                    // The link in the first cell is the keyboard path; the rest of the row is a bigger target.
                    if (!(e.target instanceof HTMLElement) || !e.target.closest('a')) navigate(href);
                  }}
                >
                  <td><Link href={href}>{formatDateTime(c.startedAt, locale)}</Link></td>
                  <td><LanguageName language={c.language} /></td>
                  <td>{c.purpose ? t(`purpose.${c.purpose}`) : dash}</td>
                  <td>{c.record ? t(`callerType.${c.record.callerType}`) : dash}</td>
                  <td><span className={`pill status-${c.status}`}>{t(`status.${c.status}`)}</span></td>
                  <td>{formatDuration(c.durationSeconds)}</td>
                  <td>{c.operator?.displayName ?? dash}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {loading && items.length === 0 && <p className="muted">{t('contacts.loading')}</p>}
      {!loading && !error && items.length === 0 && <p className="muted">{t('contacts.empty')}</p>}
      {next && (
        <p>
          <button type="button" onClick={() => void loadMore()} disabled={loading}>{t('contacts.loadMore')}</button>
        </p>
      )}
    </>
  );
}
