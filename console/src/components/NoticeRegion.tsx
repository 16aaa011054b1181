import { useT } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';

/** Polite news about offers (withdrawn, expired, caller hung up): always present so it is announced. */
export function NoticeRegion() {
  const t = useT();
  const { notice } = useRealtime();
  return (
    <div className="notice" role="status" data-testid="notice">
      {notice && <p key={notice.id}>{t(notice.key, notice.vars)}</p>}
    </div>
  );
}
