import type { FloorOperator, Language, LanguageLevel } from '../contracts.js';
import { formatClock, secondsSince, secondsUntil } from '../format.js';
import { LanguageName, useI18n, type MessageKey } from '../i18n/index.js';
import { MonitorControls } from './MonitorControls.js';

// Reasons the server sets by itself; anything else is what the operator typed, shown as it is.
const AWAY_REASONS: Record<string, MessageKey> = {
  missed_offer: 'awayReason.missed_offer',
  missed_call: 'awayReason.missed_call',
  disconnected: 'awayReason.disconnected',
};

type OnCall = NonNullable<FloorOperator['call']>;

/** The call an operator is on: its language, how long, what to know before listening in. */
function CallFacts({ call, now }: { call: OnCall; now: number }) {
  const { t } = useI18n();
  const flagged = call.danger || call.cannotTalkFreely || call.callback;
  return (
    <div className="floor-call">
      <p className="floor-call-head">
        <strong data-testid="operator-call-language"><LanguageName language={call.language} /></strong>{' '}
        <span className="clock" data-testid="operator-call-time">
          {t('wallboard.callTime', { time: formatClock(secondsSince(call.answeredAt, now)) })}
        </span>
      </p>
      {flagged && (
        <span className="badges" data-testid="operator-call-badges">
          {call.danger && <span className="badge badge-danger" data-testid="operator-call-danger">{t('wallboard.priority.danger')}</span>}
          {call.cannotTalkFreely && <span className="note" data-testid="operator-call-cannot-talk">{t('wallboard.cannotTalk')}</span>}
          {call.callback && <span className="pill pill-callback" data-testid="operator-call-callback">{t('wallboard.callback')}</span>}
        </span>
      )}
    </div>
  );
}

function OperatorRow({ op, now, myId }: { op: FloorOperator; now: number; myId: string }) {
  const { t } = useI18n();
  const languages = Object.entries(op.skills.languages) as [Exclude<Language, 'other'>, LanguageLevel][];
  const reason = op.reason === null ? null : Object.hasOwn(AWAY_REASONS, op.reason) ? t(AWAY_REASONS[op.reason]!) : op.reason;
  return (
    <tr data-testid="operator-row" data-operator-id={op.id} data-state={op.state}>
      <th scope="row">
        {op.displayName}
        {op.role === 'supervisor' && <span className="muted"> ({t('role.supervisor')})</span>}
      </th>
      <td data-testid="operator-state">
        <span className={`pill state-pill state-${op.state}`}>{t(`state.${op.state}`)}</span>
        {op.state !== 'offline' && (
          <span className="clock"> {t('wallboard.inState', { time: formatClock(secondsSince(op.since, now)) })}</span>
        )}
        {op.state === 'wrap_up' && op.until && (
          <span className="clock"> · {t('wallboard.endsIn', { time: formatClock(secondsUntil(op.until, now)) })}</span>
        )}
        {reason && <span className="muted"> ({reason})</span>}
      </td>
      <td data-testid="operator-call">
        {op.call ? (
          <>
            <CallFacts call={op.call} now={now} />
            {/* Nobody listens in on their own call. */}
            {op.id !== myId && <MonitorControls key={op.call.contactId} contactId={op.call.contactId} operatorName={op.displayName} />}
          </>
        ) : t('app.dash')}
      </td>
      <td>
        {languages.length === 0 ? t('app.dash') : (
          <ul className="inline-list">
            {languages.map(([language, level]) => (
              <li key={language}><LanguageName language={language} /> <span className="muted">({t(`level.${level}`)})</span></li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {!op.skills.minors && !op.skills.labour ? t('app.dash') : (
          <ul className="inline-list">
            {op.skills.minors && <li>{t('wallboard.flag.minors')}</li>}
            {op.skills.labour && <li>{t('wallboard.flag.labour')}</li>}
          </ul>
        )}
      </td>
    </tr>
  );
}

/**
 * Everyone who takes calls: their state and for how long, the call they are on (to listen, coach or
 * join), their languages and what they are trained for. `myId`: the supervisor looking.
 */
export function FloorOperators({ operators, now, myId }: { operators: readonly FloorOperator[]; now: number; myId: string }) {
  const { t } = useI18n();
  if (operators.length === 0) return <p className="muted">{t('wallboard.noOperators')}</p>;
  return (
    <div className="table-wrap">
      <table className="contacts operators" data-testid="operators-table">
        <caption>{t('wallboard.operatorsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wallboard.name')}</th>
            <th scope="col">{t('wallboard.state')}</th>
            <th scope="col">{t('wallboard.call')}</th>
            <th scope="col">{t('wallboard.languages')}</th>
            <th scope="col">{t('wallboard.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((op) => <OperatorRow key={op.id} op={op} now={now} myId={myId} />)}
        </tbody>
      </table>
    </div>
  );
}
