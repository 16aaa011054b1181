import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError, blockCaller, listBlocks } from '../api.js';
import { errorMessage } from '../errors.js';
import { formatDateMedium } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { Link } from '../router.js';
import { BLOCK_DAYS, BLOCK_REASONS, DEFAULT_BLOCK_DAYS, isBlockDays, isBlockReason, type BlockDays, type BlockReason } from './blocks.js';

type Phase =
  | { name: 'checking' }
  | { name: 'form' }
  | { name: 'confirm' }
  | { name: 'saving' }
  | { name: 'blocked'; expiresAt: string }
  | { name: 'withheld' };

type Field = 'reason' | 'days';
type FocusTarget = Field | 'submit' | 'confirm' | 'status';

/** The latest expiry among the active blocks this contact triggered, if any. */
function activeUntil(items: readonly { contactId: string; expiresAt: string }[], contactId: string): string | null {
  const mine = items.filter((b) => b.contactId === contactId).map((b) => b.expiresAt).sort();
  return mine.at(-1) ?? null;
}

/**
 * A supervisor blocks the number behind a contact: a reason, a duration, then a confirm step. The
 * number itself never reaches the console; a withheld number has nothing to block.
 */
export function BlockSection({ contactId, withheld }: { contactId: string; withheld: boolean }) {
  const { t, locale } = useI18n();
  const id = useId();
  const headingId = `${id}-heading`;
  const introId = `${id}-intro`;
  const questionId = `${id}-question`;
  const [phase, setPhase] = useState<Phase>(withheld ? { name: 'withheld' } : { name: 'checking' });
  const [reason, setReason] = useState<BlockReason | ''>('');
  const [days, setDays] = useState<BlockDays>(DEFAULT_BLOCK_DAYS);
  const [invalid, setInvalid] = useState<ReadonlySet<Field>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const pendingFocus = useRef<FocusTarget | null>(null);
  const tRef = useRef(t);
  tRef.current = t;

  // Whether this contact already led to a block (blocks list their contact, never the number).
  useEffect(() => {
    if (withheld) {
      setPhase({ name: 'withheld' });
      return;
    }
    let current = true;
    listBlocks().then(
      (list) => {
        if (!current) return;
        const until = activeUntil(list.items, contactId);
        setPhase(until ? { name: 'blocked', expiresAt: until } : { name: 'form' });
      },
      (err: unknown) => {
        if (!current) return;
        setError(tRef.current('block.loadFailed', { error: errorMessage(tRef.current, err) }));
        setPhase({ name: 'form' });
      },
    );
    return () => {
      current = false;
    };
  }, [contactId, withheld]);

  // After a step changes, focus goes where the next action is (the control pressed may be gone).
  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    sectionRef.current?.querySelector<HTMLElement>(`[data-focus="${target}"]`)?.focus();
  });

  const step = (next: Phase, focus: FocusTarget | null) => {
    pendingFocus.current = focus;
    setPhase(next);
  };

  const ask = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (phase.name !== 'form') return;
    setError(null);
    if (!reason) {
      setInvalid(new Set<Field>(['reason']));
      sectionRef.current?.querySelector<HTMLElement>('[data-focus="reason"]')?.focus();
      return;
    }
    setInvalid(new Set());
    step({ name: 'confirm' }, 'confirm');
  };

  const cancel = () => step({ name: 'form' }, 'submit');

  const confirm = async () => {
    if (phase.name !== 'confirm' || !reason) return;
    setPhase({ name: 'saving' });
    try {
      const block = await blockCaller({ contactId, reason, days });
      step({ name: 'blocked', expiresAt: block.expiresAt }, 'status');
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        step({ name: 'withheld' }, 'status');
      } else if (err instanceof ApiError && err.status === 400 && Object.keys(err.fields).some((f) => f === 'reason' || f === 'days')) {
        const fields = (['reason', 'days'] as const).filter((f) => f in err.fields);
        setInvalid(new Set(fields));
        setError(t('block.checkFields'));
        step({ name: 'form' }, fields[0]);
      } else {
        setError(t('block.failed', { error: errorMessage(t, err) }));
        step({ name: 'form' }, 'submit');
      }
    }
  };

  const onConfirmKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && phase.name === 'confirm') {
      event.preventDefault();
      cancel();
    }
  };

  const status = phase.name === 'blocked'
    ? t('block.blockedUntil', { date: formatDateMedium(phase.expiresAt, locale) })
    : phase.name === 'withheld' ? t('block.withheld') : '';
  const editing = phase.name === 'form' || phase.name === 'confirm' || phase.name === 'saving';
  const asking = phase.name === 'confirm' || phase.name === 'saving';
  const fieldError = (field: Field) => (invalid.has(field) ? `${id}-${field}-error` : undefined);

  return (
    <section ref={sectionRef} className="panel block-section" data-testid="block-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('block.title')}</h2>
      {phase.name !== 'withheld' && (
        <>
          <p id={introId}>{t('block.intro')}</p>
          <p className="hint">{t('block.unseen')}</p>
        </>
      )}
      <p
        role="status"
        tabIndex={-1}
        data-focus="status"
        data-testid="block-status"
        data-state={phase.name === 'blocked' || phase.name === 'withheld' ? phase.name : 'none'}
        className={`block-status${phase.name === 'blocked' ? ' block-status-blocked' : ''}`}
      >
        {status}
      </p>
      {phase.name === 'checking' && <p className="muted">{t('block.checking')}</p>}
      {editing && (
        <form className="block-form" aria-labelledby={headingId} aria-describedby={introId} noValidate onSubmit={ask}>
          <div className="field-grid">
            <div className="field">
              <label htmlFor={`${id}-reason`}>{t('block.reason')}</label>
              <select
                id={`${id}-reason`}
                name="reason"
                data-focus="reason"
                required
                value={reason}
                disabled={asking}
                onChange={(e) => {
                  const value = e.target.value;
                  setReason(isBlockReason(value) ? value : '');
                  setInvalid((old) => { const next = new Set(old); next.delete('reason'); return next; });
                }}
                aria-invalid={invalid.has('reason') || undefined}
                aria-describedby={fieldError('reason')}
              >
                <option value="" disabled>{t('block.chooseReason')}</option>
                {BLOCK_REASONS.map((r) => <option key={r} value={r}>{t(`blockReason.${r}`)}</option>)}
              </select>
              {invalid.has('reason') && <p id={fieldError('reason')} className="field-error">{t('block.reasonMissing')}</p>}
            </div>
            <div className="field">
              <label htmlFor={`${id}-days`}>{t('block.duration')}</label>
              <select
                id={`${id}-days`}
                name="days"
                data-focus="days"
                value={days}
                disabled={asking}
                onChange={(e) => {
                  const value = Number(e.target.value);
                  if (isBlockDays(value)) setDays(value);
                  setInvalid((old) => { const next = new Set(old); next.delete('days'); return next; });
                }}
                aria-invalid={invalid.has('days') || undefined}
                aria-describedby={fieldError('days')}
              >
                {BLOCK_DAYS.map((d) => <option key={d} value={d}>{t(`blockDays.${d}`)}</option>)}
              </select>
              {invalid.has('days') && <p id={fieldError('days')} className="field-error">{t('block.durationMissing')}</p>}
            </div>
          </div>
          {!asking && (
            <div className="actions">
              <button type="submit" className="danger" data-focus="submit">{t('block.submit')}</button>
            </div>
          )}
          {asking && (
            <div className="actions confirm-step" role="group" aria-labelledby={questionId} onKeyDown={onConfirmKey}>
              <p id={questionId} className="confirm-question">{t('block.question', { duration: t(`blockDays.${days}`) })}</p>
              <button type="button" className="danger" data-focus="confirm" disabled={phase.name === 'saving'} onClick={() => void confirm()}>
                {phase.name === 'saving' ? t('block.blocking') : t('block.confirm')}
              </button>
              <button type="button" className="quiet" disabled={phase.name === 'saving'} onClick={cancel}>{t('block.cancel')}</button>
            </div>
          )}
        </form>
      )}
      {phase.name === 'blocked' && <p><Link href="/blocks">{t('block.all')}</Link></p>}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
