import { useId, useState, type FormEvent } from 'react';
import type { IndicatorCatalogue } from '../../contracts.js';
import { ASSESSED_LEVELS, type AssessedLevel, type RiskLevel, type RiskOverride, type RiskReason } from '../../contracts.js';
import { useT } from '../../i18n/index.js';
import { useRiskLabel } from '../../i18n/risk.js';
import { RiskReasons } from './RiskReasons.js';

interface Props {
  /** The level in force: the override's, else the computed one. */
  level: RiskLevel;
  computed: RiskLevel;
  reasons: readonly RiskReason[];
  /** The answers on screen are being scored. */
  pending: boolean;
  error: string | null;
  override: RiskOverride | null;
  onOverride: (override: RiskOverride | null) => void;
  /** Supervisors are alerted once an IMMEDIATE level is saved. */
  alerted: boolean;
  catalogue: IndicatorCatalogue | null;
}

/** What the operator does now, when the level is IMMEDIATE (§9 Step 1). */
function ImmediateActions({ alerted }: { alerted: boolean }) {
  const t = useT();
  const headingId = useId();
  return (
    <section role="alert" className="immediate-actions" data-testid="immediate-actions" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('risk.actNow')}</h4>
      <ol>
        <li>{t('risk.call112')}</li>
        <li>{t('risk.alertOnCall')}</li>
        <li data-testid="supervisors-alerted" data-alerted={alerted}>{alerted ? t('risk.supervisorsAlerted') : t('risk.supervisorsAlerting')}</li>
      </ol>
    </section>
  );
}

/** The operator's own judgement over the computed level: a level and a reason, both required. */
function OverrideControl({ override, onOverride }: { override: RiskOverride | null; onOverride: Props['onOverride'] }) {
  const t = useT();
  const label = useRiskLabel();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [level, setLevel] = useState<AssessedLevel | ''>(override?.level ?? '');
  const [reason, setReason] = useState(override?.reason ?? '');
  const [error, setError] = useState<string | null>(null);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!level) return setError(t('risk.overrideNoLevel'));
    if (reason.trim().length < 3) return setError(t('risk.overrideNoReason'));
    setError(null);
    onOverride({ level, reason: reason.trim() });
    setOpen(false);
  };
  const remove = () => {
    onOverride(null);
    setLevel('');
    setReason('');
  };

  return (
    <div className="override" data-testid="risk-override">
      {override && (
        <p className="override-current">
          {t('risk.overridden', { level: label(override.level) })} <span className="muted">“{override.reason}”</span>
        </p>
      )}
      <div className="actions">
        <button type="button" className="quiet" aria-expanded={open} aria-controls={`${id}-form`} onClick={() => setOpen((o) => !o)}>
          {override ? t('risk.overrideChange') : t('risk.override')}
        </button>
        {override && <button type="button" className="quiet" onClick={remove}>{t('risk.overrideRemove')}</button>}
      </div>
      {open && (
        <form id={`${id}-form`} onSubmit={apply} noValidate>
          <div className="field">
            <label htmlFor={`${id}-level`}>{t('risk.overrideLevel')}</label>
            <select id={`${id}-level`} value={level} onChange={(e) => setLevel(e.target.value as AssessedLevel | '')}>
              <option value="">{t('risk.overrideChoose')}</option>
              {ASSESSED_LEVELS.map((l) => <option key={l} value={l}>{label(l)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('risk.overrideReason')}</label>
            <textarea id={`${id}-reason`} rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={error ? true : undefined} />
          </div>
          {error && <p role="alert" className="field-error">{error}</p>}
          <button type="submit">{t('risk.overrideApply')}</button>
        </form>
      )}
    </div>
  );
}

/** The risk as the answers stand: the level, why, the override, and what to do when it is IMMEDIATE. */
export function RiskPanel({ level, computed, reasons, pending, error, override, onOverride, alerted, catalogue }: Props) {
  const t = useT();
  const label = useRiskLabel();
  return (
    <aside className={`risk-panel level-${level}`} aria-label={t('risk.title')}>
      <div role="status" data-testid="risk-level" data-level={level} aria-busy={pending}>
        <p className="risk-heading">{t('risk.title')}</p>
        <p className="risk-level"><span className={`pill level level-${level}`}>{label(level)}</span></p>
        {override && override.level !== computed && <p className="hint">{t('risk.computed', { level: label(computed) })}</p>}
        {reasons.length > 0
          ? <RiskReasons reasons={reasons} catalogue={catalogue} testId="risk-reasons" />
          : <p className="hint">{t('risk.noReasons')}</p>}
      </div>
      {error && <p className="field-error">{t('risk.scoreFailed', { error })}</p>}
      {level === 'IMMEDIATE' && <ImmediateActions alerted={alerted} />}
      <OverrideControl override={override} onOverride={onOverride} />
    </aside>
  );
}
