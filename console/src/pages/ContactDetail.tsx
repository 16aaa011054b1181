import { useEffect, useRef, useState, type ReactNode } from 'react';
import { BLOCKS_CALLERS, WORKS_CASES } from '../access.js';
import { ApiError, getContact } from '../api.js';
import type { ContactEventView, ContactView, Role } from '../contracts.js';
import { BlockSection } from '../components/BlockSection.js';
import { EventsTable } from '../components/EventsTable.js';
import { describeEarlier } from '../components/EarlierContacts.js';
import { IntakeForm } from '../components/IntakeForm.js';
import { callerKindOf } from '../components/intake/answers.js';
import { formatDateTime, formatDuration } from '../format.js';
import { useTitle } from '../hooks.js';
import { LanguageName, useI18n } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';
import { Link } from '../router.js';
import { describeError } from './Contacts.js';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** What happened during the call, oldest first: when, what, who, and the detail (which interpreter line). */
function CallEvents({ events }: { events: readonly ContactEventView[] }) {
  const { t } = useI18n();
  return (
    <section className="call-events" aria-labelledby="contact-events">
      <h3 id="contact-events">{t('contact.events')}</h3>
      {events.length === 0
        ? <p className="muted" data-testid="contact-events-none">{t('contact.eventsNone')}</p>
        : (
          <EventsTable
            labelledBy="contact-events" testId="contact-events" rowTestId="contact-event"
            rows={events.map((e) => ({ at: e.at, kind: e.kind, what: t(`contactEvent.${e.kind}`), who: e.actor?.displayName ?? null, detail: e.detail }))}
          />
        )}
    </section>
  );
}

export function ContactDetail({ id, role }: { id: string; role: Role }) {
  const { t, locale } = useI18n();
  useTitle(t('contact.title'));
  const { onContactChanged, onRiskAlert } = useRealtime();
  const [contact, setContact] = useState<ContactView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    let current = true;
    const load = () => {
      getContact(id).then(
        (c) => {
          if (!current) return;
          setContact(c);
          setError(null);
        },
        (err: unknown) => {
          if (!current) return;
          setError(err instanceof ApiError && err.status === 404 ? tRef.current('contact.notFound') : describeError(tRef.current, err));
        },
      );
    };
    setContact(null);
    load();
    const off = onContactChanged((changed) => {
      if (changed === id) load();
    });
    // A supervisor acknowledging an alert on this contact logs it here.
    const offRisk = onRiskAlert(({ alert }) => {
      if (alert.contactId === id) load();
    });
    return () => {
      current = false;
      off();
      offRisk();
    };
  }, [id, onContactChanged, onRiskAlert]);

  const dash = t('app.dash');
  const yesNo = (b: boolean) => (b ? t('contact.yes') : t('contact.no'));
  const record = contact?.record ?? null;
  const savedBy = record
    ? record.savedById === contact?.operator?.id ? contact.operator.displayName : record.savedById
    : null;

  return (
    <>
      <p className="crumbs"><Link href="/contacts"><span aria-hidden="true">← </span>{t('contact.back')}</Link></p>
      <h1 tabIndex={-1}>
        {t('contact.title')}
        {contact && <span className="subtitle"> {formatDateTime(contact.startedAt, locale)}</span>}
      </h1>
      {error && <p role="alert" className="error">{error}</p>}
      {!contact && !error && <p className="muted">{t('app.loading')}</p>}
      {contact && (
        <div className="detail-grid">
          <section className="panel" aria-labelledby="contact-call">
            <h2 id="contact-call">{t('contact.call')}</h2>
            <dl className="pairs">
              <Row label={t('contact.status')} testId="contact-status">{t(`status.${contact.status}`)}</Row>
              <Row label={t('contact.language')}><LanguageName language={contact.language} /></Row>
              <Row label={t('contact.purpose')}>{contact.purpose ? t(`purpose.${contact.purpose}`) : dash}</Row>
              <Row label={t('contact.priority')}>{contact.priority}</Row>
              <Row label={t('contact.danger')}>
                {contact.danger ? <span className="badge badge-danger">{t('offer.danger')}</span> : yesNo(false)}
              </Row>
              <Row label={t('contact.cannotTalkFreely')}>{yesNo(contact.cannotTalkFreely)}</Row>
              {contact.earlier && (
                <Row label={t('contact.earlier')} testId="earlier-contacts">{describeEarlier(t, locale, contact.earlier)}</Row>
              )}
              <Row label={t('contact.startedAt')}>{formatDateTime(contact.startedAt, locale)}</Row>
              <Row label={t('contact.queuedAt')}>{formatDateTime(contact.queuedAt, locale)}</Row>
              <Row label={t('contact.answeredAt')}>{formatDateTime(contact.answeredAt, locale)}</Row>
              <Row label={t('contact.endedAt')}>{formatDateTime(contact.endedAt, locale)}</Row>
              <Row label={t('contact.duration')}>{formatDuration(contact.durationSeconds)}</Row>
              <Row label={t('contact.operator')}>{contact.operator?.displayName ?? dash}</Row>
              <Row label={t('contact.conference')}>{contact.conference ?? dash}</Row>
              <Row label={t('contact.id')}><code>{contact.id}</code></Row>
            </dl>
            <CallEvents events={contact.events ?? []} />
          </section>
          <section className="panel" aria-labelledby="contact-record">
            <h2 id="contact-record">{t('record.title')}</h2>
            {!record && <p className="muted">{t('record.none')}</p>}
            {record && (
              <dl className="pairs">
                <Row label={t('record.callerType')} testId="record-callerType">{t(`callerType.${record.callerType}`)}</Row>
                <Row label={t('record.language')} testId="record-language"><LanguageName language={record.language} /></Row>
                <Row label={t('record.purpose')} testId="record-purpose">{t(`purpose.${record.purpose}`)}</Row>
                <Row label={t('record.pertinence')} testId="record-pertinence">{t(`pertinence.${record.pertinence}`)}</Row>
                <Row label={t('record.contactClass')} testId="record-contactClass">{t(`contactClass.${record.contactClass}`)}</Row>
                <Row label={t('record.reasons')} testId="record-reasons">
                  {record.reasons.length
                    ? <ul className="plain">{record.reasons.map((r) => <li key={r}>{t(`reason.${r}`)}</li>)}</ul>
                    : t('contact.none')}
                </Row>
                <Row label={t('record.outcomes')} testId="record-outcomes">
                  {record.outcomes.length
                    ? <ul className="plain">{record.outcomes.map((o) => <li key={o}>{t(`outcome.${o}`)}</li>)}</ul>
                    : t('contact.none')}
                </Row>
                <Row label={t('record.notes')} testId="record-notes">
                  {record.notes ? <p className="notes">{record.notes}</p> : dash}
                </Row>
                <Row label={t('record.savedAt')}>{formatDateTime(record.savedAt, locale)}</Row>
                <Row label={t('record.savedBy')}>{savedBy ?? dash}</Row>
              </dl>
            )}
          </section>
        </div>
      )}
      {contact && WORKS_CASES.includes(role) && (
        <div className="panel">
          <IntakeForm contactId={contact.id} callerKind={callerKindOf(contact)} headingLevel={2} earlierCase={contact.earlier?.case} />
        </div>
      )}
      {/* `earlier` is null on a single contact exactly when the number was withheld. */}
      {contact && BLOCKS_CALLERS.includes(role) && <BlockSection contactId={contact.id} withheld={contact.earlier === null} />}
    </>
  );
}
