import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, completeTransfer, getContact, hangUpCall } from '../api.js';
import type { ContactView } from '../contracts.js';
import { formatDuration, secondsSince } from '../format.js';
import { focusInField, useNow } from '../hooks.js';
import { LanguageName, useT } from '../i18n/index.js';
import { useRealtime, type CallState } from '../realtime.js';
import { AddInterpreter } from './AddInterpreter.js';
import { EarlierContacts } from './EarlierContacts.js';
import { HangUpCall } from './HangUpCall.js';
import { HoldCall, heldByEvents } from './HoldCall.js';
import { IntakeForm, type IntakeFormControl } from './IntakeForm.js';
import { callerKindOf } from './intake/answers.js';
import { RecordForm, type RecordFormControl } from './RecordForm.js';
import { TransferCall, type CompleteResult } from './TransferCall.js';

type ActiveCall = Extract<CallState, { phase: 'live' | 'ended' }>;

interface Props {
  call: ActiveCall;
  simulator: boolean;
  onDone: () => void;
}

/** A warm transfer this operator completed (or is completing): the call goes on without them. */
interface Handover { contactId: string; name: string; savedFirst: boolean }

/**
 * The call in progress (or just ended): its facts, warnings, hold, transfer, the interpreter control,
 * hang-up, the contact record form and the triage form with the risk.
 */
export function LiveCall({ call, simulator, onDone }: Props) {
  const t = useT();
  const headingId = useId();
  const live = call.phase === 'live';
  const now = useNow(live);
  const [contact, setContact] = useState<ContactView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const lastElapsed = useRef(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { onContactChanged, leftCall } = useRealtime();
  const recordControl = useRef<RecordFormControl>(null);
  const intakeControl = useRef<IntakeFormControl>(null);
  const [handover, setHandover] = useState<Handover | null>(null);
  const checkedEnd = useRef<string | null>(null);
  const contactIdRef = useRef(call.contactId);
  contactIdRef.current = call.contactId;
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

  /** Reads the contact again, now (after this console changed the call). */
  const refresh = useCallback(async () => {
    const contactId = call.contactId;
    try {
      const c = await getContact(contactId);
      if (contactIdRef.current === contactId) setContact(c);
    } catch {
      // contact:changed brings the change anyway.
    }
  }, [call.contactId]);

  /**
   * Completes the transfer. The server gives the record to the colleague, and this operator may not
   * save it afterwards: unsaved changes are saved first, so the colleague reads them and nothing is lost.
   */
  const complete = useCallback(async (name: string): Promise<CompleteResult> => {
    const contactId = call.contactId;
    const form = recordControl.current;
    const savedFirst = form?.unsaved() ?? false;
    if (form && savedFirst && !(await form.save())) return 'record_not_saved';
    // The triage too: once the colleague has the call, this operator may no longer save it.
    if (intakeControl.current && !(await intakeControl.current.save())) return 'record_not_saved';
    // Before the request: call:ended may arrive before its answer, and the panel must already know why.
    setHandover({ contactId, name, savedFirst });
    try {
      await completeTransfer(contactId);
    } catch (err) {
      setHandover(null);
      throw err;
    }
    leftCall(contactId);
    return 'handed_over';
  }, [call.contactId, leftCall]);

  // The call this console is ending: when call:ended turns the panel, the button pressed is gone.
  const hungUpHere = useRef<string | null>(null);
  const hangUp = useCallback(async () => {
    const contactId = call.contactId;
    // Before the request: call:ended may arrive before its answer.
    hungUpHere.current = contactId;
    try {
      await hangUpCall(contactId);
    } catch (err) {
      if (hungUpHere.current === contactId) hungUpHere.current = null;
      throw err;
    }
  }, [call.contactId]);

  useEffect(() => {
    if (call.phase !== 'ended' || hungUpHere.current !== call.contactId) return;
    hungUpHere.current = null;
    if (!focusInField()) headingRef.current?.focus();
  }, [call.phase, call.contactId]);

  // Handed back by the colleague: live here again, no longer handed over.
  const wasEnded = useRef(false);
  useEffect(() => {
    if (live && wasEnded.current) {
      setHandover(null);
      checkedEnd.current = null;
    }
    wasEnded.current = call.phase === 'ended';
  }, [live, call.phase]);

  const handedTo = handover?.contactId === call.contactId ? handover : null;
  const pendingTransfer = contact?.transferTo ?? null;
  // Ended while a transfer was under way, without this console completing it (a supervisor did, or the
  // answer was lost): if the contact is no longer ours to read, it went to the colleague.
  useEffect(() => {
    if (call.phase !== 'ended' || handedTo || !pendingTransfer || checkedEnd.current === call.contactId) return;
    checkedEnd.current = call.contactId;
    let current = true;
    getContact(call.contactId).then(
      (c) => { if (current) setContact(c); },
      (err: unknown) => {
        if (current && err instanceof ApiError && err.status === 403) {
          setHandover({ contactId: call.contactId, name: pendingTransfer.displayName, savedFirst: false });
        }
      },
    );
    return () => {
      current = false;
    };
  }, [call.phase, call.contactId, handedTo, pendingTransfer]);

  // The panel turns into the handed-over call under the operator's focus, on a button that is gone.
  useEffect(() => {
    if (handedTo && call.phase === 'ended' && !focusInField()) headingRef.current?.focus();
  }, [handedTo, call.phase]);

  if (live) lastElapsed.current = secondsSince(call.answeredAt, now);
  const duration = call.phase === 'ended' ? call.durationSeconds ?? (lastElapsed.current || null) : lastElapsed.current;
  const language = contact?.language ?? call.language;
  const conference = call.conference ?? contact?.conference ?? null;
  // The call came to this operator by a transfer: the colleague who handed it over, for the first words.
  const lastTransfer = contact?.events?.findLast((e) => e.kind === 'transferred');
  const handedOverBy = lastTransfer && contact?.operator?.displayName === lastTransfer.detail ? lastTransfer.actor?.displayName ?? null : null;

  return (
    <section className={`panel live-call${live ? '' : ' ended'}`} data-testid="live-call" data-phase={call.phase} aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} data-testid="call-title">
        {handedTo && !live
          ? t('call.transferredTitle')
          : callback
            ? live ? t('call.callbackTitle') : t('call.callbackEndedTitle')
            : live ? t('call.title') : t('call.endedTitle')}
      </h2>
      {call.phase === 'ended' && (
        <div className="ended-bar">
          <p role="status" data-testid="call-ended" data-handed-over={handedTo !== null}>
            {handedTo
              ? t('call.handedOver', { name: handedTo.name, duration: formatDuration(duration) })
              : t('call.ended', { duration: formatDuration(duration) })}
          </p>
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
      {live && handedOverBy && (
        <p className="banner banner-info" data-testid="handed-over-by">{t('call.handedOverBy', { name: handedOverBy })}</p>
      )}
      {live && (
        <HoldCall
          key={`hold:${call.contactId}`}
          contactId={call.contactId}
          held={contact ? heldByEvents(contact.events) : null}
          transferTo={pendingTransfer?.displayName ?? null}
        />
      )}
      {live && contact && (
        <TransferCall
          key={`transfer:${call.contactId}`}
          contactId={call.contactId}
          language={language}
          transferTo={pendingTransfer}
          refresh={refresh}
          complete={complete}
        />
      )}
      {/* Its own key: the record form below is keyed by the same contact id, and siblings sharing a key are duplicated. */}
      {live && <AddInterpreter key={`interpreter:${call.contactId}`} contactId={call.contactId} />}
      {live && (
        <HangUpCall key={`hang-up:${call.contactId}`} transferTo={pendingTransfer?.displayName ?? null} hangUp={hangUp} />
      )}
      {handedTo && !live
        ? (
          <div className="record handed-over" data-testid="record-handed-over">
            <p>{t('call.recordHandedOver', { name: handedTo.name })}</p>
            {handedTo.savedFirst && <p className="saved">{t('call.recordSavedFirst')}</p>}
          </div>
        )
        : contact
        ? (
          <>
            <RecordForm key={contact.id} contact={contact} onSaved={setContact} control={recordControl} />
            <IntakeForm key={`intake:${contact.id}`} contactId={contact.id} callerKind={callerKindOf(contact)}
              earlierCase={contact.earlier?.case} control={intakeControl} />
          </>
        )
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
