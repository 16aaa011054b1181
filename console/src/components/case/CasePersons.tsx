import { useId, useState, type FormEvent } from 'react';
import {
  AGE_BANDS, GENDERS, LANGUAGES, type CaseView, type PersonView,
} from '../../contracts.js';
import { LanguageName, languageName, useI18n } from '../../i18n/index.js';
import { toggled } from '../intake/answers.js';
import { CheckedInput, CheckSet, EnumSelect, parseCountry } from '../intake/fields.js';
import type { UpdateCase } from './caseApi.js';
import { SaveRow, useSaveState } from './SaveButton.js';
import { useServerDraft } from './useServerDraft.js';

/** A person being edited; a new one has no id until the server gives it one. */
type PersonDraft = Omit<PersonView, 'id'> & { id?: string };

const blankPerson = (): PersonDraft => ({
  pseudonym: null, aliases: [], ageBand: null, isMinor: false, ageDisputed: false, gender: null, nationality: null, languages: [],
  childrenCount: 0, pregnant: false, documentsHeldByThirdParty: false,
});

const parseAliases = (text: string) => text.split(',').map((a) => a.trim()).filter((a) => a.length > 0);

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

/** One person's minimal profile (§8). Names only when the consent level allows them. */
function PersonFields({ person, n, anonymous, onChange, onRemove }: {
  person: PersonDraft;
  n: number;
  anonymous: boolean;
  onChange: (p: PersonDraft) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const set = (patch: Partial<PersonDraft>) => onChange({ ...person, ...patch });
  const [aliases, setAliases] = useState(person.aliases.join(', '));
  return (
    <fieldset className="person" data-testid="case-person">
      <legend>{t('case.personN', { n })}</legend>
      {!anonymous && (
        <div className="field-grid">
          <div className="field">
            <label htmlFor={`${id}-pseudonym`}>{t('case.pseudonym')}</label>
            <input id={`${id}-pseudonym`} maxLength={60} value={person.pseudonym ?? ''}
              onChange={(e) => set({ pseudonym: e.target.value.trim() === '' ? null : e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-aliases`}>{t('case.aliases')}</label>
            <p id={`${id}-aliases-hint`} className="hint">{t('case.aliasesHint')}</p>
            <input id={`${id}-aliases`} value={aliases} aria-describedby={`${id}-aliases-hint`}
              onChange={(e) => {
                setAliases(e.target.value);
                set({ aliases: parseAliases(e.target.value) });
              }} />
          </div>
        </div>
      )}
      <div className="field-grid">
        <EnumSelect label={t('intake.ageBand')} value={person.ageBand} options={AGE_BANDS} optionLabel={(v) => t(`ageBand.${v}`)}
          onChange={(v) => set({ ageBand: v })} />
        <EnumSelect label={t('intake.gender')} value={person.gender} options={GENDERS} optionLabel={(v) => t(`gender.${v}`)}
          onChange={(v) => set({ gender: v })} />
        <CheckedInput label={t('intake.nationality')} hint={t('intake.countryHint')} invalidText={t('intake.countryInvalid')}
          initial={person.nationality ?? ''} maxLength={2} parse={parseCountry} onCommit={(v) => set({ nationality: v as string | null })} />
        <div className="field">
          <label htmlFor={`${id}-children`}>{t('case.childrenCount')}</label>
          <input id={`${id}-children`} type="number" min={0} max={20} value={person.childrenCount}
            onChange={(e) => set({ childrenCount: Math.max(0, Math.min(20, Math.trunc(Number(e.target.value) || 0))) })} />
        </div>
      </div>
      <div className="check-grid person-flags">
        <Check label={t('case.isMinor')} checked={person.isMinor} onChange={(isMinor) => set({ isMinor })} />
        <Check label={t('case.ageDisputed')} checked={person.ageDisputed} onChange={(ageDisputed) => set({ ageDisputed })} />
        <Check label={t('case.pregnant')} checked={person.pregnant} onChange={(pregnant) => set({ pregnant })} />
        <Check label={t('case.documentsHeld')} checked={person.documentsHeldByThirdParty}
          onChange={(documentsHeldByThirdParty) => set({ documentsHeldByThirdParty })} />
      </div>
      <CheckSet legend={t('intake.languages')} values={person.languages} options={LANGUAGES} optionLabel={(l) => languageName(t, l)}
        renderLabel={(l) => <LanguageName language={l} />} onToggle={(v, on) => set({ languages: toggled(person.languages, v, on) })} />
      <button type="button" className="quiet" onClick={onRemove}>{t('case.removePerson', { n })}</button>
    </fieldset>
  );
}

/** The people in the case, saved together. */
export function CasePersons({ kase, update }: { kase: CaseView; update: UpdateCase }) {
  const { t } = useI18n();
  const headingId = useId();
  const draft = useServerDraft<PersonDraft[]>(kase.persons);
  const state = useSaveState();
  // Fields that keep their own text (aliases, nationality) start again after a save or a discard.
  const [generation, setGeneration] = useState(0);
  const anonymous = kase.consentLevel === 'ANONYMOUS';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (state.saving) return;
    void state.run(async () => {
      // Anonymous: no names leave this form, whatever was typed before the consent changed.
      const persons = draft.value.map((p) => (anonymous ? { ...p, pseudonym: null, aliases: [] } : p));
      const saved = await update({ persons });
      if (saved) {
        draft.reset(saved.persons);
        setGeneration((g) => g + 1);
      }
      return saved !== null;
    });
  };
  const setPerson = (i: number, p: PersonDraft) => {
    draft.setValue(draft.value.map((x, j) => (j === i ? p : x)));
    state.clear();
  };

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('case.persons')}</h2>
      {anonymous && <p className="hint">{t('case.anonymousHint')}</p>}
      <form onSubmit={submit} noValidate>
        <div key={generation}>
          {draft.value.map((p, i) => (
            <PersonFields key={p.id ?? `new-${i}`} person={p} n={i + 1} anonymous={anonymous}
              onChange={(next) => setPerson(i, next)}
              onRemove={() => draft.setValue(draft.value.filter((_, j) => j !== i))} />
          ))}
        </div>
        {draft.value.length === 0 && <p className="muted">{t('case.noPersons')}</p>}
        <p>
          <button type="button" className="quiet" onClick={() => draft.setValue([...draft.value, blankPerson()])}>{t('case.addPerson')}</button>
        </p>
        <SaveRow label={t('case.savePersons')} state={state} dirty={draft.dirty} stale={draft.stale} testId="save-persons"
          onDiscard={() => { draft.reset(draft.server); setGeneration((g) => g + 1); }} />
      </form>
    </section>
  );
}
