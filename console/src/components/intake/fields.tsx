import { useId, useState, type ReactNode } from 'react';
import { useT } from '../../i18n/index.js';

/** A titled part of the triage form. */
export function Section({ name, title, level, children }: { name: string; title: string; level: 3 | 4; children: ReactNode }) {
  const id = useId();
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <section className="intake-section" data-section={name} aria-labelledby={id}>
      <Heading id={id}>{title}</Heading>
      {children}
    </section>
  );
}

/** A choice of one value or none (`—`). */
export function EnumSelect<T extends string>({ label, value, options, optionLabel, onChange, hint }: {
  label: string;
  value: T | null;
  options: readonly T[];
  optionLabel: (v: T) => string;
  onChange: (v: T | null) => void;
  hint?: string;
}) {
  const t = useT();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      <select
        id={id}
        value={value ?? ''}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value === '' ? null : (e.target.value as T))}
      >
        <option value="">{t('intake.choose')}</option>
        {options.map((o) => <option key={o} value={o}>{optionLabel(o)}</option>)}
      </select>
    </div>
  );
}

/** Several values from a list, as checkboxes. */
export function CheckSet<T extends string>({ legend, values, options, optionLabel, onToggle, renderLabel }: {
  legend: string;
  values: readonly T[];
  options: readonly T[];
  optionLabel: (v: T) => string;
  onToggle: (v: T, on: boolean) => void;
  renderLabel?: (v: T) => ReactNode;
}) {
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      <div className="check-grid">
        {options.map((o) => (
          <label key={o} className="check">
            <input type="checkbox" value={o} checked={values.includes(o)} onChange={(e) => onToggle(o, e.target.checked)} />
            <span>{renderLabel ? renderLabel(o) : optionLabel(o)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Free text where nothing structured fits: encrypted at rest, with a reminder of what never to write. */
export function FreeText({ label, value, max, onChange }: { label: string; value: string; max: number; onChange: (v: string) => void }) {
  const t = useT();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="hint">{t('intake.freeTextHint')}</p>
      <textarea id={id} rows={3} maxLength={max} value={value} aria-describedby={`${id}-hint`} onChange={(e) => onChange(e.target.value)} spellCheck />
    </div>
  );
}

/**
 * A text field whose value reaches the draft only when valid (a country code, a count): a half-typed
 * value would make the save and the scoring refuse the whole form.
 */
export function CheckedInput({ label, hint, invalidText, initial, parse, onCommit, type = 'text', inputMode, maxLength }: {
  label: string;
  hint?: string;
  invalidText: string;
  initial: string;
  /** The value to commit, or undefined when the text is not valid. */
  parse: (text: string) => string | number | null | undefined;
  onCommit: (v: string | number | null) => void;
  type?: 'text' | 'number';
  inputMode?: 'numeric' | 'text';
  maxLength?: number;
}) {
  const id = useId();
  const [text, setText] = useState(initial);
  const [touched, setTouched] = useState(false);
  const invalid = parse(text) === undefined;
  const described = [hint ? `${id}-hint` : '', invalid && touched ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      <input
        id={id}
        type={type}
        inputMode={inputMode}
        maxLength={maxLength}
        value={text}
        aria-invalid={invalid && touched ? true : undefined}
        aria-describedby={described}
        onChange={(e) => {
          setText(e.target.value);
          const value = parse(e.target.value);
          if (value !== undefined) onCommit(value);
        }}
        onBlur={() => setTouched(true)}
      />
      {invalid && touched && <p id={`${id}-error`} className="field-error">{invalidText}</p>}
    </div>
  );
}

export const parseCountry = (text: string): string | null | undefined => {
  const v = text.trim().toUpperCase();
  if (v === '') return null;
  return /^[A-Z]{2}$/.test(v) ? v : undefined;
};

export const parseCount = (text: string): number | null | undefined => {
  const v = text.trim();
  if (v === '') return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10000 ? n : undefined;
};
