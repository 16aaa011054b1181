import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { ApiError, liftBlock, listBlocks } from '../api.js';
import type { BlockView } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { formatDateMedium } from '../format.js';
import { useTitle } from '../hooks.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { Link } from '../router.js';

/** Where focus goes once a row changed: a control in a row, or the page heading when none is left. */
type FocusTarget = { blockId: string; control: 'lift' | 'confirm' } | { blockId: null };

function BlockRow({ block, asking, lifting, onAsk, onCancel, onConfirm }: {
  block: BlockView;
  asking: boolean;
  lifting: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const since = formatDateMedium(block.createdAt, locale);
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && !lifting) {
      event.preventDefault();
      onCancel();
    }
  };
  return (
    <tr data-testid="block-row" data-block-id={block.id}>
      <td id={`${id}-reason`}>{t(`blockReason.${block.reason}`)}</td>
      <td>{block.createdBy || t('app.dash')}</td>
      <td><time dateTime={block.createdAt}>{since}</time></td>
      <td id={`${id}-until`}><time dateTime={block.expiresAt}>{formatDateMedium(block.expiresAt, locale)}</time></td>
      <td>
        <Link href={`/contacts/${encodeURIComponent(block.contactId)}`}>
          {t('blocks.openContact')}<span className="visually-hidden">, {t(`blockReason.${block.reason}`)}, {since}</span>
        </Link>
      </td>
      <td>
        {!asking && (
          <button type="button" className="danger" data-focus="lift" onClick={onAsk} aria-describedby={`${id}-reason ${id}-until`}>
            {t('blocks.lift')}
          </button>
        )}
        {asking && (
          <div className="row-actions confirm-step" role="group" aria-labelledby={`${id}-question`} onKeyDown={onKey}>
            <span id={`${id}-question`} className="confirm-question">{t('blocks.question')}</span>
            <button type="button" className="danger" data-focus="confirm" disabled={lifting} onClick={onConfirm}>
              {lifting ? t('blocks.lifting') : t('blocks.confirm')}
            </button>
            <button type="button" className="quiet" disabled={lifting} onClick={onCancel}>{t('blocks.cancel')}</button>
          </div>
        )}
      </td>
    </tr>
  );
}

/** `/blocks`: the numbers blocked now (never the numbers themselves), each lifted with a confirm step. */
export function BlocksPage() {
  const { t } = useI18n();
  useTitle(t('blocks.title'));
  const [items, setItems] = useState<BlockView[] | null>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [lifting, setLifting] = useState<string | null>(null);
  const [news, setNews] = useState<MessageKey | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const pendingFocus = useRef<FocusTarget | null>(null);
  const alive = useRef(true);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    alive.current = true;
    listBlocks().then(
      (list) => { if (alive.current) setItems(list.items); },
      (err: unknown) => { if (alive.current) setError(tRef.current('blocks.loadFailed', { error: errorMessage(tRef.current, err) })); },
    );
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    if (target.blockId === null) {
      document.querySelector<HTMLElement>('main h1')?.focus();
      return;
    }
    tableRef.current?.querySelector<HTMLElement>(`[data-block-id="${target.blockId}"] [data-focus="${target.control}"]`)?.focus();
  });

  const ask = (blockId: string) => {
    setNews(null);
    setError(null);
    setAsking(blockId);
    pendingFocus.current = { blockId, control: 'confirm' };
  };

  const cancel = (blockId: string) => {
    setAsking(null);
    pendingFocus.current = { blockId, control: 'lift' };
  };

  /** Drops the row; focus moves to the row that took its place, or the one above, or the heading. */
  const drop = (blockId: string) => {
    const old = itemsRef.current ?? [];
    const index = old.findIndex((b) => b.id === blockId);
    const next = old.filter((b) => b.id !== blockId);
    const neighbour = next[index] ?? next[index - 1];
    pendingFocus.current = neighbour ? { blockId: neighbour.id, control: 'lift' } : { blockId: null };
    setItems(next);
    setAsking(null);
  };

  const lift = async (blockId: string) => {
    if (lifting) return;
    setLifting(blockId);
    try {
      await liftBlock(blockId);
      if (!alive.current) return;
      drop(blockId);
      setNews('blocks.lifted');
    } catch (err) {
      if (!alive.current) return;
      if (err instanceof ApiError && err.status === 404) {
        // Lifted by someone else, or expired meanwhile: either way it is no longer active.
        drop(blockId);
        setNews('blocks.gone');
      } else {
        setError(t('blocks.liftFailed', { error: errorMessage(t, err) }));
        pendingFocus.current = { blockId, control: 'confirm' };
      }
    } finally {
      if (alive.current) setLifting(null);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{t('blocks.title')}</h1>
      <p>{t('blocks.intro')}</p>
      <div role="status" className="notice" data-testid="blocks-news">{news && <p>{t(news)}</p>}</div>
      {error && <p role="alert" className="error">{error}</p>}
      {items === null && !error && <p className="muted">{t('blocks.loading')}</p>}
      {items !== null && items.length === 0 && <p className="muted" data-testid="blocks-empty">{t('blocks.empty')}</p>}
      {items !== null && items.length > 0 && (
        <div className="table-wrap">
          <table ref={tableRef} className="contacts blocks">
            <caption>{t('blocks.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('blocks.reason')}</th>
                <th scope="col">{t('blocks.by')}</th>
                <th scope="col">{t('blocks.since')}</th>
                <th scope="col">{t('blocks.until')}</th>
                <th scope="col">{t('blocks.contact')}</th>
                <th scope="col">{t('blocks.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <BlockRow
                  key={b.id}
                  block={b}
                  asking={asking === b.id}
                  lifting={lifting === b.id}
                  onAsk={() => ask(b.id)}
                  onCancel={() => cancel(b.id)}
                  onConfirm={() => void lift(b.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
