import type { ServiceLevel } from '../contracts.js';
import { formatPercent } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { share } from './wallboard.js';

function Share({ part, level }: { part: number; level: ServiceLevel }) {
  const { t, locale } = useI18n();
  const ratio = share(part, level);
  if (ratio === null) return <>{t('app.dash')}</>;
  return <>{t('wallboard.percentOf', { percent: formatPercent(ratio, locale), count: part, total: level.handled })}</>;
}

/** Answered within 20 and 60 seconds (as shares of the calls handled), hung up waiting, overflowed. */
export function ServiceLevels({ today, lastHour }: { today: ServiceLevel; lastHour: ServiceLevel }) {
  const { t } = useI18n();
  const rows: [MessageKey, string, ServiceLevel][] = [['wallboard.today', 'today', today], ['wallboard.lastHour', 'last-hour', lastHour]];
  return (
    <div className="table-wrap">
      <table className="contacts service" data-testid="service-table">
        <caption>{t('wallboard.serviceCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wallboard.period')}</th>
            <th scope="col">{t('wallboard.handled')}</th>
            <th scope="col">{t('wallboard.within20')}</th>
            <th scope="col">{t('wallboard.within60')}</th>
            <th scope="col">{t('wallboard.abandoned')}</th>
            <th scope="col">{t('wallboard.overflowed')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, key, level]) => (
            <tr key={key} data-testid={`service-${key}`}>
              <th scope="row">{t(label)}</th>
              <td className="num" data-testid="service-handled">{level.handled}</td>
              <td className="num" data-testid="service-within20"><Share part={level.answeredWithin20s} level={level} /></td>
              <td className="num" data-testid="service-within60"><Share part={level.answeredWithin60s} level={level} /></td>
              <td className="num" data-testid="service-abandoned">{level.abandoned}</td>
              <td className="num" data-testid="service-overflowed">{level.overflowed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
