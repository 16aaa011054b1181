import type { RiskLevel } from '../../contracts.js';
import { useRiskLabel } from '../../i18n/risk.js';

export function RiskPill({ level, testId }: { level: RiskLevel; testId?: string }) {
  const label = useRiskLabel();
  return <span className={`pill level level-${level}`} data-testid={testId} data-level={level}>{label(level)}</span>;
}
