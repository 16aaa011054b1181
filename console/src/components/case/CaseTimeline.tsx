import { useId } from 'react';
import { CASE_STATUSES, type CaseEventView, type CaseStatus } from '../../contracts.js';
import { formatDateTime } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { Link } from '../../router.js';
import { EventsTable } from '../EventsTable.js';

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
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('case.timeline')}</h2>
      <EventsTable
        labelledBy={headingId} testId="case-events" rowTestId="case-event"
        rows={events.map((e) => ({ at: e.at, kind: e.kind, what: t(`caseEvent.${e.kind}`), who: e.actor?.displayName ?? null, detail: <Detail event={e} names={names} /> }))}
      />
    </section>
  );
}
