import type { IndicatorCatalogue } from '../../contracts.js';
import type { RiskReason } from '../../contracts.js';
import { useI18n } from '../../i18n/index.js';
import { useRiskLabel } from '../../i18n/risk.js';

/** Why the scoring chose a level, in words: each rule, with the questions or indicators behind it. */
export function RiskReasons({ reasons, catalogue, testId }: {
  reasons: readonly RiskReason[];
  catalogue?: IndicatorCatalogue | null;
  testId?: string;
}) {
  const { lang } = useI18n();
  const label = useRiskLabel();
  const indicator = (code: string) => catalogue?.indicators.find((i) => i.code === code)?.label[lang] ?? code;
  return (
    <ul className="reasons" data-testid={testId}>
      {reasons.map((r, i) => (
        <li key={`${r.rule}-${r.dimension ?? ''}-${i}`} data-rule={r.rule}>
          {label(r.rule)}
          {r.dimension && <> <span className="reason-dimension">({label(r.dimension)})</span></>}
          {(r.questions?.length ?? 0) > 0 && (
            <ul>{r.questions?.map((q) => <li key={q} data-question={q}>{label(q)}</li>)}</ul>
          )}
          {(r.indicators?.length ?? 0) > 0 && (
            <ul>{r.indicators?.map((code) => <li key={code} data-indicator={code}>{indicator(code)}</li>)}</ul>
          )}
        </li>
      ))}
    </ul>
  );
}
