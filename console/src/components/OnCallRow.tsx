import type { ReactNode } from 'react';
import { useT, type MessageKey } from '../i18n/index.js';
import type { OnCallDraft, OnCallField } from './oncall.js';

const ERROR: Record<Exclude<OnCallField, 'active'>, MessageKey> = {
  region: 'oncall.badRegion',
  number: 'oncall.badNumber',
  label: 'oncall.badLabel',
};

interface Props {
  row: OnCallDraft;
  index: number;
  count: number;
  /** Its place among its region's numbers. */
  order: number;
  errors: ReadonlySet<OnCallField> | undefined;
  idPrefix: string;
  /** Ids of the hints above the table, for the fields they explain. */
  hints: { region: string; number: string };
  onChange: (patch: Partial<OnCallDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** One editable on-call number; every control is named for its row ("Number, row 2"). */
export function OnCallRow({ row, index, count, order, errors, idPrefix, hints, onChange, onMove, onRemove }: Props) {
  const t = useT();
  const n = index + 1;
  const name = (field: MessageKey) => t('oncall.inRow', { field: t(field), n });
  const errorId = (field: OnCallField) => `${idPrefix}-${row.key}-${field}-error`;

  const text = (field: 'region' | 'number' | 'label', label: MessageKey, extra: { maxLength: number; hint?: string; type?: string; placeholder?: string }): ReactNode => {
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
    <tr data-testid="oncall-row" data-row-key={row.key}>
      <td>{text('region', 'oncall.region', { maxLength: 32, hint: hints.region, placeholder: t('oncall.national') })}</td>
      <td className="order">{order}</td>
      <td>{text('number', 'oncall.number', { maxLength: 24, hint: hints.number, type: 'tel', placeholder: '+39…' })}</td>
      <td>{text('label', 'oncall.label', { maxLength: 120 })}</td>
      <td className="center">
        <input
          type="checkbox"
          name="active"
          checked={row.active}
          onChange={(e) => onChange({ active: e.target.checked })}
          aria-label={name('oncall.active')}
        />
      </td>
      <td>
        <div className="row-actions">
          <button type="button" className="quiet" data-focus="up" disabled={index === 0} onClick={() => onMove(-1)} aria-label={name('oncall.moveUp')} title={name('oncall.moveUp')}>
            <span aria-hidden="true">↑</span>
          </button>
          <button type="button" className="quiet" data-focus="down" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={name('oncall.moveDown')} title={name('oncall.moveDown')}>
            <span aria-hidden="true">↓</span>
          </button>
          <button type="button" className="danger" data-focus="remove" onClick={onRemove} aria-label={name('oncall.remove')}>
            {t('oncall.remove')}
          </button>
        </div>
      </td>
    </tr>
  );
}
