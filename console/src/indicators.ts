import { useEffect, useState } from 'react';
import { getIndicators } from './api.js';
import type { IndicatorCatalogue } from './contracts.js';
import { errorMessage } from './errors.js';
import { useT } from './i18n/index.js';

// The catalogue changes only when an admin publishes a new version: one request per page load,
// shared by every form and banner that shows indicator questions or labels.
let pending: Promise<IndicatorCatalogue> | null = null;

function loadCatalogue(): Promise<IndicatorCatalogue> {
  pending ??= getIndicators().catch((err: unknown) => {
    pending = null; // The next caller tries again.
    throw err;
  });
  return pending;
}

export function useIndicatorCatalogue(): { catalogue: IndicatorCatalogue | null; error: string | null } {
  const t = useT();
  const [catalogue, setCatalogue] = useState<IndicatorCatalogue | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    loadCatalogue().then((c) => { if (current) setCatalogue(c); }, (err: unknown) => { if (current) setError(err); });
    return () => {
      current = false;
    };
  }, []);
  return { catalogue, error: error === null ? null : errorMessage(t, error) };
}
