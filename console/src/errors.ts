import { ApiError } from './api.js';
import type { Translate } from './i18n/index.js';

/** A failed request in words for a sentence such as "Could not load …: {error}". */
export function errorMessage(t: Translate, err: unknown): string {
  if (err instanceof ApiError && err.status === 403) return t('app.noAccess');
  if (err instanceof ApiError && err.status === 0) return t('app.unreachable');
  return err instanceof Error ? err.message : String(err);
}
