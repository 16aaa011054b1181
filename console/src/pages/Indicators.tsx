import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, getIndicators, publishIndicators } from '../api.js';
import {
  APPLIES_TO, GRADES, INDICATOR_DIMENSIONS, IndicatorDefinition, type AppliesTo, type Dimension, type Grade, type IndicatorCatalogue,
} from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useTitle } from '../hooks.js';
import { useT, type MessageKey } from '../i18n/index.js';
import { useRiskLabel } from '../i18n/risk.js';

/** The fields a row edits, as zod names them (`question.en`): the server's 400 and the console's check alike. */
const TEXT_FIELDS = ['label.it', 'label.en', 'question.it', 'question.en'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

const FIELD_LABEL: Record<string, MessageKey> = {
  'code': 'indicators.code',
  'dimension': 'indicators.dimension',
  'label.it': 'indicators.labelIt',
  'label.en': 'indicators.labelEn',
  'question.it': 'indicators.questionIt',
  'question.en': 'indicators.questionEn',
  'gradeAdult': 'indicators.gradeAdult',
  'gradeChild': 'indicators.gradeChild',
  'appliesTo': 'indicators.appliesTo',
  'source': 'indicators.source',
};

const readText = (d: IndicatorDefinition, field: TextField) => {
  const [key, lang] = field.split('.') as ['label' | 'question', 'it' | 'en'];
  return d[key][lang];
};
const withText = (d: IndicatorDefinition, field: TextField, value: string): IndicatorDefinition => {
  const [key, lang] = field.split('.') as ['label' | 'question', 'it' | 'en'];
  return { ...d, [key]: { ...d[key], [lang]: value } };
};
/** A 603-bis index carries no grade: moving an indicator there clears them. */
const withDimension = (d: IndicatorDefinition, dimension: Dimension): IndicatorDefinition =>
  dimension === 'IT_603BIS_INDEX' ? { ...d, dimension, gradeAdult: null, gradeChild: null } : { ...d, dimension };

/** `label.en` from a zod path, whatever sits before it. */
const fieldOf = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** Each indicator's invalid fields, by code; `indicators.3.question.en` from the server names the 4th of the draft. */
type Invalid = ReadonlyMap<string, ReadonlySet<string>>;

function checkDraft(draft: readonly IndicatorDefinition[]): Invalid {
  const out = new Map<string, Set<string>>();
  draft.forEach((d) => {
    const checked = IndicatorDefinition.safeParse(d);
    if (!checked.success) out.set(d.code, new Set(checked.error.issues.map((i) => fieldOf(i.path))));
  });
  return out;
}

function fromServer(draft: readonly IndicatorDefinition[], fields: Record<string, string[]>): Invalid {
  const out = new Map<string, Set<string>>();
  for (const path of Object.keys(fields)) {
    const match = /^indicators\.(\d+)\.(.+)$/.exec(path);
    const indicator = match ? draft[Number(match[1])] : undefined;
    if (!match || !indicator) continue;
    const set = out.get(indicator.code) ?? new Set<string>();
    set.add(match[2]);
    out.set(indicator.code, set);
  }
  return out;
}

function GradeSelect({ id, value, dimension, onChange, invalid, describedBy }: {
  id: string; value: Grade | null; dimension: Dimension; onChange: (g: Grade | null) => void; invalid: boolean; describedBy?: string;
}) {
  const t = useT();
  const risk = useRiskLabel();
  const noGrade = dimension === 'IT_603BIS_INDEX';
  return (
    <select
      id={id}
      value={value ?? ''}
      disabled={noGrade}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value === '' ? null : (e.target.value as Grade))}
    >
      <option value="">{t('indicators.noGrade')}</option>
      {!noGrade && GRADES.map((g) => <option key={g} value={g}>{risk(g)}</option>)}
    </select>
  );
}

/** One indicator of the draft: its words in both languages, its grades and what it applies to. */
function IndicatorRow({ indicator, invalid, onChange, onRemove }: {
  indicator: IndicatorDefinition;
  invalid: ReadonlySet<string>;
  onChange: (next: IndicatorDefinition) => void;
  onRemove: () => void;
}) {
  const t = useT();
  const risk = useRiskLabel();
  const base = useId();
  const d = indicator;
  const fid = (field: string) => `${base}-${field.replace('.', '-')}`;
  const legendId = `${base}-legend`;
  const bad = (field: string) => invalid.has(field);
  const errorFor = (field: string) => (bad(field) ? <p id={`${fid(field)}-error`} className="field-error">{t('indicators.badField')}</p> : null);
  const describedBy = (field: string) => (bad(field) ? `${fid(field)}-error` : undefined);
  return (
    <fieldset className="panel indicator" data-testid="indicator" data-code={d.code}>
      <legend id={legendId}><code>{d.code}</code></legend>
      <div className="field-grid">
        {TEXT_FIELDS.map((field) => {
          const long = field.startsWith('question');
          const common = {
            id: fid(field),
            value: readText(d, field),
            'aria-invalid': bad(field) || undefined,
            'aria-describedby': describedBy(field),
            lang: field.endsWith('.it') ? 'it' : 'en',
          };
          return (
            <div className="field" key={field}>
              <label htmlFor={fid(field)}>{t(FIELD_LABEL[field])}</label>
              {long
                ? <textarea {...common} rows={3} maxLength={400} onChange={(e) => onChange(withText(d, field, e.target.value))} />
                : <input {...common} type="text" maxLength={120} onChange={(e) => onChange(withText(d, field, e.target.value))} />}
              {errorFor(field)}
            </div>
          );
        })}
        {(['gradeAdult', 'gradeChild'] as const).map((field) => (
          <div className="field" key={field}>
            <label htmlFor={fid(field)}>{t(FIELD_LABEL[field])}</label>
            <GradeSelect
              id={fid(field)}
              value={d[field]}
              dimension={d.dimension}
              invalid={bad(field)}
              describedBy={describedBy(field)}
              onChange={(g) => onChange({ ...d, [field]: g })}
            />
            {errorFor(field)}
          </div>
        ))}
        <div className="field">
          <label htmlFor={fid('appliesTo')}>{t(FIELD_LABEL.appliesTo)}</label>
          <select id={fid('appliesTo')} value={d.appliesTo} onChange={(e) => onChange({ ...d, appliesTo: e.target.value as AppliesTo })}>
            {APPLIES_TO.map((a) => <option key={a} value={a}>{risk(a)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fid('dimension')}>{t(FIELD_LABEL.dimension)}</label>
          <select id={fid('dimension')} value={d.dimension} onChange={(e) => onChange(withDimension(d, e.target.value as Dimension))}>
            {INDICATOR_DIMENSIONS.map((dim) => <option key={dim} value={dim}>{risk(dim)}</option>)}
          </select>
        </div>
      </div>
      <div className="actions">
        <p className="hint">{t('indicators.sourceIs', { source: d.source })}</p>
        <button type="button" className="quiet" aria-describedby={legendId} onClick={onRemove}>{t('indicators.remove')}</button>
      </div>
    </fieldset>
  );
}

const BLANK: IndicatorDefinition = {
  code: '', dimension: 'DECEPTIVE_RECRUITMENT', gradeAdult: 'MEDIUM', gradeChild: 'MEDIUM', appliesTo: 'ALL',
  label: { it: '', en: '' }, question: { it: '', en: '' }, source: '',
};

/** A new indicator, checked by the shared schema before it joins the draft. */
function AddIndicator({ codes, onAdd }: { codes: readonly string[]; onAdd: (d: IndicatorDefinition) => void }) {
  const t = useT();
  const risk = useRiskLabel();
  const base = useId();
  const headingId = `${base}-heading`;
  const [d, setD] = useState<IndicatorDefinition>(BLANK);
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const fid = (field: string) => `${base}-${field.replace('.', '-')}`;
  const bad = (field: string) => invalid.has(field);
  const errorFor = (field: string, text = t('indicators.badField')) =>
    (bad(field) ? <p id={`${fid(field)}-error`} className="field-error">{text}</p> : null);
  const describedBy = (field: string) => (bad(field) ? `${fid(field)}-error` : undefined);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const candidate = { ...d, code: d.code.trim().toUpperCase() };
    const checked = IndicatorDefinition.safeParse(candidate);
    const fields = new Set(checked.success ? [] : checked.error.issues.map((i) => fieldOf(i.path)));
    const repeated = codes.includes(candidate.code);
    if (repeated) fields.add('code');
    if (!checked.success || repeated) {
      setInvalid(fields);
      setError(repeated ? t('indicators.codeTaken', { code: candidate.code }) : t('indicators.checkFields'));
      const first = ['code', 'dimension', ...TEXT_FIELDS, 'gradeAdult', 'gradeChild', 'appliesTo', 'source'].find((f) => fields.has(f));
      if (first) document.getElementById(fid(first))?.focus();
      return;
    }
    setInvalid(new Set());
    setError(null);
    onAdd(checked.data);
    setD(BLANK);
  };

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('indicators.addTitle')}</h2>
      <p className="hint">{t('indicators.addHint')}</p>
      <form aria-labelledby={headingId} onSubmit={submit} noValidate>
        <div className="field-grid">
          <div className="field">
            <label htmlFor={fid('code')}>{t(FIELD_LABEL.code)}</label>
            <input
              id={fid('code')}
              type="text"
              maxLength={40}
              value={d.code}
              aria-invalid={bad('code') || undefined}
              aria-describedby={[`${fid('code')}-hint`, describedBy('code')].filter(Boolean).join(' ')}
              onChange={(e) => setD({ ...d, code: e.target.value })}
            />
            <p id={`${fid('code')}-hint`} className="hint">{t('indicators.codeHint')}</p>
            {errorFor('code')}
          </div>
          <div className="field">
            <label htmlFor={fid('dimension')}>{t(FIELD_LABEL.dimension)}</label>
            <select id={fid('dimension')} value={d.dimension} onChange={(e) => setD(withDimension(d, e.target.value as Dimension))}>
              {INDICATOR_DIMENSIONS.map((dim) => <option key={dim} value={dim}>{risk(dim)}</option>)}
            </select>
          </div>
          {TEXT_FIELDS.map((field) => (
            <div className="field" key={field}>
              <label htmlFor={fid(field)}>{t(FIELD_LABEL[field])}</label>
              <input
                id={fid(field)}
                type="text"
                lang={field.endsWith('.it') ? 'it' : 'en'}
                maxLength={field.startsWith('question') ? 400 : 120}
                value={readText(d, field)}
                aria-invalid={bad(field) || undefined}
                aria-describedby={describedBy(field)}
                onChange={(e) => setD(withText(d, field, e.target.value))}
              />
              {errorFor(field)}
            </div>
          ))}
          {(['gradeAdult', 'gradeChild'] as const).map((field) => (
            <div className="field" key={field}>
              <label htmlFor={fid(field)}>{t(FIELD_LABEL[field])}</label>
              <GradeSelect
                id={fid(field)}
                value={d[field]}
                dimension={d.dimension}
                invalid={bad(field)}
                describedBy={describedBy(field)}
                onChange={(g) => setD({ ...d, [field]: g })}
              />
              {errorFor(field)}
            </div>
          ))}
          <div className="field">
            <label htmlFor={fid('appliesTo')}>{t(FIELD_LABEL.appliesTo)}</label>
            <select id={fid('appliesTo')} value={d.appliesTo} onChange={(e) => setD({ ...d, appliesTo: e.target.value as AppliesTo })}>
              {APPLIES_TO.map((a) => <option key={a} value={a}>{risk(a)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor={fid('source')}>{t(FIELD_LABEL.source)}</label>
            <input
              id={fid('source')}
              type="text"
              maxLength={120}
              value={d.source}
              aria-invalid={bad('source') || undefined}
              aria-describedby={describedBy('source')}
              onChange={(e) => setD({ ...d, source: e.target.value })}
            />
            {errorFor('source')}
          </div>
        </div>
        <div className="actions">
          <button type="submit">{t('indicators.add')}</button>
        </div>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </section>
  );
}

type Load = { status: 'loading' } | { status: 'failed'; error: string } | { status: 'ready'; catalogue: IndicatorCatalogue };

/**
 * `/admin/indicators` (admins): the questions the intake form asks and how each counts. An edit is a
 * draft until published as the next version; versions stay, so an assessment keeps its meaning.
 */
export function IndicatorsPage() {
  const t = useT();
  const risk = useRiskLabel();
  useTitle(t('indicators.title'));
  const publishId = useId();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [draft, setDraft] = useState<IndicatorDefinition[]>([]);
  const [invalid, setInvalid] = useState<Invalid>(new Map());
  const [publishing, setPublishing] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const tRef = useRef(t);
  tRef.current = t;
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const reload = useCallback(async () => {
    setLoad({ status: 'loading' });
    setError(null);
    setConflict(false);
    setStatus('');
    try {
      const catalogue = await getIndicators();
      if (!alive.current) return;
      setLoad({ status: 'ready', catalogue });
      setDraft(catalogue.indicators);
      setInvalid(new Map());
    } catch (err) {
      if (alive.current) setLoad({ status: 'failed', error: tRef.current('indicators.loadFailed', { error: errorMessage(tRef.current, err) }) });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  if (load.status !== 'ready') {
    return (
      <>
        <h1 tabIndex={-1}>{t('indicators.title')}</h1>
        {load.status === 'loading'
          ? <p className="muted">{t('app.loading')}</p>
          : <p role="alert" className="error">{load.error}</p>}
      </>
    );
  }

  const { version } = load.catalogue;
  const dirty = JSON.stringify(draft) !== JSON.stringify(load.catalogue.indicators);

  const edit = (index: number, next: IndicatorDefinition) => {
    setDraft((old) => old.map((d, i) => (i === index ? next : d)));
    setStatus('');
  };
  const remove = (index: number) => {
    const code = draft[index]?.code ?? '';
    setDraft((old) => old.filter((_, i) => i !== index));
    setStatus(t('indicators.removed', { code }));
  };
  const add = (d: IndicatorDefinition) => {
    setDraft((old) => [...old, d]);
    setStatus(t('indicators.added', { code: d.code }));
  };

  const publish = async () => {
    if (publishing) return;
    setError(null);
    setConflict(false);
    setStatus('');
    const local = checkDraft(draft);
    if (local.size > 0) {
      setInvalid(local);
      setError(t('indicators.fixBefore', { codes: [...local.keys()].join(', ') }));
      return;
    }
    setPublishing(true);
    try {
      const published = await publishIndicators(version, draft);
      if (!alive.current) return;
      setLoad({ status: 'ready', catalogue: published });
      setDraft(published.indicators);
      setInvalid(new Map());
      setStatus(t('indicators.published', { version: published.version }));
    } catch (err) {
      if (!alive.current) return;
      if (err instanceof ApiError && err.status === 409) {
        setConflict(true);
        setError(t('indicators.conflict', { error: err.message }));
      } else if (err instanceof ApiError && err.status === 400) {
        const fields = fromServer(draft, err.fields);
        setInvalid(fields);
        setError(fields.size
          ? t('indicators.fixBefore', { codes: [...fields.keys()].join(', ') })
          : t('indicators.failed', { error: err.message }));
      } else {
        setError(t('indicators.failed', { error: errorMessage(t, err) }));
      }
    } finally {
      if (alive.current) setPublishing(false);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{t('indicators.title')}</h1>
      <p>{t('indicators.intro')}</p>
      <p className="banner banner-info">{t('indicators.versionsStay')}</p>
      <section className="panel" aria-labelledby={publishId}>
        <h2 id={publishId}>{t('indicators.versionTitle')}</h2>
        <p>{t('indicators.current')} <strong data-testid="catalogue-version">{version}</strong></p>
        <div className="actions">
          <button type="button" className="primary" aria-disabled={publishing || undefined} onClick={() => void publish()}>
            {publishing ? t('indicators.publishing') : t('indicators.publish', { version: version + 1 })}
          </button>
          {dirty && <p className="muted" data-testid="indicators-unsaved">{t('indicators.unsaved')}</p>}
          <p role="status" className="saved" data-testid="indicators-status">{status}</p>
        </div>
        {error && (
          <div role="alert" className="error" data-testid="indicators-error">
            <p>{error}</p>
            {conflict && <button type="button" onClick={() => void reload()}>{t('indicators.reload')}</button>}
          </div>
        )}
      </section>
      {INDICATOR_DIMENSIONS.map((dimension) => {
        const rows = draft.map((d, index) => ({ d, index })).filter(({ d }) => d.dimension === dimension);
        return (
          <section key={dimension} aria-labelledby={`${publishId}-${dimension}`} data-testid="dimension" data-dimension={dimension}>
            <h2 id={`${publishId}-${dimension}`}>{risk(dimension)}</h2>
            {rows.length === 0 && <p className="muted">{t('indicators.noneHere')}</p>}
            {rows.map(({ d, index }) => (
              <IndicatorRow
                // Codes are fixed once added and never repeat in the draft.
                key={d.code}
                indicator={d}
                invalid={invalid.get(d.code) ?? new Set()}
                onChange={(next) => edit(index, next)}
                onRemove={() => remove(index)}
              />
            ))}
          </section>
        );
      })}
      <AddIndicator codes={draft.map((d) => d.code)} onAdd={add} />
    </>
  );
}
