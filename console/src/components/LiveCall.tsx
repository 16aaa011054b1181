import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, getContact } from '../api.js';
import type { ContactView } from '../contracts.js';
import { formatDuration, secondsSince } from '../format.js';
import { focusInField, useNow } from '../hooks.js';
import { LanguageName, useT } from '../i18n/index.js';
import { useRealtime, type CallState } from '../realtime.js';
import { AddInterpreter } from './AddInterpreter.js';
import { EarlierContacts } from './EarlierContacts.js';
import { HoldCall, heldByEvents } from './HoldCall.js';
import { RecordForm } from './RecordForm.js';

type ActiveCall = Extract<CallState, { phase: 'live' | 'ended' }>;

interface Props {
  call: ActiveCall;
  simulator: boolean;
  onDone: () => void;
}

/** The call in progress (or just ended): its facts, warnings, hold, the interpreter control and the contact record form. */
export function LiveCall({ call, simulator, onDone }: Props) {
  const t = useT();
  const headingId = useId();
  const live = call.phase === 'live';
  const now = useNow(live);
  const [contact, setContact] = useState<ContactView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const lastElapsed = useRef(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { onContactChanged } = useRealtime();
  // The contact says whether this is a call-back, after a reload too; until it is read, the console
  // that started the call-back knows.
  const callback = contact ? contact.callbackOf !== null : call.callbackOf !== null;
  const startedCallback = call.callbackOf !== null;

  // A call-back opens here while focus sits on its row's button, a row about to leave the list.
  useEffect(() => {
    if (startedCallback && !focusInField()) headingRef.current?.focus();
  }, [startedCallback, call.contactId]);

  const load = useCallback((contactId: string, isCurrent: () => boolean) => {
    setLoadError(null);
    getContact(contactId).then(
      (c) => { if (isCurrent()) setContact(c); },
      (err: unknown) => {
        if (!isCurrent()) return;
        setLoadError(err instanceof ApiError && err.status === 403 ? t('app.noAccess')
          : err instanceof ApiError && err.status === 0 ? t('app.unreachable')
            : err instanceof Error ? err.message : String(err));
      },
    );
  }, [t]);

  useEffect(() => {
    let current = true;
    setContact(null);
    load(call.contactId, () => current);
    // Hold (the operator's, or a supervisor's) and other changes: read again, quietly.
    const off = onContactChanged((changed) => {
      if (changed !== call.contactId) return;
      getContact(changed).then((c) => { if (current) setContact(c); }, () => undefined);
    });
    return () => {
      current = false;
      off();
    };
  }, [call.contactId, load, onContactChanged]);

  if (live) lastElapsed.current = secondsSince(call.answeredAt, now);
  const duration = call.phase === 'ended' ? call.durationSeconds ?? (lastElapsed.current || null) : lastElapsed.current;
  const language = contact?.language ?? call.language;
  const conference = call.conference ?? contact?.conference ?? null;

  return (
    <section className={`panel live-call${live ? '' : ' ended'}`} data-testid="live-call" data-phase={call.phase} aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} data-testid="call-title">
        {callback
          ? live ? t('call.callbackTitle') : t('call.callbackEndedTitle')
          : live ? t('call.title') : t('call.endedTitle')}
      </h2>
      {call.phase === 'ended' && (
        <div className="ended-bar">
          <p role="status" data-testid="call-ended">{t('call.ended', { duration: formatDuration(duration) })}</p>
          <button type="button" className="primary" onClick={onDone}>{t('call.done')}</button>
        </div>
      )}
      <dl className="facts">
        {live && (
          <div>
            <dt>{t('call.elapsed')}</dt>
            <dd data-testid="call-elapsed"><time>{formatDuration(duration)}</time></dd>
          </div>
        )}
        <div>
          <dt>{t('call.language')}</dt>
          <dd data-testid="call-language"><LanguageName language={language} /></dd>
        </div>
      </dl>
      {language === 'other' && (
        <p className="banner banner-warn" data-testid="interpreter-needed">{t('call.interpreterNeeded')}</p>
      )}
      {conference && (
        <p className="conference" data-testid="call-conference">
          {simulator ? t('call.virtualConference', { name: conference }) : t('call.conference', { name: conference })}
        </p>
      )}
      <EarlierContacts earlier={contact?.earlier} />
      {contact?.danger && <p className="badge badge-danger">{t('offer.danger')}</p>}
      {contact?.cannotTalkFreely && (
        <p className="banner banner-warn" data-testid="cannot-talk-freely">{t('call.cannotTalk')}</p>
      )}
      {live && <HoldCall key={`hold:${call.contactId}`} contactId={call.contactId} held={contact ? heldByEvents(contact.events) : null} />}
      {/* Its own key: the record form below is keyed by the same contact id, and siblings sharing a key are duplicated. */}
      {live && <AddInterpreter key={`interpreter:${call.contactId}`} contactId={call.contactId} />}
      {contact
        ? <RecordForm key={contact.id} contact={contact} onSaved={setContact} />
        : loadError
          ? (
            <div role="alert" className="error">
              <p>{t('call.contactFailed', { error: loadError })}</p>
              <button type="button" onClick={() => load(call.contactId, () => true)}>{t('app.retry')}</button>
            </div>
          )
          : <p className="muted">{t('call.loadingContact')}</p>}
    </section>
  );
}
