import { useId, type KeyboardEvent, type ReactNode } from 'react';
import { ANSWERS, type Answer } from '../../contracts.js';
import { useRiskLabel } from '../../i18n/risk.js';

/** Number keys answer the question in focus: 1 yes, 2 no, 3 unknown, 0 not asked. */
const KEYS: Record<string, Answer> = { 1: 'YES', 2: 'NO', 3: 'UNKNOWN', 0: 'NOT_ASKED' };

interface Props {
  /** The question, read out on the phone. */
  question: ReactNode;
  value: Answer;
  onChange: (answer: Answer) => void;
  /** Shown under the question (a short label, a reminder). */
  hint?: ReactNode;
  testId?: string;
  /** A YES here is a sign of exploitation: the chosen YES is shown in red. */
  concern?: boolean;
  /** A YES here is immediate danger: the whole question is highlighted too. */
  alarming?: boolean;
}

/**
 * One YES / NO / UNKNOWN question as native radio buttons: Tab reaches the group, the arrow keys
 * choose, the labels are clickable; "Not asked" is where every question starts.
 */
export function AnswerGroup({ question, value, onChange, hint, testId, concern, alarming }: Props) {
  const label = useRiskLabel();
  const name = useId();
  const hintId = `${name}-hint`;
  const onKeyDown = (event: KeyboardEvent<HTMLFieldSetElement>) => {
    const answer = KEYS[event.key];
    if (!answer || event.altKey || event.ctrlKey || event.metaKey) return;
    if (!(event.target instanceof HTMLInputElement) || event.target.type !== 'radio') return;
    event.preventDefault();
    onChange(answer);
    event.currentTarget.querySelector<HTMLInputElement>(`input[value="${answer}"]`)?.focus();
  };
  return (
    <fieldset
      role="radiogroup"
      className={`answer${concern || alarming ? ' answer-concern' : ''}${alarming && value === 'YES' ? ' answer-alarm' : ''}`}
      data-testid={testId}
      data-answer={value}
      aria-describedby={hint ? hintId : undefined}
      onKeyDown={onKeyDown}
    >
      <legend>{question}</legend>
      {hint && <p id={hintId} className="hint">{hint}</p>}
      <div className="answer-options">
        {ANSWERS.map((a) => (
          <label key={a} className={`answer-option answer-${a}`}>
            <input type="radio" name={name} value={a} checked={value === a} onChange={() => onChange(a)} />
            <span>{label(a)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
