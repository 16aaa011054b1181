import { useEffect, useId, useRef, useState } from 'react';
import {
  CASE_STATUSES, CONSENT_LEVELS, PROVINCES, type CaseStatus, type CaseView, type ConsentLevel, type Province,
} from '../../contracts.js';
import { errorMessage } from '../../errors.js';
import { formatDateTime } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useRiskLabel } from '../../i18n/risk.js';
import type { Assignee, UpdateCase } from './caseApi.js';
import { RiskPill } from './RiskPill.js';

/** A choice made with the arrow keys changes on every press: it is saved once the choice rests. */
const SETTLE_MS = 600;

/**
 * A select that saves by itself once its value rests (or focus leaves it), so arrowing through the
 * options sends one change, not one per option; it follows the server's value when nothing is pending.
 */
function SavingSelect<T extends string>({ label, value, options, optionLabel, onSave, testId, empty }: {
  label: string;
  value: T | null;
  options: readonly T[];
  optionLabel: (v: T) => string;
  onSave: (v: T | null) => Promise<unknown>;
  testId?: string;
  /** The label of "none", when none is a choice. */
  empty?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const [chosen, setChosen] = useState<T | null>(value);
  const [pending, setPending] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef({ chosen, value, busy });
  latest.current = { chosen, value, busy };

  useEffect(() => {
    if (!pending && !busy) setChosen(value);
  }, [value, pending, busy]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const commit = async () => {
    window.clearTimeout(timer.current);
    const { chosen: next, value: current, busy: running } = latest.current;
    if (running) {
      // One change at a time (each carries the case's version): this one goes after.
      timer.current = window.setTimeout(() => void commit(), SETTLE_MS);
      return;
    }
    setPending(false);
    if (next === current) return;
    setBusy(true);
    setError(null);
    try {
      await onSave(next);
    } catch (err) {
      setError(t('case.saveFailed', { error: errorMessage(t, err) }));
    } finally {
      setBusy(false);
    }
  };
  const change = (raw: string) => {
    setChosen(raw === '' ? null : (raw as T));
    setPending(true);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void commit(), SETTLE_MS);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={chosen ?? ''} data-testid={testId} aria-busy={busy || pending}
        onChange={(e) => change(e.target.value)} onBlur={() => { if (pending) void commit(); }}>
        {(empty !== undefined || chosen === null) && <option value="">{empty ?? t('intake.choose')}</option>}
        {options.map((o) => <option key={o} value={o}>{optionLabel(o)}</option>)}
      </select>
      {error && <p role="alert" className="field-error">{error}</p>}
    </div>
  );
}

function AssignToMe({ onAssign }: { onAssign: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const assign = () => {
    setError(null);
    onAssign().catch((err: unknown) => setError(t('case.saveFailed', { error: errorMessage(t, err) })));
  };
  return (
    <div className="actions">
      <button type="button" className="quiet" onClick={assign}>{t('case.assignToMe')}</button>
      {error && <p role="alert" className="field-error">{error}</p>}
    </div>
  );
}

/** The case at a glance, with what changes often: status, consent, province, who works on it. */
export function CaseSummary({ kase, update, assignees, me }: {
  kase: CaseView;
  update: UpdateCase;
  assignees: readonly Assignee[];
  me: Assignee;
}) {
  const { t, locale } = useI18n();
  const label = useRiskLabel();
  const headingId = useId();
  const people = [...assignees];
  if (kase.assignedTo && !people.some((p) => p.id === kase.assignedTo?.id)) people.push(kase.assignedTo);
  const names = new Map(people.map((p) => [p.id, p.displayName]));
  const dash = t('app.dash');
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('case.summary')}</h2>
      <dl className="pairs">
        <div><dt>{t('case.risk')}</dt><dd><RiskPill level={kase.riskLevel} testId="case-risk" /></dd></div>
        <div>
          <dt>{t('case.types')}</dt>
          <dd data-testid="case-types">{kase.exploitationTypes.length ? kase.exploitationTypes.map(label).join(', ') : dash}</dd>
        </div>
        <div><dt>{t('case.minors')}</dt><dd>{kase.minorsInvolved ? t('contact.yes') : t('contact.no')}</dd></div>
        <div><dt>{t('case.peopleCount')}</dt><dd>{kase.peopleCount ?? dash}</dd></div>
        <div><dt>{t('case.openedAt')}</dt><dd>{formatDateTime(kase.openedAt, locale)}</dd></div>
        <div><dt>{t('case.updatedAt')}</dt><dd>{formatDateTime(kase.updatedAt, locale)}</dd></div>
      </dl>
      <div className="field-grid case-controls">
        <SavingSelect<CaseStatus> label={t('case.status')} value={kase.status} options={CASE_STATUSES} testId="case-status"
          optionLabel={(s) => t(`caseStatus.${s}`)} onSave={(status) => update({ status: status ?? undefined })} />
        <SavingSelect<ConsentLevel> label={t('case.consent')} value={kase.consentLevel} options={CONSENT_LEVELS} testId="case-consent"
          optionLabel={(c) => t(`consent.${c}`)} onSave={(consentLevel) => update({ consentLevel: consentLevel ?? undefined })} />
        <SavingSelect<Province> label={t('case.province')} value={kase.province} options={PROVINCES} optionLabel={(p) => p}
          empty={dash} onSave={(province) => update({ province })} />
        <SavingSelect<string> label={t('case.assignee')} value={kase.assignedTo?.id ?? null} options={people.map((p) => p.id)}
          testId="case-assignee" empty={t('case.nobody')} optionLabel={(id) => names.get(id) ?? id}
          onSave={(assignedToId) => update({ assignedToId })} />
      </div>
      {kase.assignedTo?.id !== me.id && <AssignToMe onAssign={() => update({ assignedToId: me.id })} />}
    </section>
  );
}
