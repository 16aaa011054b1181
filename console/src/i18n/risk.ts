import { useCallback } from 'react';
import { RISK_LABELS } from '../contracts.js';
import { useI18n } from './index.js';

/**
 * Labels for the risk enums (levels, answers, danger questions, dimensions, exploitation types,
 * rules…) come with the contract, in both languages: the server's words are the console's words.
 */
export function useRiskLabel(): (key: string) => string {
  const { lang } = useI18n();
  return useCallback((key: string) => RISK_LABELS[lang][key] ?? key, [lang]);
}
