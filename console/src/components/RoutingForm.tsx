import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, getRoutingSettings, saveRoutingSettings } from '../api.js';
import { DEFAULT_ROUTING_SETTINGS, RoutingSettings, Widening } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useT, type MessageKey } from '../i18n/index.js';

const STEPS = ['basicAfterSeconds', 'anyAfterSeconds'] as const;
type Step = (typeof STEPS)[number];
type Field = Step | 'wrapUpSeconds';
const FIELDS: readonly Field[] = [...STEPS, 'wrapUpSeconds'];

interface Values {
  steps: Record<Step, { seconds: string; never: boolean }>;
  wrapUpSeconds: string;
}

const STEP_TEXT: Record<Step, { legend: MessageKey; hint: MessageKey }> = {
  basicAfterSeconds: { legend: 'routing.basic', hint: 'routing.basic.hint' },
  anyAfterSeconds: { legend: 'routing.any', hint: 'routing.any.hint' },
};

/** The limits come from the shared contract, so the console and the server never disagree. */
function bounds(field: Field): { min: number; max: number } {
  const schema = field === 'wrapUpSeconds' ? RoutingSettings.shape.wrapUpSeconds : Widening.shape[field].unwrap();
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? Number.MAX_SAFE_INTEGER };
}

// "Never" keeps the seconds typed (or the default), so unticking it gives them back.
const toValues = (s: RoutingSettings): Values => ({
  steps: {
    basicAfterSeconds: {
      seconds: String(s.widening.basicAfterSeconds ?? DEFAULT_ROUTING_SETTINGS.widening.basicAfterSeconds ?? ''),
      never: s.widening.basicAfterSeconds === null,
    },
    anyAfterSeconds: {
      seconds: String(s.widening.anyAfterSeconds ?? DEFAULT_ROUTING_SETTINGS.widening.anyAfterSeconds ?? ''),
      never: s.widening.anyAfterSeconds === null,
    },
  },
  wrapUpSeconds: String(s.wrapUpSeconds),
});

/** A blank field is not a number (refused by name), never a silent 0. */
const seconds = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

const toSettings = (v: Values): RoutingSettings => ({
  widening: {
    basicAfterSeconds: v.steps.basicAfterSeconds.never ? null : seconds(v.steps.basicAfterSeconds.seconds),
    anyAfterSeconds: v.steps.anyAfterSeconds.never ? null : seconds(v.steps.anyAfterSeconds.seconds),
  },
  wrapUpSeconds: seconds(v.wrapUpSeconds),
});

/** `widening.basicAfterSeconds` → `basicAfterSeconds`: zod's paths, from the console's check or the server's 400. */
function invalidFields(paths: readonly string[]): Field[] {
  const out = new Set<Field>();
  for (const path of paths) {
    const last = path.split('.').pop() ?? '';
    if ((FIELDS as readonly string[]).includes(last)) out.add(last as Field);
  }
  return FIELDS.filter((f) => out.has(f));
}

const same = (a: Values, b: Values) => JSON.stringify(a) === JSON.stringify(b);

function Form({ initial, labelledBy }: { initial: RoutingSettings; labelledBy: string }) {
  const t = useT();
  const id = useId();
  const [saved, setSaved] = useState<Values>(() => toValues(initial));
  const [values, setValues] = useState<Values>(saved);
  const [saving, setSaving] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const [invalid, setInvalid] = useState<ReadonlySet<Field>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const dirty = !same(values, saved);

  const refuse = (fields: Field[], message: string) => {
    setInvalid(new Set(fields));
    setError(message);
    if (fields[0]) document.getElementById(`${id}-${fields[0]}`)?.focus();
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    setJustSaved(false);
    setError(null);
    // The shared schema checks here first: a mistake is named at once, without a round trip.
    const checked = RoutingSettings.safeParse(toSettings(values));
    if (!checked.success) {
      refuse(invalidFields(checked.error.issues.map((i) => i.path.join('.'))), t('ivr.checkFields'));
      return;
    }
    setSaving(true);
    try {
      const next = toValues(await saveRoutingSettings(checked.data));
      setSaved(next);
      setValues(next);
      setInvalid(new Set());
      setJustSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const fields = invalidFields(Object.keys(err.fields));
        refuse(fields, fields.length ? t('ivr.checkFields') : t('ivr.failed', { error: err.message }));
      } else {
        setError(t('ivr.failed', { error: errorMessage(t, err) }));
      }
    } finally {
      setSaving(false);
    }
  };

  const change = (next: (v: Values) => Values) => {
    setValues(next);
    setJustSaved(false);
  };

  const numberInput = (field: Field, value: string, onChange: (value: string) => void, disabled: boolean, hintId: string) => {
    const { min, max } = bounds(field);
    const bad = invalid.has(field) && !disabled;
    const errorId = `${id}-${field}-error`;
    return (
      <>
        <input
          id={`${id}-${field}`}
          name={field}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          required={!disabled}
          disabled={disabled}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={bad || undefined}
          aria-describedby={[hintId, ...(bad ? [errorId] : [])].join(' ')}
        />
        {bad && <p id={errorId} className="field-error">{t('ivr.outOfRange', { min, max })}</p>}
      </>
    );
  };

  return (
    <form className="settings-form routing-form" aria-labelledby={labelledBy} onSubmit={(e) => void submit(e)} noValidate>
      <div className="field-grid">
        {STEPS.map((step) => {
          const { min, max } = bounds(step);
          const { seconds: text, never } = values.steps[step];
          const hintId = `${id}-${step}-hint`;
          const setStep = (patch: Partial<Values['steps'][Step]>) =>
            change((v) => ({ ...v, steps: { ...v.steps, [step]: { ...v.steps[step], ...patch } } }));
          return (
            <fieldset className="field routing-step" key={step}>
              <legend>{t(STEP_TEXT[step].legend)}</legend>
              <label htmlFor={`${id}-${step}`}>{t('routing.after')}</label>
              {numberInput(step, text, (seconds) => setStep({ seconds }), never, hintId)}
              <label className="check never">
                <input type="checkbox" name={`${step}-never`} checked={never} onChange={(e) => setStep({ never: e.target.checked })} />
                <span>{t('routing.never')}</span>
              </label>
              <p id={hintId} className="hint">{t(STEP_TEXT[step].hint)} {t('ivr.range', { min, max })}</p>
            </fieldset>
          );
        })}
        <div className="field">
          {(() => {
            const { min, max } = bounds('wrapUpSeconds');
            const hintId = `${id}-wrapUpSeconds-hint`;
            return (
              <>
                <label htmlFor={`${id}-wrapUpSeconds`}>{t('routing.wrapUpSeconds')}</label>
                {numberInput('wrapUpSeconds', values.wrapUpSeconds, (wrapUpSeconds) => change((v) => ({ ...v, wrapUpSeconds })), false, hintId)}
                <p id={hintId} className="hint">{t('routing.wrapUpSeconds.hint')} {t('ivr.range', { min, max })}</p>
              </>
            );
          })()}
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>{saving ? t('ivr.saving') : t('routing.save')}</button>
        <p role="status" className="saved" data-testid="routing-status">{justSaved && !dirty ? t('ivr.saved') : ''}</p>
        {dirty && <p className="muted">{t('ivr.unsaved')}</p>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

/** Supervisors' routing settings: when calls widen to basic speakers and to anyone, and the wrap-up time. */
export function RoutingSettingsSection() {
  const t = useT();
  const headingId = useId();
  const [loaded, setLoaded] = useState<RoutingSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    let current = true;
    getRoutingSettings().then(
      (settings) => { if (current) setLoaded(settings); },
      (err: unknown) => { if (current) setError(tRef.current('routing.loadFailed', { error: errorMessage(tRef.current, err) })); },
    );
    return () => {
      current = false;
    };
  }, []);

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="routing-settings">
      <h2 id={headingId}>{t('routing.title')}</h2>
      <p>{t('routing.intro')}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {!loaded && !error && <p className="muted">{t('app.loading')}</p>}
      {loaded && <Form initial={loaded} labelledBy={headingId} />}
    </section>
  );
}
