import { useT } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';
import { Link } from '../router.js';

/** On pages other than the console, a way back to the call being handled. */
export function CallReminder() {
  const t = useT();
  const { call } = useRealtime();
  if (call.phase === 'idle') return null;
  return (
    <p className="banner banner-info">
      {t('console.onCallElsewhere')} <Link href="/">{t('console.backToCall')}</Link>
    </p>
  );
}
