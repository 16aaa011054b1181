import { useId } from 'react';
import { CASE_STATUSES, type CaseEventView, type CaseStatus } from '../../contracts.js';
import { formatDateTime } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { Link } from '../../router.js';

/** An event's detail in words: a linked contact opens, an assignee is named, the rest as the server wrote it. */
function Detail({ event, names }: { event: CaseEventView; names: ReadonlyMap<string, string> }) {
  const { t, locale } = useI18n();
  const dash = t('app.dash');
  if (!event.detail) return <>{dash}</>;
  if (event.kind === 'contact_linked') return <Link href={`/contacts/${encodeURIComponent(event.detail)}`}>{t('case.openContact')}</Link>;
  if (event.kind === 'assigned') return <>{names.get(event.detail) ?? dash}</>;
  if (event.kind === 'status_changed') {
    const words = event.detail.split(' → ').map((s) => (CASE_STATUSES.find((c) => c === s) ? t(`caseStatus.${s as CaseStatus}`) : s));
    return <>{words.join(' → ')}</>;
  }
  if (event.kind === 'task_added') return <>{t('case.taskDue', { date: formatDateTime(event.detail, locale) })}</>;
  return <>{event.detail}</>;
}

/** What happened to the case, oldest first. */
export function CaseTimeline({ events, names }: { events: readonly CaseEventView[]; names: ReadonlyMap<string, string> }) {
  const { t, locale } = useI18n();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('case.timeline')}</h2>
      <div className="table-wrap">
        <table className="grid" aria-labelledby={headingId} data-testid="case-events">
          <thead>
            <tr>
              <th scope="col">{t('contact.eventAt')}</th>
              <th scope="col">{t('contact.eventWhat')}</th>
              <th scope="col">{t('contact.eventWho')}</th>
              <th scope="col">{t('contact.eventDetail')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={`${e.at}-${i}`} data-testid="case-event" data-kind={e.kind}>
                <td><time dateTime={e.at}>{formatDateTime(e.at, locale)}</time></td>
                <td>{t(`caseEvent.${e.kind}`)}</td>
                <td>{e.actor?.displayName ?? t('app.dash')}</td>
                <td><Detail event={e} names={names} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
