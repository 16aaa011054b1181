import { useEffect, useRef, useState } from 'react';
import { scoreRisk } from '../../api.js';
import type { RiskPreviewResult } from '../../contracts.js';
import type { IntakeAnswers } from '../../contracts.js';
import { errorMessage } from '../../errors.js';
import { useT } from '../../i18n/index.js';

/** Answers typed in a burst are scored once, this long after the last change. */
export const SCORE_DEBOUNCE_MS = 150;

/**
 * The level the answers give, re-scored by the server as they change (nothing is stored). `pending`
 * while the answers on screen have not been scored yet; an answer for older answers is dropped.
 */
export function useRiskPreview(answers: IntakeAnswers | null): { result: RiskPreviewResult | null; pending: boolean; error: string | null } {
  const t = useT();
  const tRef = useRef(t);
  tRef.current = t;
  const [result, setResult] = useState<RiskPreviewResult | null>(null);
  const [scored, setScored] = useState<IntakeAnswers | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef<IntakeAnswers | null>(null);

  useEffect(() => {
    latest.current = answers;
    if (!answers) return;
    const id = window.setTimeout(() => {
      scoreRisk(answers).then((r) => {
        if (latest.current !== answers) return;
        setResult(r);
        setScored(answers);
        setError(null);
      }, (err: unknown) => {
        if (latest.current !== answers) return;
        setScored(answers);
        setError(errorMessage(tRef.current, err));
      });
    }, SCORE_DEBOUNCE_MS);
    return () => window.clearTimeout(id);
  }, [answers]);

  return { result, pending: answers !== null && scored !== answers, error };
}
