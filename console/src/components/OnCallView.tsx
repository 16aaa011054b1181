import type { OnCallTable } from '../contracts.js';
import { useT } from '../i18n/index.js';
import { orderInRegion } from './oncall.js';

/** Read-only: the on-call table as the IVR uses it (supervisors). */
export function OnCallView({ table, labelledBy }: { table: OnCallTable; labelledBy: string }) {
  const t = useT();
  if (table.items.length === 0) return <p className="muted" data-testid="oncall-empty">{t('oncall.empty')}</p>;
  const order = orderInRegion(table.items.map((e) => e.region));
  return (
    <div className="table-wrap">
      <table className="grid oncall" aria-labelledby={labelledBy} data-testid="oncall-table">
        <thead>
          <tr>
            <th scope="col">{t('oncall.region')}</th>
            <th scope="col">{t('oncall.order')}</th>
            <th scope="col">{t('oncall.number')}</th>
            <th scope="col">{t('oncall.label')}</th>
            <th scope="col">{t('oncall.active')}</th>
          </tr>
        </thead>
        <tbody>
          {table.items.map((e, i) => (
            <tr key={`${e.region ?? ''}-${e.number}-${i}`} data-testid="oncall-row" className={e.active ? undefined : 'inactive'}>
              <td>{e.region ?? t('oncall.national')}</td>
              <td>{order[i]}</td>
              <td><span dir="ltr">{e.number}</span></td>
              <td>{e.label}</td>
              <td>{e.active ? t('oncall.active') : t('oncall.inactive')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
