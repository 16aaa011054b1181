import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, saveInterpreterLines } from '../api.js';
import type { InterpreterTable } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useT, type MessageKey } from '../i18n/index.js';
import {
  interpreterErrors, newInterpreterDraft, NO_INTERPRETER_ERRORS, toInterpreterDraft, toInterpreterLine,
  type InterpreterDraft, type InterpreterErrors, type InterpreterField,
} from './interpreters.js';

/** Where focus goes after a row is added or removed (the button pressed may be gone). */
type FocusTarget = { key: number; control: 'label' | 'remove' } | { key: null; control: 'add' };

const sameTable = (a: readonly InterpreterDraft[], b: readonly InterpreterDraft[]) =>
  JSON.stringify(a.map(toInterpreterLine)) === JSON.stringify(b.map(toInterpreterLine));

const ERROR: Record<Exclude<InterpreterField, 'active'>, MessageKey> = {
  label: 'interpreters.badLabel',
  languages: 'interpreters.badLanguages',
  number: 'oncall.badNumber',
};

interface RowProps {
  row: InterpreterDraft;
  index: number;
  errors: ReadonlySet<InterpreterField> | undefined;
  idPrefix: string;
  hints: { languages: string; number: string };
  onChange: (patch: Partial<InterpreterDraft>) => void;
  onRemove: () => void;
}

/** One editable line; every control is named for its row ("Number, row 2"). */
function InterpreterRow({ row, index, errors, idPrefix, hints, onChange, onRemove }: RowProps) {
  const t = useT();
  const name = (field: MessageKey) => t('oncall.inRow', { field: t(field), n: index + 1 });
  const errorId = (field: InterpreterField) => `${idPrefix}-${row.key}-${field}-error`;

  const text = (field: 'label' | 'languages' | 'number', label: MessageKey, extra: { maxLength: number; hint?: string; type?: string; placeholder?: string }) => {
    const bad = errors?.has(field) ?? false;
    return (
      <>
        <input
          type={extra.type ?? 'text'}
          name={field}
          data-focus={field}
          value={row[field]}
          maxLength={extra.maxLength}
          placeholder={extra.placeholder}
          onChange={(e) => onChange({ [field]: e.target.value })}
          aria-label={name(label)}
          aria-invalid={bad || undefined}
          aria-describedby={[...(extra.hint ? [extra.hint] : []), ...(bad ? [errorId(field)] : [])].join(' ') || undefined}
          autoComplete="off"
          spellCheck={false}
        />
        {bad && <p id={errorId(field)} className="field-error">{t(ERROR[field])}</p>}
      </>
    );
  };

  return (
    <tr data-testid="interpreter-row" data-row-key={row.key}>
      <td>{text('label', 'interpreters.label', { maxLength: 120 })}</td>
      <td>{text('languages', 'interpreters.languages', { maxLength: 200, hint: hints.languages })}</td>
      <td>{text('number', 'interpreters.number', { maxLength: 24, hint: hints.number, type: 'tel', placeholder: '+39…' })}</td>
      <td className="center">
        <input
          type="checkbox"
          name="active"
          checked={row.active}
          onChange={(e) => onChange({ active: e.target.checked })}
          aria-label={name('interpreters.active')}
        />
      </td>
      <td>
        <div className="row-actions">
          <button type="button" className="danger" data-focus="remove" onClick={onRemove} aria-label={name('oncall.remove')}>
            {t('oncall.remove')}
          </button>
        </div>
      </td>
    </tr>
  );
}

/** The admin's interpreter lines: add and remove rows, then save the whole table at once. */
export function InterpreterEditor({ initial, labelledBy }: { initial: InterpreterTable; labelledBy: string }) {
  const t = useT();
  const id = useId();
  const [saved, setSaved] = useState<InterpreterDraft[]>(() => initial.items.map(toInterpreterDraft));
  const [rows, setRows] = useState<InterpreterDraft[]>(saved);
  const [saving, setSaving] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const [errors, setErrors] = useState<InterpreterErrors>(NO_INTERPRETER_ERRORS);
  const [error, setError] = useState<string | null>(null);
  const pendingFocus = useRef<FocusTarget | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = !sameTable(rows, saved);

  useEffect(() => {
    const focus = pendingFocus.current;
    if (!focus) return;
    pendingFocus.current = null;
    const form = formRef.current;
    if (!form) return;
    const selector = focus.key === null ? '[data-focus="add"]' : `[data-row-key="${focus.key}"] [data-focus="${focus.control}"]`;
    form.querySelector<HTMLElement>(selector)?.focus();
  });

  const edit = (next: InterpreterDraft[]) => {
    setRows(next);
    setJustSaved(false);
  };
  const change = (key: number, patch: Partial<InterpreterDraft>) => edit(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index);
    edit(next);
    const neighbour = next[index] ?? next[index - 1];
    pendingFocus.current = neighbour ? { key: neighbour.key, control: 'remove' } : { key: null, control: 'add' };
  };
  const add = () => {
    const row = newInterpreterDraft();
    edit([...rows, row]);
    pendingFocus.current = { key: row.key, control: 'label' };
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    const sent = rows;
    setSaving(true);
    setJustSaved(false);
    setError(null);
    try {
      const table = await saveInterpreterLines({ items: sent.map(toInterpreterLine) });
      const next = table.items.map(toInterpreterDraft);
      setSaved(next);
      setRows(next);
      setErrors(NO_INTERPRETER_ERRORS);
      setJustSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const found = interpreterErrors(err.fields, sent);
        setErrors(found);
        setError([t('ivr.checkFields'), ...(found.tooMany ? [t('interpreters.tooMany')] : []), ...found.other].join(' '));
        const [firstKey, firstFields] = [...found.rows.entries()][0] ?? [];
        if (firstKey !== undefined && firstFields) {
          formRef.current?.querySelector<HTMLElement>(`[data-row-key="${firstKey}"] [data-focus="${[...firstFields][0]}"]`)?.focus();
        }
      } else {
        setError(t('ivr.failed', { error: errorMessage(t, err) }));
      }
    } finally {
      setSaving(false);
    }
  };

  const hints = { languages: `${id}-languages-hint`, number: `${id}-number-hint` };
  return (
    <form ref={formRef} className="oncall-form" aria-labelledby={labelledBy} onSubmit={(e) => void submit(e)} noValidate>
      <p id={hints.languages} className="hint">{t('interpreters.languagesHint')}</p>
      <p id={hints.number} className="hint">{t('oncall.numberHint')}</p>
      {rows.length === 0
        ? <p className="muted" data-testid="interpreters-empty">{t('interpreters.empty')}</p>
        : (
          <div className="table-wrap">
            <table className="grid oncall editing" aria-labelledby={labelledBy} data-testid="interpreter-table">
              <thead>
                <tr>
                  <th scope="col">{t('interpreters.label')}</th>
                  <th scope="col">{t('interpreters.languages')}</th>
                  <th scope="col">{t('interpreters.number')}</th>
                  <th scope="col">{t('interpreters.active')}</th>
                  <th scope="col">{t('oncall.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => (
                  <InterpreterRow
                    key={row.key}
                    row={row}
                    index={i}
                    errors={errors.rows.get(row.key)}
                    idPrefix={id}
                    hints={hints}
                    onChange={(patch) => change(row.key, patch)}
                    onRemove={() => remove(i)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      <p className="add-row">
        <button type="button" data-focus="add" onClick={add}>{t('interpreters.add')}</button>
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>{saving ? t('ivr.saving') : t('interpreters.save')}</button>
        <p role="status" className="saved" data-testid="interpreters-status">{justSaved && !dirty ? t('ivr.saved') : ''}</p>
        {dirty && <p className="muted">{t('ivr.unsaved')}</p>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

/** Read-only: the interpreter lines operators can call (supervisors). */
export function InterpreterView({ table, labelledBy }: { table: InterpreterTable; labelledBy: string }) {
  const t = useT();
  if (table.items.length === 0) return <p className="muted" data-testid="interpreters-empty">{t('interpreters.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="grid oncall" aria-labelledby={labelledBy} data-testid="interpreter-table">
        <thead>
          <tr>
            <th scope="col">{t('interpreters.label')}</th>
            <th scope="col">{t('interpreters.languages')}</th>
            <th scope="col">{t('interpreters.number')}</th>
            <th scope="col">{t('interpreters.active')}</th>
          </tr>
        </thead>
        <tbody>
          {table.items.map((l, i) => (
            <tr key={`${l.number}-${i}`} data-testid="interpreter-row" className={l.active ? undefined : 'inactive'}>
              <td>{l.label}</td>
              <td>{l.languages}</td>
              <td><span dir="ltr">{l.number}</span></td>
              <td>{l.active ? t('oncall.active') : t('oncall.inactive')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
