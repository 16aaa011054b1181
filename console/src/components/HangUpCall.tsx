import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../errors.js';
import { useT } from '../i18n/index.js';

type Step = 'idle' | 'asking' | 'ending';

interface Props {
  /** The colleague a warm transfer is bringing in, as the contact last read says; null when none is under way. */
  transferTo: string | null;
  /** Ends the call; rejects with the server's refusal. */
  hangUp: () => Promise<void>;
}

/**
 * During a live call: the operator ends it from the console (a phone that cannot hang up, a caller
 * who stays on the line). Hanging up on someone in danger by a slip would be serious, so it takes two
 * steps: "Hang up" asks, and focus lands on "Keep talking". Once ended, `call:ended` turns the panel
 * into the ended call, as for any hang-up. While a transfer is under way the button is locked: the
 * transfer is completed or cancelled first.
 */
export function HangUpCall({ transferTo, hangUp }: Props) {
  const t = useT();
  const id = useId();
  const [step, setStep] = useState<Step>('idle');
  const [error, setError] = useState<string | null>(null);
  const hangUpRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  // Where focus goes once the step has re-rendered: the button just pressed is gone.
  const focusNext = useRef<'keep' | 'hangUp' | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    (target === 'keep' ? keepRef : hangUpRef).current?.focus();
  });

  const locked = transferTo !== null;
  // A transfer started meanwhile: the question no longer stands.
  useEffect(() => {
    if (locked) setStep((s) => (s === 'asking' ? 'idle' : s));
  }, [locked]);

  const ask = () => {
    if (locked || step !== 'idle') return;
    setError(null);
    focusNext.current = 'keep';
    setStep('asking');
  };

  const keepTalking = () => {
    if (step !== 'asking') return;
    focusNext.current = 'hangUp';
    setStep('idle');
  };

  const end = async () => {
    if (step !== 'asking') return;
    setStep('ending');
    try {
      await hangUp();
      // Stays "Ending…" until call:ended closes the panel: the request cannot be taken back.
    } catch (err) {
      if (!alive.current) return;
      setError(t('hangUp.failed', { error: errorMessage(t, err) }));
      focusNext.current = 'hangUp';
      setStep('idle');
    }
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && step === 'asking') {
      event.preventDefault();
      keepTalking();
    }
  };

  const hintId = `${id}-hint`;
  const questionId = `${id}-question`;
  const confirmHintId = `${id}-confirm-hint`;
  return (
    <div className={`hang-up${locked ? ' hang-up-locked' : ''}`} data-testid="hang-up" data-step={step}>
      {step === 'idle'
        ? (
          <>
            <button
              ref={hangUpRef}
              type="button"
              className="danger"
              aria-describedby={hintId}
              // Not `disabled`: a disabled button drops the keyboard focus of whoever just pressed it.
              aria-disabled={locked || undefined}
              onClick={ask}
            >
              {t('hangUp.hangUp')}
            </button>
            <p id={hintId} className="hint">{locked ? t('hangUp.transferHint', { name: transferTo }) : t('hangUp.hint')}</p>
          </>
        )
        : (
          <div className="confirm-step" role="group" aria-labelledby={questionId} aria-describedby={confirmHintId} onKeyDown={onKey}>
            <div className="inline-controls">
              <p id={questionId} className="confirm-question">{t('hangUp.question')}</p>
              <button type="button" className="danger" aria-disabled={step === 'ending' || undefined} onClick={() => void end()}>
                {step === 'ending' ? t('hangUp.ending') : t('hangUp.confirm')}
              </button>
              <button ref={keepRef} type="button" className="quiet" aria-disabled={step === 'ending' || undefined} onClick={keepTalking}>
                {t('hangUp.keep')}
              </button>
            </div>
            <p id={confirmHintId} className="hint">{t('hangUp.confirmHint')}</p>
          </div>
        )}
      {error && <p role="alert" className="error" data-testid="hang-up-error">{error}</p>}
    </div>
  );
}
