import { useT } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';

/** Shown only while the live connection is down; socket.io reconnects by itself. */
export function ConnectionBanner() {
  const t = useT();
  const { connection } = useRealtime();
  const down = connection === 'reconnecting' || connection === 'refused';
  return (
    <div className="connection" role="status" data-testid="connection" data-connection={connection}>
      {down && (
        <p className="banner banner-info">
          {t(connection === 'refused' ? 'connection.refused' : 'connection.reconnecting')}
        </p>
      )}
    </div>
  );
}
