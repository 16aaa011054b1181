import { useId, type FormEvent } from 'react';
import type { CaseView, SafetyPlan } from '../../contracts.js';
import { useI18n } from '../../i18n/index.js';
import type { UpdateCase } from './caseApi.js';
import { SaveRow, useSaveState } from './SaveButton.js';
import { useServerDraft } from './useServerDraft.js';

const FIELDS: { key: keyof SafetyPlan; max: number; rows: number }[] = [
  { key: 'codeWord', max: 60, rows: 1 },
  { key: 'safeCallWindows', max: 500, rows: 2 },
  { key: 'exitSteps', max: 4000, rows: 5 },
];

/** Code word, safe call windows, exit steps: never an address. */
export function SafetyPlanForm({ kase, update }: { kase: CaseView; update: UpdateCase }) {
  const { t } = useI18n();
  const id = useId();
  const draft = useServerDraft<SafetyPlan>(kase.safetyPlan);
  const state = useSaveState();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (state.saving) return;
    void state.run(async () => {
      const saved = await update({ safetyPlan: draft.value });
      if (saved) draft.reset(saved.safetyPlan);
      return saved !== null;
    });
  };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('case.safetyPlan')}</h2>
      <p className="hint">{t('case.safetyPlanHint')}</p>
      <form onSubmit={submit} noValidate>
        {FIELDS.map(({ key, max, rows }) => (
          <div className="field" key={key}>
            <label htmlFor={`${id}-${key}`}>{t(`case.plan.${key}`)}</label>
            {rows === 1
              ? <input id={`${id}-${key}`} maxLength={max} value={draft.value[key]} onChange={(e) => draft.setValue({ ...draft.value, [key]: e.target.value })} />
              : <textarea id={`${id}-${key}`} rows={rows} maxLength={max} value={draft.value[key]} onChange={(e) => draft.setValue({ ...draft.value, [key]: e.target.value })} />}
          </div>
        ))}
        <SaveRow label={t('case.savePlan')} state={state} dirty={draft.dirty} stale={draft.stale} onDiscard={() => draft.reset(draft.server)} />
      </form>
    </section>
  );
}

export function CaseNotes({ kase, update }: { kase: CaseView; update: UpdateCase }) {
  const { t } = useI18n();
  const id = useId();
  const draft = useServerDraft<string>(kase.notes);
  const state = useSaveState();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (state.saving) return;
    void state.run(async () => {
      const saved = await update({ notes: draft.value });
      if (saved) draft.reset(saved.notes);
      return saved !== null;
    });
  };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('case.notes')}</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-notes`} className="visually-hidden">{t('case.notes')}</label>
          <p id={`${id}-hint`} className="hint">{t('record.notesHint')}</p>
          <textarea id={`${id}-notes`} rows={6} maxLength={8000} value={draft.value} aria-describedby={`${id}-hint`}
            onChange={(e) => draft.setValue(e.target.value)} spellCheck />
        </div>
        <SaveRow label={t('case.saveNotes')} state={state} dirty={draft.dirty} stale={draft.stale} onDiscard={() => draft.reset(draft.server)} />
      </form>
    </section>
  );
}
