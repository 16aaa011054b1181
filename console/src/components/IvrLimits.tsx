import { useId, useState, type FormEvent } from 'react';
import { ApiError, saveIvrSettings } from '../api.js';
import { IvrSettings } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useT, type MessageKey } from '../i18n/index.js';

const FIELDS = ['waitLimitSeconds', 'dangerWaitLimitSeconds', 'onCallDialSeconds', 'callbackRetentionHours'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string> & { listenForDanger: boolean };

const UNIT: Record<Field, MessageKey> = {
  waitLimitSeconds: 'ivr.seconds',
  dangerWaitLimitSeconds: 'ivr.seconds',
  onCallDialSeconds: 'ivr.seconds',
  callbackRetentionHours: 'ivr.hours',
};

/** The limits come from the shared contract, so the console and the server never disagree. */
function bounds(field: Field): { min: number; max: number } {
  const schema = IvrSettings.shape[field];
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? Number.MAX_SAFE_INTEGER };
}

const toValues = (s: IvrSettings): Values => ({
  waitLimitSeconds: String(s.waitLimitSeconds),
  dangerWaitLimitSeconds: String(s.dangerWaitLimitSeconds),
  onCallDialSeconds: String(s.onCallDialSeconds),
  callbackRetentionHours: String(s.callbackRetentionHours),
  listenForDanger: s.listenForDanger,
});

// A blank field goes as 0, which the server refuses by name like any other value out of range.
const toSettings = (v: Values): IvrSettings => ({
  waitLimitSeconds: Number(v.waitLimitSeconds),
  dangerWaitLimitSeconds: Number(v.dangerWaitLimitSeconds),
  onCallDialSeconds: Number(v.onCallDialSeconds),
  callbackRetentionHours: Number(v.callbackRetentionHours),
  listenForDanger: v.listenForDanger,
});

const isField = (key: string): key is Field => (FIELDS as readonly string[]).includes(key);

/** Read-only: what each limit is and what it does (supervisors). */
export function IvrLimitsView({ settings }: { settings: IvrSettings }) {
  const t = useT();
  return (
    <dl className="pairs settings-view" data-testid="ivr-limits">
      {FIELDS.map((field) => (
        <div key={field}>
          <dt>{t(`ivr.${field}`)}</dt>
          <dd>
            <strong data-testid={`ivr-${field}`}>{t(UNIT[field], { value: settings[field] })}</strong>
            <span className="hint"> — {t(`ivr.${field}.hint`)}</span>
          </dd>
        </div>
      ))}
      <div>
        <dt>{t('ivr.listenForDanger')}</dt>
        <dd>
          <strong data-testid="ivr-listenForDanger">{settings.listenForDanger ? t('ivr.on') : t('ivr.off')}</strong>
          <span className="hint"> — {t('ivr.listenForDanger.hint')}</span>
        </dd>
      </div>
    </dl>
  );
}

/** The admin's form: the four limits and the spoken-danger switch, each explained, saved together. */
export function IvrLimitsForm({ initial, labelledBy }: { initial: IvrSettings; labelledBy: string }) {
  const t = useT();
  const id = useId();
  const [saved, setSaved] = useState<Values>(() => toValues(initial));
  const [values, setValues] = useState<Values>(saved);
  const [saving, setSaving] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const [invalid, setInvalid] = useState<ReadonlySet<Field>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const dirty = FIELDS.some((f) => values[f] !== saved[f]) || values.listenForDanger !== saved.listenForDanger;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setJustSaved(false);
    setError(null);
    try {
      const next = toValues(await saveIvrSettings(toSettings(values)));
      setSaved(next);
      setValues(next);
      setInvalid(new Set());
      setJustSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const fields = Object.keys(err.fields).filter(isField);
        setInvalid(new Set(fields));
        setError(fields.length ? t('ivr.checkFields') : t('ivr.failed', { error: err.message }));
        if (fields[0]) document.getElementById(`${id}-${fields[0]}`)?.focus();
      } else {
        setError(t('ivr.failed', { error: errorMessage(t, err) }));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="settings-form" aria-labelledby={labelledBy} onSubmit={(e) => void submit(e)} noValidate>
      <div className="field-grid">
        {FIELDS.map((field) => {
          const { min, max } = bounds(field);
          const bad = invalid.has(field);
          const hintId = `${id}-${field}-hint`;
          const errorId = `${id}-${field}-error`;
          return (
            <div className="field" key={field}>
              <label htmlFor={`${id}-${field}`}>{t(`ivr.${field}`)}</label>
              <input
                id={`${id}-${field}`}
                name={field}
                type="number"
                inputMode="numeric"
                min={min}
                max={max}
                step={1}
                required
                value={values[field]}
                onChange={(e) => {
                  const value = e.target.value;
                  setValues((v) => ({ ...v, [field]: value }));
                  setJustSaved(false);
                }}
                aria-invalid={bad || undefined}
                aria-describedby={[hintId, ...(bad ? [errorId] : [])].join(' ')}
              />
              <p id={hintId} className="hint">{t(`ivr.${field}.hint`)} {t('ivr.range', { min, max })}</p>
              {bad && <p id={errorId} className="field-error">{t('ivr.outOfRange', { min, max })}</p>}
            </div>
          );
        })}
      </div>
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            name="listenForDanger"
            checked={values.listenForDanger}
            onChange={(e) => {
              const on = e.target.checked;
              setValues((v) => ({ ...v, listenForDanger: on }));
              setJustSaved(false);
            }}
            aria-describedby={`${id}-listenForDanger-hint`}
          />
          <span>{t('ivr.listenForDanger')}</span>
        </label>
        <p id={`${id}-listenForDanger-hint`} className="hint">{t('ivr.listenForDanger.hint')}</p>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>{saving ? t('ivr.saving') : t('ivr.save')}</button>
        <p role="status" className="saved" data-testid="ivr-limits-status">{justSaved && !dirty ? t('ivr.saved') : ''}</p>
        {dirty && <p className="muted">{t('ivr.unsaved')}</p>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
