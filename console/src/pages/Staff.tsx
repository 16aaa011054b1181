import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, getStaff, saveStaffSkills } from '../api.js';
import { LANGUAGE_LEVELS, LANGUAGES, OperatorSkills, type Language, type LanguageLevel, type StaffMember } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useTitle } from '../hooks.js';
import { LanguageName, useI18n, WithLanguage } from '../i18n/index.js';

type Spoken = Exclude<Language, 'other'>;
/** In the order of the IVR's language menu. */
const SPOKEN = LANGUAGES.filter((l): l is Spoken => l !== 'other');
const FLAGS = ['minors', 'labour'] as const;
type Flag = (typeof FLAGS)[number];
type Field = Spoken | Flag;

interface Values {
  /** '' : does not speak it (the select's "—"). */
  languages: Record<Spoken, LanguageLevel | ''>;
  minors: boolean;
  labour: boolean;
}

const toValues = (skills: OperatorSkills): Values => ({
  languages: Object.fromEntries(SPOKEN.map((l) => [l, skills.languages[l] ?? ''])) as Values['languages'],
  minors: skills.minors,
  labour: skills.labour,
});

const toSkills = (v: Values): OperatorSkills => ({
  languages: Object.fromEntries(SPOKEN.flatMap((l) => (v.languages[l] ? [[l, v.languages[l]]] : []))),
  minors: v.minors,
  labour: v.labour,
});

const same = (a: Values, b: Values) => JSON.stringify(a) === JSON.stringify(b);

/** `languages.fr` → `fr`, `minors` → `minors`: zod's paths, from the console's check or the server's 400. */
function invalidFields(paths: readonly string[]): Field[] {
  const out = new Set<string>();
  for (const path of paths) {
    const parts = path.split('.');
    out.add(parts[0] === 'languages' && parts[1] ? parts[1] : parts[0]);
  }
  return [...SPOKEN, ...FLAGS].filter((f) => out.has(f));
}

const FLAG_TEXT = {
  minors: { header: 'staff.minors', label: 'staff.minorsLabel' },
  labour: { header: 'staff.labour', label: 'staff.labourLabel' },
} as const;

/** One person: a level for each language, the case training, and their own Save. */
function StaffRow({ member, onSaved }: { member: StaffMember; onSaved: (m: StaffMember) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [saved, setSaved] = useState<Values>(() => toValues(member.skills));
  const [values, setValues] = useState<Values>(saved);
  const [saving, setSaving] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const [invalid, setInvalid] = useState<ReadonlySet<Field>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const dirty = !same(values, saved);
  const nameId = `${id}-name`;
  const controlId = (field: Field) => `${id}-${field}`;

  const change = (next: (v: Values) => Values) => {
    setValues(next);
    setJustSaved(false);
  };

  const refuse = (fields: Field[], message: string) => {
    setInvalid(new Set(fields));
    setError(message);
    if (fields[0]) document.getElementById(controlId(fields[0]))?.focus();
  };

  const save = async () => {
    if (saving) return;
    setJustSaved(false);
    setError(null);
    // The shared schema checks first, as the server will.
    const checked = OperatorSkills.safeParse(toSkills(values));
    if (!checked.success) {
      refuse(invalidFields(checked.error.issues.map((i) => i.path.join('.'))), t('staff.checkFields'));
      return;
    }
    setSaving(true);
    try {
      const updated = await saveStaffSkills(member.id, checked.data);
      if (!alive.current) return;
      const next = toValues(updated.skills);
      setSaved(next);
      setValues(next);
      setInvalid(new Set());
      setJustSaved(true);
      onSaved(updated);
    } catch (err) {
      if (!alive.current) return;
      if (err instanceof ApiError && err.status === 400) {
        const fields = invalidFields(Object.keys(err.fields));
        refuse(fields, fields.length ? t('staff.checkFields') : t('staff.failed', { error: err.message }));
      } else {
        setError(t('staff.failed', { error: errorMessage(t, err) }));
      }
    } finally {
      if (alive.current) setSaving(false);
    }
  };
  const fieldError = (field: Field, text: string) =>
    invalid.has(field) ? <p id={`${controlId(field)}-error`} className="field-error">{text}</p> : null;
  const describedBy = (field: Field) => (invalid.has(field) ? `${controlId(field)}-error` : undefined);

  return (
    <tr data-testid="staff-row" data-user-id={member.id} data-username={member.username}>
      <th scope="row" id={nameId}>
        {member.displayName}
        {member.role === 'supervisor' && <span className="muted"> ({t('role.supervisor')})</span>}
      </th>
      <td>
        <div className="staff-languages">
          {SPOKEN.map((language) => (
            <div className="staff-language" key={language}>
              <label htmlFor={controlId(language)}>
                <span aria-hidden="true"><LanguageName language={language} /></span>
                {/* Read out with whose level it is; the row shows the name once. */}
                <span className="visually-hidden">
                  <WithLanguage text={t('staff.levelLabel', { name: member.displayName })} language={language} />
                </span>
              </label>
              <select
                id={controlId(language)}
                value={values.languages[language]}
                data-language={language}
                aria-invalid={invalid.has(language) || undefined}
                aria-describedby={describedBy(language)}
                onChange={(e) => {
                  const level = e.target.value as LanguageLevel | '';
                  change((v) => ({ ...v, languages: { ...v.languages, [language]: level } }));
                }}
              >
                <option value="">{t('staff.none')}</option>
                {LANGUAGE_LEVELS.map((level) => <option key={level} value={level}>{t(`level.${level}`)}</option>)}
              </select>
              {fieldError(language, t('staff.badLevel'))}
            </div>
          ))}
        </div>
      </td>
      <td>
        <div className="staff-flags">
          {FLAGS.map((flag) => (
            <div key={flag}>
              <label className="check" htmlFor={controlId(flag)}>
                <input
                  id={controlId(flag)}
                  type="checkbox"
                  checked={values[flag]}
                  aria-invalid={invalid.has(flag) || undefined}
                  aria-describedby={describedBy(flag)}
                  onChange={(e) => {
                    const on = e.target.checked;
                    change((v) => ({ ...v, [flag]: on }));
                  }}
                />
                <span aria-hidden="true">{t(FLAG_TEXT[flag].header)}</span>
                <span className="visually-hidden">{t(FLAG_TEXT[flag].label, { name: member.displayName })}</span>
              </label>
              {fieldError(flag, t('staff.badFlag'))}
            </div>
          ))}
        </div>
      </td>
      <td className="staff-save">
        {/* Its name stays "Save" (as on every form); the row's person is read as its description. */}
        <button type="button" className="primary" aria-describedby={nameId} aria-disabled={saving || undefined} onClick={() => void save()}>
          {saving ? t('staff.saving') : t('staff.save')}
        </button>
        <p role="status" className="saved row-message" data-testid="staff-status">{justSaved && !dirty ? t('staff.saved') : ''}</p>
        {dirty && <p className="muted row-message" data-testid="staff-unsaved">{t('staff.unsaved')}</p>}
        {error && <p role="alert" className="error row-message" data-testid="staff-error">{error}</p>}
      </td>
    </tr>
  );
}

/** `/staff`: admins and supervisors set what each person who takes calls is offered. */
export function StaffPage() {
  const { t } = useI18n();
  useTitle(t('staff.title'));
  const [items, setItems] = useState<StaffMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    let current = true;
    getStaff().then(
      (list) => { if (current) setItems(list.items); },
      (err: unknown) => { if (current) setError(errorMessage(tRef.current, err)); },
    );
    return () => {
      current = false;
    };
  }, []);

  const onSaved = (member: StaffMember) => setItems((old) => old?.map((m) => (m.id === member.id ? member : m)) ?? old);

  return (
    <>
      <h1 tabIndex={-1}>{t('staff.title')}</h1>
      <p>{t('staff.intro')}</p>
      {error && <p role="alert" className="error">{t('staff.loadFailed', { error })}</p>}
      {!items && !error && <p className="muted">{t('staff.loading')}</p>}
      {items && items.length === 0 && <p className="muted" data-testid="staff-empty">{t('staff.empty')}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table className="contacts staff" data-testid="staff-table">
            <caption>{t('staff.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.name')}</th>
                <th scope="col">{t('staff.languages')}</th>
                <th scope="col">{t('staff.trainedFor')}</th>
                <th scope="col">{t('staff.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((member) => <StaffRow key={member.id} member={member} onSaved={onSaved} />)}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
