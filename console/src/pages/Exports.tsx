import { useId, useState } from 'react';
import { exportUrl } from '../api.js';
import { useTitle } from '../hooks.js';
import { useT } from '../i18n/index.js';

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The calendar quarter before the one `today` is in, first and last day included. */
export function lastQuarter(today: Date): { from: string; to: string } {
  const thisQuarter = new Date(today.getFullYear(), Math.floor(today.getMonth() / 3) * 3, 1);
  const from = new Date(thisQuarter.getFullYear(), thisQuarter.getMonth() - 3, 1);
  const to = new Date(thisQuarter.getFullYear(), thisQuarter.getMonth(), 0);
  return { from: isoDay(from), to: isoDay(to) };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `/exports` (supervisors): CSV files of contacts and cases for national reporting. */
export function ExportsPage() {
  const t = useT();
  useTitle(t('exports.title'));
  const id = useId();
  const [range, setRange] = useState(() => lastQuarter(new Date()));
  const [includeText, setIncludeText] = useState(false);
  const complete = DAY.test(range.from) && DAY.test(range.to);
  const problem = !complete ? t('exports.needDates') : range.from > range.to ? t('exports.fromAfterTo') : null;
  const query = { ...range, includeText };

  return (
    <>
      <h1 tabIndex={-1}>{t('exports.title')}</h1>
      <p>{t('exports.intro')}</p>
      <form className="panel" aria-labelledby={`${id}-heading`} onSubmit={(e) => e.preventDefault()} noValidate>
        <h2 id={`${id}-heading`}>{t('exports.period')}</h2>
        <div className="field-grid">
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('exports.from')}</label>
            <input
              id={`${id}-from`}
              type="date"
              value={range.from}
              aria-invalid={problem !== null || undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('exports.to')}</label>
            <input
              id={`${id}-to`}
              type="date"
              value={range.to}
              aria-invalid={problem !== null || undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
            />
          </div>
        </div>
        <p className="hint">{t('exports.periodHint')}</p>
        <div className="field">
          <label className="check">
            <input
              type="checkbox"
              checked={includeText}
              aria-describedby={`${id}-text-warning`}
              onChange={(e) => setIncludeText(e.target.checked)}
            />
            <span>{t('exports.includeText')}</span>
          </label>
          <p id={`${id}-text-warning`} className={includeText ? 'banner banner-warn' : 'hint'} data-testid="exports-text-warning">
            {t('exports.textWarning')}
          </p>
        </div>
        {problem && <p id={`${id}-problem`} role="alert" className="error">{problem}</p>}
        {/* Plain links: a GET with the session cookie, the browser saves what the server names. */}
        {!problem && (
          <div className="actions">
            <a className="button primary" href={exportUrl('contacts', query)} download>{t('exports.contacts')}</a>
            <a className="button" href={exportUrl('cases', query)} download>{t('exports.cases')}</a>
          </div>
        )}
      </form>
    </>
  );
}
