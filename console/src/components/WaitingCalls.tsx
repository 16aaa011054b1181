import { useEffect, useId, useRef, useState } from 'react';
import { markMinor, reassignCall } from '../api.js';
import type { FloorOperator, WaitingCall } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { formatClock, formatTime } from '../format.js';
import { LanguageName, languageName, useI18n } from '../i18n/index.js';
import { waitedSeconds } from './wallboard.js';

type Outcome = { ok: true; text: string } | { ok: false; text: string } | null;

function Priority({ call }: { call: WaitingCall }) {
  const { t } = useI18n();
  if (!call.danger && !call.minor) return <span className="pill">{t('wallboard.priority.normal')}</span>;
  return (
    <span className="badges">
      {call.danger && <span className="badge badge-danger" data-testid="waiting-danger">{t('wallboard.priority.danger')}</span>}
      {call.minor && <span className="badge badge-child" data-testid="waiting-child">{t('wallboard.priority.child')}</span>}
    </span>
  );
}

function WaitingRow({ call, order, now, available, onChanged }: {
  call: WaitingCall;
  order: number;
  now: number;
  available: readonly FloorOperator[];
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [chosen, setChosen] = useState('');
  const [giving, setGiving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [minorWish, setMinorWish] = useState<boolean | null>(null);
  const [minorError, setMinorError] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // Someone no longer available cannot be chosen: the select falls back to its prompt.
  const choice = available.some((op) => op.id === chosen) ? chosen : '';
  const rowName = t('wallboard.callRow', { language: languageName(t, call.language), time: formatTime(call.queuedAt, locale) });

  const give = async () => {
    if (giving || !choice) return;
    const name = available.find((op) => op.id === choice)?.displayName ?? '';
    setGiving(true);
    setOutcome(null);
    try {
      await reassignCall(call.contactId, choice);
      if (!alive.current) return;
      setOutcome({ ok: true, text: t('wallboard.given', { name }) });
      setChosen('');
    } catch (err) {
      // A 409 names who was not available, or says the call was taken: the server's words.
      if (alive.current) setOutcome({ ok: false, text: t('wallboard.giveFailed', { error: errorMessage(t, err) }) });
    } finally {
      if (alive.current) setGiving(false);
      onChanged();
    }
  };

  const toggleMinor = async (minor: boolean) => {
    setMinorWish(minor);
    setMinorError(null);
    try {
      await markMinor(call.contactId, minor);
    } catch (err) {
      if (alive.current) setMinorError(t('wallboard.childFailed', { error: errorMessage(t, err) }));
    } finally {
      if (alive.current) setMinorWish(null);
      onChanged();
    }
  };

  const selectId = `${id}-give`;
  const nameId = `${id}-name`;
  return (
    <tr
      data-testid="waiting-row"
      data-contact-id={call.contactId}
      data-offered-to={call.offeredTo?.id ?? ''}
      className={call.danger ? 'row-danger' : undefined}
    >
      <td className="center">{order}</td>
      <th scope="row" data-testid="waiting-language">
        <LanguageName language={call.language} />
        {/* Not read in passing (the row already says it); named by the row's controls, to tell rows apart. */}
        <span id={nameId} hidden>{rowName}</span>
      </th>
      <td><Priority call={call} /></td>
      <td data-testid="waiting-cannot-talk">{call.cannotTalkFreely ? <span className="note">{t('wallboard.yes')}</span> : t('app.dash')}</td>
      <td className="clock" data-testid="waiting-time"><time dateTime={call.queuedAt}>{formatClock(waitedSeconds(call, now))}</time></td>
      <td data-testid="waiting-ringing">
        {call.offeredTo ? <strong>{call.offeredTo.displayName}</strong> : <span className="muted">{t('wallboard.nobodyRinging')}</span>}
      </td>
      <td>
        <form
          className="inline-controls give"
          onSubmit={(e) => {
            e.preventDefault();
            void give();
          }}
        >
          <label htmlFor={selectId} className="visually-hidden">{`${t('wallboard.giveTo')} ${rowName}`}</label>
          <select id={selectId} value={choice} disabled={giving || available.length === 0} onChange={(e) => setChosen(e.target.value)}>
            <option value="">{available.length ? t('wallboard.chooseOperator') : t('wallboard.nobodyAvailable')}</option>
            {available.map((op) => <option key={op.id} value={op.id}>{op.displayName}</option>)}
          </select>
          <button type="submit" disabled={giving || !choice} aria-describedby={nameId}>
            {giving ? t('wallboard.giving') : t('wallboard.give')}
          </button>
        </form>
        <p role="status" className="saved row-message" data-testid="give-status">{outcome?.ok ? outcome.text : ''}</p>
        {outcome && !outcome.ok && <p role="alert" className="error row-message" data-testid="give-error">{outcome.text}</p>}
      </td>
      <td>
        <label className="check">
          <input
            type="checkbox"
            checked={minorWish ?? call.minor}
            disabled={minorWish !== null}
            onChange={(e) => void toggleMinor(e.target.checked)}
            aria-describedby={nameId}
          />
          <span>{t('wallboard.child')}</span>
        </label>
        {minorError && <p role="alert" className="error row-message">{minorError}</p>}
      </td>
    </tr>
  );
}

/** The queue, in the order calls will be answered: who rings where, and the supervisor's two levers. */
export function WaitingCalls({ waiting, operators, now, onChanged }: {
  waiting: readonly WaitingCall[];
  operators: readonly FloorOperator[];
  now: number;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const available = operators.filter((op) => op.state === 'available');
  if (waiting.length === 0) return <p className="muted" data-testid="waiting-empty">{t('wallboard.nobodyWaiting')}</p>;
  return (
    <div className="table-wrap">
      <table className="contacts waiting" data-testid="waiting-table">
        <caption>{t('wallboard.waitingCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wallboard.order')}</th>
            <th scope="col">{t('wallboard.language')}</th>
            <th scope="col">{t('wallboard.priority')}</th>
            <th scope="col">{t('wallboard.cannotTalk')}</th>
            <th scope="col">{t('wallboard.waited')}</th>
            <th scope="col">{t('wallboard.ringing')}</th>
            <th scope="col">{t('wallboard.giveTo')}</th>
            <th scope="col">{t('wallboard.child')}</th>
          </tr>
        </thead>
        <tbody>
          {waiting.map((call, i) => (
            <WaitingRow key={call.contactId} call={call} order={i + 1} now={now} available={available} onChanged={onChanged} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
