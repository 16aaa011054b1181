import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, saveOnCallTable } from '../api.js';
import type { OnCallTable } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useT } from '../i18n/index.js';
import { moveRow, newDraft, orderInRegion, tableErrors, toDraft, toEntry, type OnCallDraft, type TableErrors } from './oncall.js';
import { OnCallRow } from './OnCallRow.js';

const NO_ERRORS: TableErrors = { rows: new Map(), tooMany: false, other: [] };

/** Where focus goes after a row is added, moved or removed (the control it was on may be gone). */
type FocusTarget = { key: number; control: string } | { key: null; control: 'add' };

const sameTable = (a: readonly OnCallDraft[], b: readonly OnCallDraft[]) =>
  JSON.stringify(a.map(toEntry)) === JSON.stringify(b.map(toEntry));

/** The admin's on-call table: add, remove and reorder rows, then save the whole table at once. */
export function OnCallEditor({ initial, labelledBy }: { initial: OnCallTable; labelledBy: string }) {
  const t = useT();
  const id = useId();
  const [saved, setSaved] = useState<OnCallDraft[]>(() => initial.items.map(toDraft));
  const [rows, setRows] = useState<OnCallDraft[]>(saved);
  const [saving, setSaving] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const [errors, setErrors] = useState<TableErrors>(NO_ERRORS);
  const [error, setError] = useState<string | null>(null);
  const pendingFocus = useRef<FocusTarget | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = !sameTable(rows, saved);

  // After each render: a row added, moved or removed hands focus on as asked.
  useEffect(() => {
    const focus = pendingFocus.current;
    if (!focus) return;
    pendingFocus.current = null;
    const form = formRef.current;
    if (!form) return;
    if (focus.key === null) {
      form.querySelector<HTMLElement>('[data-focus="add"]')?.focus();
      return;
    }
    const row = form.querySelector(`[data-row-key="${focus.key}"]`);
    // A move button at the end of the table is disabled: its twin takes focus.
    const candidates = [focus.control, focus.control === 'up' ? 'down' : 'up', 'remove'];
    for (const control of candidates) {
      const el = row?.querySelector<HTMLButtonElement | HTMLInputElement>(`[data-focus="${control}"]`);
      if (el && !el.disabled) {
        el.focus();
        return;
      }
    }
  });

  const setFocusTo = (target: FocusTarget) => {
    pendingFocus.current = target;
  };
  const edit = (next: OnCallDraft[]) => {
    setRows(next);
    setJustSaved(false);
  };
  const change = (key: number, patch: Partial<OnCallDraft>) => edit(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const move = (index: number, by: -1 | 1) => {
    edit(moveRow(rows, index, by));
    setFocusTo({ key: rows[index].key, control: by === -1 ? 'up' : 'down' });
  };
  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index);
    edit(next);
    const neighbour = next[index] ?? next[index - 1];
    setFocusTo(neighbour ? { key: neighbour.key, control: 'remove' } : { key: null, control: 'add' });
  };
  const add = () => {
    const row = newDraft();
    edit([...rows, row]);
    setFocusTo({ key: row.key, control: 'region' });
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    const sent = rows;
    setSaving(true);
    setJustSaved(false);
    setError(null);
    try {
      const table = await saveOnCallTable({ items: sent.map(toEntry) });
      // The server answers the table as it will be tried: grouped by region, in order.
      const next = table.items.map(toDraft);
      setSaved(next);
      setRows(next);
      setErrors(NO_ERRORS);
      setJustSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const found = tableErrors(err.fields, sent);
        setErrors(found);
        setError([t('ivr.checkFields'), ...(found.tooMany ? [t('oncall.tooMany')] : []), ...found.other].join(' '));
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

  const hints = { region: `${id}-region-hint`, number: `${id}-number-hint` };
  const order = orderInRegion(rows.map((r) => r.region));
  return (
    <form ref={formRef} className="oncall-form" aria-labelledby={labelledBy} onSubmit={(e) => void submit(e)} noValidate>
      <p id={hints.region} className="hint">{t('oncall.regionHint')}</p>
      <p id={hints.number} className="hint">{t('oncall.numberHint')}</p>
      {rows.length === 0
        ? <p className="muted" data-testid="oncall-empty">{t('oncall.empty')}</p>
        : (
          <div className="table-wrap">
            <table className="grid oncall editing" aria-labelledby={labelledBy} data-testid="oncall-table">
              <thead>
                <tr>
                  <th scope="col">{t('oncall.region')}</th>
                  <th scope="col">{t('oncall.order')}</th>
                  <th scope="col">{t('oncall.number')}</th>
                  <th scope="col">{t('oncall.label')}</th>
                  <th scope="col">{t('oncall.active')}</th>
                  <th scope="col">{t('oncall.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => (
                  <OnCallRow
                    key={row.key}
                    row={row}
                    index={i}
                    count={rows.length}
                    order={order[i]}
                    errors={errors.rows.get(row.key)}
                    idPrefix={id}
                    hints={hints}
                    onChange={(patch) => change(row.key, patch)}
                    onMove={(by) => move(i, by)}
                    onRemove={() => remove(i)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      <p className="add-row">
        <button type="button" data-focus="add" onClick={add}>{t('oncall.add')}</button>
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>{saving ? t('ivr.saving') : t('oncall.save')}</button>
        <p role="status" className="saved" data-testid="oncall-status">{justSaved && !dirty ? t('ivr.saved') : ''}</p>
        {dirty && <p className="muted">{t('ivr.unsaved')}</p>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
