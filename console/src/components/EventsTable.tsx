import type { ReactNode } from 'react';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n/index.js';

export interface EventRow { at: string; kind: string; what: string; who: string | null; detail: ReactNode }

/** A timeline as a table, oldest first: when, what, who, and the detail. The contact's and the case's. */
export function EventsTable({ rows, labelledBy, testId, rowTestId }: { rows: readonly EventRow[]; labelledBy: string; testId: string; rowTestId: string }) {
  const { t, locale } = useI18n();
  const dash = t('app.dash');
  return (
    <div className="table-wrap">
      <table className="grid" aria-labelledby={labelledBy} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('contact.eventAt')}</th>
            <th scope="col">{t('contact.eventWhat')}</th>
            <th scope="col">{t('contact.eventWho')}</th>
            <th scope="col">{t('contact.eventDetail')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e, i) => (
            <tr key={`${e.at}-${i}`} data-testid={rowTestId} data-kind={e.kind}>
              <td><time dateTime={e.at}>{formatDateTime(e.at, locale)}</time></td>
              <td>{e.what}</td>
              <td>{e.who ?? dash}</td>
              <td>{e.detail ?? dash}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
