import { useEffect, useId, useImperativeHandle, useState, type ReactNode, type Ref } from 'react';
import type { AnswerSource, RiskOverride } from '../contracts.js';
import { formatHourMinute, withLocalTimes } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useIndicatorCatalogue } from '../indicators.js';
import { CaseForContact } from './CaseForContact.js';
import { defaultSource, sectionOrder, type CallerKind, type SectionName } from './intake/answers.js';
import { Section } from './intake/fields.js';
import { RiskPanel } from './intake/RiskPanel.js';
import {
  DangerFields, FollowUpFields, IndicatorFields, NeedsFields, PersonFields, SafetyFields, SituationFields, WishesFields,
} from './intake/sections.js';
import { useIntakeDraft, type SaveState } from './intake/useIntakeDraft.js';
import { useRiskPreview } from './intake/useRiskPreview.js';

const TITLES: Record<SectionName, MessageKey> = {
  safety: 'intake.section.safety',
  danger: 'intake.section.danger',
  situation: 'intake.section.situation',
  person: 'intake.section.person',
  indicators: 'intake.section.indicators',
  needs: 'intake.section.needs',
  wishes: 'intake.section.wishes',
  followUp: 'intake.section.followUp',
};

function SaveStatus({ state, dirty }: { state: SaveState; dirty: boolean }) {
  const { t, locale } = useI18n();
  const text = state.kind === 'saving' ? t('intake.saving')
    : dirty && state.kind !== 'conflict' ? t('intake.unsaved')
      : state.kind === 'saved' ? t('intake.savedAt', { time: formatHourMinute(state.at, locale) })
        : state.kind === 'idle' ? t('intake.notSaved') : '';
  return <p role="status" className="intake-save" data-testid="intake-save-status" data-state={state.kind} data-dirty={dirty}>{text}</p>;
}

interface Props {
  contactId: string;
  /** Orders the sections and sets whose words the indicators are. */
  callerKind: CallerKind;
  /** The form's own heading level; its sections are one below. */
  headingLevel?: 2 | 3;
  /** A repeat caller's case (their latest earlier call's), offered to add this contact to. */
  earlierCase?: { id: string; code: string } | null;
  /** For the live call panel: a warm transfer saves the triage before the contact passes on. */
  control?: Ref<IntakeFormControl>;
}

export interface IntakeFormControl {
  /** Saves unsaved changes now; false when they could not be saved (the form shows why). */
  save: () => Promise<boolean>;
}

/**
 * The phone triage form (domain-italy.md §9) beside a sticky risk panel: every answer re-scores the
 * risk, the draft saves itself, and an IMMEDIATE level is saved at once so supervisors are alerted.
 */
export function IntakeForm({ contactId, callerKind, headingLevel = 3, earlierCase, control }: Props) {
  const { t, locale } = useI18n();
  const titleId = useId();
  const intake = useIntakeDraft(contactId);
  const { view, draft, saveState, dirty, change, save } = intake;
  const { catalogue, error: catalogueError } = useIndicatorCatalogue();
  const preview = useRiskPreview(draft?.answers ?? null);
  const [source, setSource] = useState<AnswerSource>(() => defaultSource(callerKind));
  useImperativeHandle(control, () => ({ save }), [save]);

  const computed = preview.result?.level ?? view?.risk.computed ?? 'NOT_ASSESSED';
  const reasons = preview.result?.reasons ?? view?.risk.reasons ?? [];
  const override = draft?.override ?? null;
  const level = override?.level ?? computed;
  const savedLevel = view?.risk.level ?? null;

  // IMMEDIATE does not wait for the next timed save: saving it is what alerts the supervisors.
  useEffect(() => {
    if (level === 'IMMEDIATE' && !preview.pending && savedLevel !== 'IMMEDIATE' && dirty) void save();
  }, [level, preview.pending, savedLevel, dirty, save]);

  const Title = headingLevel === 2 ? 'h2' : 'h3';
  if (!draft || !view) {
    return (
      <section className="intake" aria-labelledby={titleId} data-testid="intake">
        <Title id={titleId}>{t('intake.title')}</Title>
        {intake.loadError
          ? (
            <div role="alert" className="error">
              <p>{t('intake.loadFailed', { error: intake.loadError })}</p>
              <button type="button" onClick={intake.reload}>{t('app.retry')}</button>
            </div>
          )
          : <p className="muted">{t('intake.loading')}</p>}
      </section>
    );
  }

  const sectionLevel = headingLevel === 2 ? 3 : 4;
  const props = { draft, edit: change };
  const bodies: Record<SectionName, ReactNode> = {
    safety: <SafetyFields {...props} />,
    danger: <DangerFields {...props} />,
    situation: <SituationFields {...props} />,
    person: <PersonFields {...props} />,
    indicators: (
      <IndicatorFields {...props} catalogue={catalogue} error={catalogueError} source={source} onSource={setSource}
        level={sectionLevel === 3 ? 4 : 5} />
    ),
    needs: <NeedsFields {...props} />,
    wishes: <WishesFields {...props} />,
    followUp: <FollowUpFields {...props} />,
  };
  const setOverride = (o: RiskOverride | null) => change((d) => ({ ...d, override: o }));

  return (
    <section className="intake" aria-labelledby={titleId} data-testid="intake" data-version={view.version}>
      <div className="intake-head">
        <Title id={titleId}>{t('intake.title')}</Title>
        <SaveStatus state={saveState} dirty={dirty} />
        <CaseForContact contactId={contactId} caseId={view.caseId} beforeCreate={save} earlierCase={earlierCase} />
      </div>
      {saveState.kind === 'conflict' && (
        <div role="alert" className="banner banner-danger intake-conflict" data-testid="intake-conflict">
          <p>{withLocalTimes(saveState.message, locale)}</p>
          <p className="hint">{t('intake.conflictHint')}</p>
          <button type="button" onClick={intake.reload}>{t('intake.reload')}</button>
        </div>
      )}
      {saveState.kind === 'failed' && (
        <p role="alert" className="error" data-testid="intake-error">{t('intake.saveFailed', { error: saveState.message })}</p>
      )}
      {view.editable
        ? <p className="hint">{t('intake.keysHint')}</p>
        : <p className="hint" data-testid="intake-read-only">{t('intake.readOnly')}</p>}
      <div className="intake-body">
        {/* A reader who may not save (a teammate, through the case) sees the answers, every field disabled. */}
        <fieldset className="intake-sections" key={`sections:${intake.generation}`} disabled={!view.editable}>
          {sectionOrder(callerKind).map((name) => (
            <Section key={name} name={name} title={t(TITLES[name])} level={sectionLevel}>{bodies[name]}</Section>
          ))}
        </fieldset>
        <RiskPanel
          key={`risk:${intake.generation}`}
          level={level}
          computed={computed}
          reasons={reasons}
          pending={preview.pending}
          error={preview.error}
          override={override}
          onOverride={setOverride}
          alerted={savedLevel === 'IMMEDIATE'}
          catalogue={catalogue}
        />
      </div>
    </section>
  );
}
