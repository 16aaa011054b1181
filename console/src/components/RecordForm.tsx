import { useId, useImperativeHandle, useRef, useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { ApiError, saveRecord } from '../api.js';
import {
  CALLER_TYPES, CONTACT_CLASSES, LANGUAGES, NOTES_MAX, OUTCOMES, PERTINENCES, PURPOSES, REASONS,
  type CallerType, type ContactRecordInput, type ContactView, type Purpose,
} from '../contracts.js';
import { LANGUAGE_AUTONYMS, languageName, useT, type MessageKey } from '../i18n/index.js';

type FieldName = keyof ContactRecordInput;
type FieldErrors = Partial<Record<FieldName, string[]>>;

const CALLER_FROM_PURPOSE: Record<Purpose, CallerType> = {
  SELF: 'POTENTIAL_VICTIM_SELF',
  DANGER: 'POTENTIAL_VICTIM_SELF',
  SOMEONE_ELSE: 'FAMILY_FRIEND_COLLEAGUE',
  SERVICE: 'INSTITUTION_OTHER',
  UNKNOWN: 'UNKNOWN',
};

/** The saved record, or defaults drawn from what the caller chose in the IVR. */
export function initialRecord(contact: ContactView): ContactRecordInput {
  const saved = contact.record;
  if (saved) {
    const { callerType, language, purpose, pertinence, contactClass, reasons, outcomes, notes } = saved;
    return { callerType, language, purpose, pertinence, contactClass, reasons, outcomes, notes };
  }
  const purpose = contact.purpose ?? 'UNKNOWN';
  const danger = contact.danger || purpose === 'DANGER';
  return {
    callerType: CALLER_FROM_PURPOSE[purpose],
    language: contact.language ?? 'other',
    purpose,
    pertinence: 'PERTINENT',
    contactClass: danger ? 'CRISIS' : 'INFORMATION',
    reasons: [],
    outcomes: [],
    notes: '',
  };
}

const FIELD_NAMES: readonly FieldName[] = [
  'callerType', 'language', 'purpose', 'pertinence', 'contactClass', 'reasons', 'outcomes', 'notes',
];

/** zod paths may be nested (`reasons.0`): each message goes to its top-level field. */
function byField(fields: Record<string, string[]>): { errors: FieldErrors; other: string[] } {
  const errors: FieldErrors = {};
  const other: string[] = [];
  for (const [path, messages] of Object.entries(fields)) {
    const head = path.split('.')[0] as FieldName;
    if (FIELD_NAMES.includes(head)) errors[head] = [...(errors[head] ?? []), ...messages];
    else other.push(...messages);
  }
  return { errors, other };
}

/** Two records say the same, whatever order their ticks were made in. */
function sameRecord(a: ContactRecordInput, b: ContactRecordInput): boolean {
  const sameSet = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v) => y.includes(v));
  return a.callerType === b.callerType && a.language === b.language && a.purpose === b.purpose && a.pertinence === b.pertinence
    && a.contactClass === b.contactClass && a.notes === b.notes && sameSet(a.reasons, b.reasons) && sameSet(a.outcomes, b.outcomes);
}

/** What the live call panel may ask of the form: a warm transfer saves unsaved changes before the record passes on. */
export interface RecordFormControl {
  unsaved: () => boolean;
  /** Saves what the form holds; false when the server refused it (the form shows why). */
  save: () => Promise<boolean>;
}

interface Props {
  contact: ContactView;
  onSaved: (contact: ContactView) => void;
  control?: Ref<RecordFormControl>;
}

export function RecordForm({ contact, onSaved, control }: Props) {
  const t = useT();
  const [values, setValues] = useState<ContactRecordInput>(() => initialRecord(contact));
  // What the server holds, as far as this form knows: the form has unsaved changes when it differs.
  const [stored, setStored] = useState<ContactRecordInput>(() => initialRecord(contact));
  const inFlight = useRef<Promise<boolean> | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const id = useId();

  const set = <K extends FieldName>(name: K, value: ContactRecordInput[K]) => {
    setValues((v) => ({ ...v, [name]: value }));
    setSaved(false);
  };
  const toggle = (name: 'reasons' | 'outcomes', value: string, on: boolean) => {
    setValues((v) => {
      const current: string[] = v[name];
      const next = on ? [...current.filter((x) => x !== value), value] : current.filter((x) => x !== value);
      return { ...v, [name]: next };
    });
    setSaved(false);
  };

  const send = async (record: ContactRecordInput): Promise<boolean> => {
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      const view = await saveRecord(contact.id, record);
      setFieldErrors({});
      setSaved(true);
      setStored(record);
      onSaved(view);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const { errors, other } = byField(err.fields);
        setFieldErrors(errors);
        setError([t('record.checkFields'), ...other].join(' — '));
      } else if (err instanceof ApiError && err.status === 403) {
        setFieldErrors({});
        setError(t('app.noAccess'));
      } else if (err instanceof ApiError && err.status === 0) {
        setError(t('app.unreachable'));
      } else {
        setError(t('record.failed', { error: err instanceof Error ? err.message : String(err) }));
      }
      return false;
    } finally {
      setSaving(false);
    }
  };

  // One save at a time: a second ask (the button, then a transfer) shares the first.
  const save = (): Promise<boolean> => {
    inFlight.current ??= send(values).finally(() => {
      inFlight.current = null;
    });
    return inFlight.current;
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void save();
  };

  useImperativeHandle(control, () => ({ unsaved: () => !sameRecord(values, stored), save }));

  const errorId = (name: FieldName) => `${id}-${name}-error`;
  const invalid = (name: FieldName) => (fieldErrors[name]?.length ? true : undefined);
  const describedBy = (name: FieldName, ...more: string[]) =>
    [...more, ...(fieldErrors[name]?.length ? [errorId(name)] : [])].join(' ') || undefined;
  const fieldError = (name: FieldName) =>
    fieldErrors[name]?.length ? <p id={errorId(name)} className="field-error">{fieldErrors[name].join(' ')}</p> : null;

  const select = <K extends 'callerType' | 'purpose' | 'pertinence' | 'contactClass'>(
    name: K, label: MessageKey, options: readonly ContactRecordInput[K][], optionLabel: (v: ContactRecordInput[K]) => string,
  ): ReactNode => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{t(label)}</label>
      <select
        id={`${id}-${name}`}
        name={name}
        value={values[name]}
        onChange={(e) => set(name, e.target.value as ContactRecordInput[K])}
        aria-invalid={invalid(name)}
        aria-describedby={describedBy(name)}
      >
        {options.map((o) => <option key={o} value={o}>{optionLabel(o)}</option>)}
      </select>
      {fieldError(name)}
    </div>
  );

  const checkboxes = (name: 'reasons' | 'outcomes', legend: MessageKey, options: readonly string[], optionLabel: (v: string) => string) => (
    <fieldset className="checks" aria-describedby={describedBy(name)}>
      <legend>{t(legend)}</legend>
      <div className="check-grid">
        {options.map((o) => (
          <label key={o} className="check">
            <input
              type="checkbox"
              name={name}
              value={o}
              checked={(values[name] as string[]).includes(o)}
              onChange={(e) => toggle(name, o, e.target.checked)}
            />
            <span>{optionLabel(o)}</span>
          </label>
        ))}
      </div>
      {fieldError(name)}
    </fieldset>
  );

  const notesHintId = `${id}-notes-hint`;
  const notesCountId = `${id}-notes-count`;
  return (
    <form className="record" aria-label={t('record.form')} onSubmit={submit} noValidate>
      <h3>{t('record.title')}</h3>
      <div className="field-grid">
        {select('callerType', 'record.callerType', CALLER_TYPES, (v) => t(`callerType.${v}`))}
        <div className="field">
          <label htmlFor={`${id}-language`}>{t('record.language')}</label>
          <select
            id={`${id}-language`}
            name="language"
            value={values.language}
            onChange={(e) => set('language', e.target.value as ContactRecordInput['language'])}
            aria-invalid={invalid('language')}
            aria-describedby={describedBy('language')}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l === 'other' ? undefined : LANGUAGE_AUTONYMS[l].tag}>{languageName(t, l)}</option>
            ))}
          </select>
          {fieldError('language')}
        </div>
        {select('purpose', 'record.purpose', PURPOSES, (v) => t(`purpose.${v}`))}
        {select('pertinence', 'record.pertinence', PERTINENCES, (v) => t(`pertinence.${v}`))}
        {select('contactClass', 'record.contactClass', CONTACT_CLASSES, (v) => t(`contactClass.${v}`))}
      </div>
      {checkboxes('reasons', 'record.reasons', REASONS, (v) => t(`reason.${v as (typeof REASONS)[number]}`))}
      {checkboxes('outcomes', 'record.outcomes', OUTCOMES, (v) => t(`outcome.${v as (typeof OUTCOMES)[number]}`))}
      <div className="field">
        <label htmlFor={`${id}-notes`}>{t('record.notes')}</label>
        <p id={notesHintId} className="hint">{t('record.notesHint')}</p>
        <textarea
          id={`${id}-notes`}
          name="notes"
          rows={5}
          maxLength={NOTES_MAX}
          value={values.notes}
          onChange={(e) => set('notes', e.target.value)}
          aria-invalid={invalid('notes')}
          aria-describedby={describedBy('notes', notesHintId, notesCountId)}
          spellCheck
        />
        <p id={notesCountId} className="hint count">{t('record.notesCount', { count: values.notes.length, max: NOTES_MAX })}</p>
        {fieldError('notes')}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>{saving ? t('record.saving') : t('record.save')}</button>
        <p role="status" className="saved" data-testid="record-status">{saved ? t('record.saved') : ''}</p>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
