import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError, getRetentionSettings, runRetention, saveRetentionSettings } from '../api.js';
import { RetentionCounts, RetentionSettings, type RetentionResult } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useTitle } from '../hooks.js';
import { useI18n, useT } from '../i18n/index.js';

const FIELDS = ['unlinkedContactDays', 'closedCaseDays'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;
const COUNTS = Object.keys(RetentionCounts.shape) as Array<keyof RetentionCounts>;

/** The limits come from the shared contract, so the console and the server never disagree. */
function bounds(field: Field): { min: number; max: number } {
  const schema = RetentionSettings.shape[field];
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? Number.MAX_SAFE_INTEGER };
}

const toValues = (s: RetentionSettings): Values => ({ unlinkedContactDays: String(s.unlinkedContactDays), closedCaseDays: String(s.closedCaseDays) });
// A blank field goes as 0, which the schema refuses by name like any other value out of range.
const toSettings = (v: Values): RetentionSettings => ({ unlinkedContactDays: Number(v.unlinkedContactDays), closedCaseDays: Number(v.closedCaseDays) });
const isField = (key: string): key is Field => (FIELDS as readonly string[]).includes(key);

function LimitsForm({ initial, labelledBy, onDirty }: { initial: RetentionSettings; labelledBy: string; onDirty: (dirty: boolean) => void }) {
  const t = useT();
  const id = useId();
  const [saved, setSaved] = useState<Values>(() => toValues(initial));
  const [values, setValues] = useState<Values>(saved);
  const [saving, setSaving] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const [invalid, setInvalid] = useState<ReadonlySet<Field>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const dirty = FIELDS.some((f) => values[f] !== saved[f]);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);

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
    const checked = RetentionSettings.safeParse(toSettings(values));
    if (!checked.success) {
      refuse(FIELDS.filter((f) => checked.error.issues.some((i) => i.path[0] === f)), t('retention.checkFields'));
      return;
    }
    setSaving(true);
    try {
      const next = toValues(await saveRetentionSettings(checked.data));
      setSaved(next);
      setValues(next);
      setInvalid(new Set());
      setJustSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const fields = Object.keys(err.fields).filter(isField);
        refuse(fields, fields.length ? t('retention.checkFields') : t('retention.failed', { error: err.message }));
      } else {
        setError(t('retention.failed', { error: errorMessage(t, err) }));
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
              <label htmlFor={`${id}-${field}`}>{t(`retention.${field}`)}</label>
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
              <p id={hintId} className="hint">{t(`retention.${field}.hint`)} {t('retention.range', { min, max })}</p>
              {bad && <p id={errorId} className="field-error">{t('retention.outOfRange', { min, max })}</p>}
            </div>
          );
        })}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>{saving ? t('retention.saving') : t('retention.save')}</button>
        <p role="status" className="saved" data-testid="retention-status">{justSaved && !dirty ? t('retention.saved') : ''}</p>
        {dirty && <p className="muted">{t('retention.unsaved')}</p>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

function Counts({ result }: { result: RetentionResult }) {
  const { t, locale } = useI18n();
  const when = (iso: string) => new Date(iso).toLocaleDateString(locale, { dateStyle: 'medium' });
  return (
    <div data-testid="retention-result" data-dry-run={String(result.dryRun)}>
      <p>
        {result.dryRun ? t('retention.previewed') : t('retention.ran')}{' '}
        {t('retention.scope', { contacts: when(result.contactsBefore), cases: when(result.casesClosedBefore) })}
      </p>
      <dl className="pairs">
        {COUNTS.map((key) => (
          <div key={key}>
            <dt>{t(`retention.count.${key}`)}</dt>
            <dd data-testid={`retention-count-${key}`}>{result.counts[key]}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

type Step = 'idle' | 'asking' | 'running';

/**
 * "Preview" counts what the saved limits would anonymise; "Run now" does it, after a second click,
 * as hanging up does: anonymised records cannot be brought back.
 */
function RunPanel({ labelledBy, unsaved }: { labelledBy: string; unsaved: boolean }) {
  const t = useT();
  const id = useId();
  const [step, setStep] = useState<Step>('idle');
  const [previewing, setPreviewing] = useState(false);
  const [result, setResult] = useState<RetentionResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<'run' | 'cancel' | null>(null);
  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    (target === 'cancel' ? cancelRef : runRef).current?.focus();
  });

  const go = async (dryRun: boolean) => {
    setError(null);
    try {
      setResult(await runRetention(dryRun));
    } catch (err) {
      setError(t('retention.runFailed', { error: errorMessage(t, err) }));
    }
  };

  const preview = async () => {
    if (previewing || step === 'running') return;
    setPreviewing(true);
    await go(true);
    setPreviewing(false);
  };

  const confirm = async () => {
    if (step !== 'asking') return;
    setStep('running');
    await go(false);
    focusNext.current = 'run';
    setStep('idle');
  };

  const cancel = () => {
    focusNext.current = 'run';
    setStep('idle');
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && step === 'asking') {
      event.preventDefault();
      cancel();
    }
  };

  return (
    <div aria-labelledby={labelledBy} role="group">
      <p className="hint">{t('retention.runHint')}</p>
      {unsaved && <p className="banner banner-warn" data-testid="retention-run-unsaved">{t('retention.runUnsaved')}</p>}
      <div className="actions">
        <button type="button" aria-disabled={previewing || undefined} onClick={() => void preview()}>
          {previewing ? t('retention.previewing') : t('retention.preview')}
        </button>
        {step === 'idle' && (
          <button
            ref={runRef}
            type="button"
            className="danger"
            onClick={() => {
              setError(null);
              focusNext.current = 'cancel';
              setStep('asking');
            }}
          >
            {t('retention.run')}
          </button>
        )}
      </div>
      {step !== 'idle' && (
        <div className="confirm-step" role="group" aria-labelledby={`${id}-question`} onKeyDown={onKey}>
          <div className="inline-controls">
            <p id={`${id}-question`} className="confirm-question">{t('retention.confirmQuestion')}</p>
            <button type="button" className="danger" aria-disabled={step === 'running' || undefined} onClick={() => void confirm()}>
              {step === 'running' ? t('retention.running') : t('retention.confirm')}
            </button>
            <button ref={cancelRef} type="button" className="quiet" aria-disabled={step === 'running' || undefined} onClick={cancel}>
              {t('retention.cancel')}
            </button>
          </div>
        </div>
      )}
      <div aria-live="polite">{result && <Counts result={result} />}</div>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}

/** `/admin/retention` (admins): how long records are kept before they are anonymised, and a run on demand. */
export function RetentionPage() {
  const t = useT();
  useTitle(t('retention.title'));
  const limitsId = useId();
  const runId = useId();
  const [settings, setSettings] = useState<RetentionSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unsaved, setUnsaved] = useState(false);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    let current = true;
    getRetentionSettings().then(
      (s) => { if (current) setSettings(s); },
      (err: unknown) => { if (current) setError(tRef.current('retention.loadFailed', { error: errorMessage(tRef.current, err) })); },
    );
    return () => {
      current = false;
    };
  }, []);

  return (
    <>
      <h1 tabIndex={-1}>{t('retention.title')}</h1>
      <p>{t('retention.intro')}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {!settings && !error && <p className="muted">{t('app.loading')}</p>}
      {settings && (
        <>
          <section className="panel" aria-labelledby={limitsId}>
            <h2 id={limitsId}>{t('retention.limits')}</h2>
            <LimitsForm initial={settings} labelledBy={limitsId} onDirty={setUnsaved} />
          </section>
          <section className="panel" aria-labelledby={runId}>
            <h2 id={runId}>{t('retention.runTitle')}</h2>
            <RunPanel labelledBy={runId} unsaved={unsaved} />
          </section>
        </>
      )}
    </>
  );
}
