import { useId, useState, type ReactNode } from 'react';
import type { IndicatorCatalogue } from '../../contracts.js';
import {
  AGE_BANDS, ANSWER_SOURCES, CONSENT_LEVELS, DANGER_QUESTIONS, DURATIONS, EXIT_WISHES, EXPLOITATION_TYPES, FREE_TEXT_MAX, GENDERS,
  INDICATOR_DIMENSIONS, LABOUR_SECTORS, LANGUAGES, NEEDS, PROVINCES, SEXUAL_SETTINGS,
  type Answer, type AnswerSource, type IntakeAnswers, type IntakeFreeText,
} from '../../contracts.js';
import { LanguageName, languageName, useI18n } from '../../i18n/index.js';
import { useRiskLabel } from '../../i18n/risk.js';
import { AnswerGroup } from './AnswerGroup.js';
import { asks, fromLocalInput, toggled, toLocalInput, type Draft } from './answers.js';
import { CheckedInput, CheckSet, EnumSelect, FreeText, parseCount, parseCountry } from './fields.js';

export type Edit = (update: (d: Draft) => Draft) => void;

/** Sets fields of one part of the answers. */
const patch = <K extends Exclude<keyof IntakeAnswers, 'indicators' | 'needs'>>(edit: Edit, key: K, value: Partial<IntakeAnswers[K]>) =>
  edit((d) => ({ ...d, answers: { ...d.answers, [key]: { ...d.answers[key], ...value } } }));

const setText = (edit: Edit, key: keyof IntakeFreeText, value: string) => edit((d) => ({ ...d, freeText: { ...d.freeText, [key]: value } }));

interface SectionProps { draft: Draft; edit: Edit }

export function SafetyFields({ draft, edit }: SectionProps) {
  const { t } = useI18n();
  const { safety } = draft.answers;
  const set = (key: keyof typeof safety) => (a: Answer) => patch(edit, 'safety', { [key]: a });
  return (
    <>
      <AnswerGroup question={t('intake.safeToTalk')} value={safety.safeToTalk} onChange={set('safeToTalk')} testId="safety-safeToTalk" />
      <AnswerGroup question={t('intake.speakFreely')} value={safety.speakFreely} onChange={set('speakFreely')} testId="safety-speakFreely" />
      {(safety.safeToTalk === 'NO' || safety.speakFreely === 'NO') && (
        <p className="banner banner-warn" data-testid="not-safe-hint">{t('intake.notSafeHint')}</p>
      )}
      <FreeText label={t('intake.freeText.safety')} value={draft.freeText.safety} max={FREE_TEXT_MAX} onChange={(v) => setText(edit, 'safety', v)} />
    </>
  );
}

export function DangerFields({ draft, edit }: SectionProps) {
  const { t } = useI18n();
  const label = useRiskLabel();
  return (
    <>
      <p className="hint">{t('intake.dangerHint')}</p>
      {DANGER_QUESTIONS.map((q) => (
        <AnswerGroup
          key={q}
          question={label(q)}
          value={draft.answers.danger[q]}
          onChange={(a) => patch(edit, 'danger', { [q]: a })}
          testId={`danger-${q}`}
          alarming
        />
      ))}
    </>
  );
}

const LABOUR_SECTOR_TYPES = ['LABOUR', 'DOMESTIC_SERVITUDE', 'MULTIPLE'];
const SEXUAL_SETTING_TYPES = ['SEXUAL', 'MULTIPLE'];

export function SituationFields({ draft, edit }: SectionProps) {
  const { t } = useI18n();
  const label = useRiskLabel();
  const s = draft.answers.situation;
  const showSector = s.labourSector !== null || s.exploitationTypes.some((x) => LABOUR_SECTOR_TYPES.includes(x));
  const showSetting = s.sexualSetting !== null || s.exploitationTypes.some((x) => SEXUAL_SETTING_TYPES.includes(x));
  return (
    <>
      <CheckSet
        legend={t('intake.exploitationTypes')}
        values={s.exploitationTypes}
        options={EXPLOITATION_TYPES}
        optionLabel={label}
        onToggle={(v, on) => patch(edit, 'situation', { exploitationTypes: toggled(s.exploitationTypes, v, on) })}
      />
      <div className="field-grid">
        {showSector && (
          <EnumSelect label={t('intake.labourSector')} value={s.labourSector} options={LABOUR_SECTORS} optionLabel={label}
            onChange={(v) => patch(edit, 'situation', { labourSector: v })} />
        )}
        {showSetting && (
          <EnumSelect label={t('intake.sexualSetting')} value={s.sexualSetting} options={SEXUAL_SETTINGS} optionLabel={label}
            onChange={(v) => patch(edit, 'situation', { sexualSetting: v })} />
        )}
        <EnumSelect label={t('intake.province')} hint={t('intake.provinceHint')} value={s.province} options={PROVINCES} optionLabel={(p) => p}
          onChange={(v) => patch(edit, 'situation', { province: v })} />
        <EnumSelect label={t('intake.howLong')} value={s.howLong} options={DURATIONS} optionLabel={(v) => t(`duration.${v}`)}
          onChange={(v) => patch(edit, 'situation', { howLong: v })} />
        <CheckedInput label={t('intake.peopleCount')} invalidText={t('intake.peopleInvalid')} initial={s.peopleCount?.toString() ?? ''}
          type="number" inputMode="numeric" parse={parseCount}
          onCommit={(v) => patch(edit, 'situation', { peopleCount: v as number | null })} />
        <CheckedInput label={t('intake.recruitmentCountry')} hint={t('intake.countryHint')} invalidText={t('intake.countryInvalid')}
          initial={s.recruitmentCountry ?? ''} maxLength={2} parse={parseCountry}
          onCommit={(v) => patch(edit, 'situation', { recruitmentCountry: v as string | null })} />
      </div>
      <AnswerGroup question={t('intake.minorsInvolved')} value={s.minorsInvolved} testId="situation-minorsInvolved" concern
        onChange={(a) => patch(edit, 'situation', { minorsInvolved: a })} />
      <AnswerGroup question={t('intake.retaliationRisk')} value={s.retaliationRisk} testId="situation-retaliationRisk" concern
        onChange={(a) => patch(edit, 'situation', { retaliationRisk: a })} />
      <FreeText label={t('intake.freeText.situation')} value={draft.freeText.situation} max={FREE_TEXT_MAX} onChange={(v) => setText(edit, 'situation', v)} />
    </>
  );
}

export function PersonFields({ draft, edit }: SectionProps) {
  const { t } = useI18n();
  const p = draft.answers.person;
  return (
    <>
      <div className="field-grid">
        <EnumSelect label={t('intake.ageBand')} value={p.ageBand} options={AGE_BANDS} optionLabel={(v) => t(`ageBand.${v}`)}
          onChange={(v) => patch(edit, 'person', { ageBand: v })} />
        <EnumSelect label={t('intake.gender')} value={p.gender} options={GENDERS} optionLabel={(v) => t(`gender.${v}`)}
          onChange={(v) => patch(edit, 'person', { gender: v })} />
        <CheckedInput label={t('intake.nationality')} hint={t('intake.countryHint')} invalidText={t('intake.countryInvalid')}
          initial={p.nationality ?? ''} maxLength={2} parse={parseCountry}
          onCommit={(v) => patch(edit, 'person', { nationality: v as string | null })} />
      </div>
      <AnswerGroup question={t('intake.isMinor')} value={p.isMinor} testId="person-isMinor" concern onChange={(a) => patch(edit, 'person', { isMinor: a })} />
      <CheckSet
        legend={t('intake.languages')}
        values={p.languages}
        options={LANGUAGES}
        optionLabel={(l) => languageName(t, l)}
        renderLabel={(l) => <LanguageName language={l} />}
        onToggle={(v, on) => patch(edit, 'person', { languages: toggled(p.languages, v, on) })}
      />
    </>
  );
}

/** Who is telling, for the indicators answered from now on. */
function SourceChoice({ source, onChange }: { source: AnswerSource; onChange: (s: AnswerSource) => void }) {
  const { t } = useI18n();
  const label = useRiskLabel();
  const name = useId();
  return (
    <fieldset role="radiogroup" className="answer source-choice" aria-describedby={`${name}-hint`}>
      <legend>{t('intake.source')}</legend>
      <p id={`${name}-hint`} className="hint">{t('intake.sourceHint')}</p>
      <div className="answer-options">
        {ANSWER_SOURCES.map((s) => (
          <label key={s} className="answer-option">
            <input type="radio" name={name} value={s} checked={source === s} onChange={() => onChange(s)} />
            <span>{label(s)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * One dimension's questions, folded away until opened (or already answered in): some forty questions
 * in all, and a call rarely needs every dimension.
 */
function Dimension({ dimension, title, count, openAtFirst, children }: {
  dimension: string;
  title: ReactNode;
  count: string;
  openAtFirst: boolean;
  children: ReactNode;
}) {
  const [open] = useState(openAtFirst);
  return (
    <details className="dimension" data-dimension={dimension} open={open}>
      <summary>{title} <span className="dimension-count">{count}</span></summary>
      {children}
    </details>
  );
}

export function IndicatorFields({ draft, edit, catalogue, error, source, onSource, level }: SectionProps & {
  catalogue: IndicatorCatalogue | null;
  error: string | null;
  source: AnswerSource;
  onSource: (s: AnswerSource) => void;
  level: 4 | 5;
}) {
  const { t, lang } = useI18n();
  const label = useRiskLabel();
  if (error) return <p role="alert" className="error">{t('intake.indicatorsFailed', { error })}</p>;
  if (!catalogue) return <p className="muted">{t('intake.indicatorsLoading')}</p>;
  const { indicators } = draft.answers;
  const types = draft.answers.situation.exploitationTypes;
  const shown = catalogue.indicators.filter((d) => asks(d, types) || indicators[d.code] !== undefined);
  const Heading = level === 4 ? 'h4' : 'h5';
  const set = (code: string, answer: Answer) => edit((d) => {
    const next = { ...d.answers.indicators };
    if (answer === 'NOT_ASKED') delete next[code];
    else next[code] = { answer, source };
    return { ...d, answers: { ...d.answers, indicators: next } };
  });
  return (
    <>
      <SourceChoice source={source} onChange={onSource} />
      {shown.length < catalogue.indicators.length && <p className="hint">{t('intake.indicatorsFiltered')}</p>}
      {INDICATOR_DIMENSIONS.map((dimension) => {
        const defs = shown.filter((d) => d.dimension === dimension);
        if (defs.length === 0) return null;
        const answered = defs.filter((d) => indicators[d.code] !== undefined);
        const yes = answered.filter((d) => indicators[d.code]?.answer === 'YES').length;
        return (
          <Dimension key={dimension} dimension={dimension} openAtFirst={answered.length > 0}
            title={<Heading className="dimension-title">{label(dimension)}</Heading>}
            count={t('intake.dimensionCount', { answered: answered.length, total: defs.length, yes })}>
            {defs.map((d) => (
              <AnswerGroup
                key={d.code}
                question={d.question[lang]}
                hint={d.label[lang]}
                value={indicators[d.code]?.answer ?? 'NOT_ASKED'}
                onChange={(a) => set(d.code, a)}
                testId={`indicator-${d.code}`}
                concern
              />
            ))}
          </Dimension>
        );
      })}
    </>
  );
}

export function NeedsFields({ draft, edit }: SectionProps) {
  const { t } = useI18n();
  return (
    <>
      <CheckSet
        legend={t('intake.needs')}
        values={draft.answers.needs}
        options={NEEDS}
        optionLabel={(n) => t(`need.${n}`)}
        onToggle={(v, on) => edit((d) => ({ ...d, answers: { ...d.answers, needs: toggled(d.answers.needs, v, on) } }))}
      />
      <FreeText label={t('intake.freeText.needs')} value={draft.freeText.needs} max={FREE_TEXT_MAX} onChange={(v) => setText(edit, 'needs', v)} />
    </>
  );
}

export function WishesFields({ draft, edit }: SectionProps) {
  const { t } = useI18n();
  const w = draft.answers.wishes;
  return (
    <>
      <div className="field-grid">
        <EnumSelect label={t('intake.exit')} value={w.exit} options={EXIT_WISHES} optionLabel={(v) => t(`exitWish.${v}`)}
          onChange={(v) => patch(edit, 'wishes', { exit: v })} />
        <EnumSelect label={t('intake.consentLevel')} hint={t('intake.consentHint')} value={w.consentLevel} options={CONSENT_LEVELS}
          optionLabel={(v) => t(`consent.${v}`)} onChange={(v) => patch(edit, 'wishes', { consentLevel: v })} />
      </div>
      <AnswerGroup question={t('intake.accommodation')} value={w.accommodation} testId="wishes-accommodation"
        onChange={(a) => patch(edit, 'wishes', { accommodation: a })} />
      <AnswerGroup question={t('intake.talkToPolice')} hint={t('intake.policeHint')} value={w.talkToPolice} testId="wishes-talkToPolice"
        onChange={(a) => patch(edit, 'wishes', { talkToPolice: a })} />
      <AnswerGroup question={t('intake.callbackAllowed')} value={w.callbackAllowed} testId="wishes-callbackAllowed"
        onChange={(a) => patch(edit, 'wishes', { callbackAllowed: a })} />
    </>
  );
}

export function FollowUpFields({ draft, edit }: SectionProps) {
  const { t } = useI18n();
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{t('intake.nextContactAt')}</label>
        <input
          id={id}
          type="datetime-local"
          defaultValue={toLocalInput(draft.answers.followUp.nextContactAt)}
          onChange={(e) => patch(edit, 'followUp', { nextContactAt: fromLocalInput(e.target.value) })}
        />
      </div>
      <FreeText label={t('intake.freeText.followUp')} value={draft.freeText.followUp} max={FREE_TEXT_MAX} onChange={(v) => setText(edit, 'followUp', v)} />
    </>
  );
}

