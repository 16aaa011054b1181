import { useEffect, useId, useRef } from 'react';
import { formatClock, secondsSince, secondsUntil } from '../format.js';
import { focusInField, hasModifier, isTyping, useNow } from '../hooks.js';
import { LanguageName, useT } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';
import { startRinging } from '../ring.js';

/** The incoming call: rings, counts down, and takes Accept (button or the A key) or Decline. */
export function OfferCard() {
  const t = useT();
  const { offer, answering, offerError, accept, decline } = useRealtime();
  const now = useNow(offer !== null);
  const titleId = useId();
  const descId = useId();
  const acceptRef = useRef<HTMLButtonElement>(null);
  const contactId = offer?.contactId;

  useEffect(() => {
    if (!contactId || answering) return;
    return startRinging();
  }, [contactId, answering]);

  // Autofocus Accept, unless the operator is typing somewhere (a keystroke must not answer a call).
  useEffect(() => {
    if (contactId && !focusInField()) acceptRef.current?.focus();
  }, [contactId]);

  useEffect(() => {
    if (!contactId) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'a' || event.repeat || hasModifier(event) || isTyping(event)) return;
      event.preventDefault();
      accept();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [contactId, accept]);

  if (!offer) return null;
  const waiting = secondsSince(offer.queuedAt, now);
  const left = secondsUntil(offer.expiresAt, now);
  return (
    <section
      className={`offer${offer.danger ? ' offer-danger' : ''}`}
      data-testid="offer"
      data-contact-id={offer.contactId}
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={titleId}
      aria-describedby={descId}
    >
      <h2 id={titleId}>{t('offer.title')}</h2>
      <div id={descId}>
        {offer.danger && <p className="badge badge-danger" data-testid="offer-danger">{t('offer.danger')}</p>}
        <dl className="facts">
          <div>
            <dt>{t('offer.language')}</dt>
            <dd data-testid="offer-language"><LanguageName language={offer.language} /></dd>
          </div>
          <div>
            <dt>{t('offer.priority')}</dt>
            <dd data-testid="offer-priority">{offer.priority}</dd>
          </div>
          <div>
            <dt>{t('offer.waiting')}</dt>
            <dd data-testid="offer-waiting"><time>{formatClock(waiting)}</time></dd>
          </div>
          <div>
            <dt>{t('offer.expires')}</dt>
            <dd data-testid="offer-countdown" className={left <= 5 ? 'urgent' : undefined}>
              <time>{formatClock(left)}</time>
            </dd>
          </div>
        </dl>
        {offer.cannotTalkFreely && <p className="note" data-testid="offer-cannot-talk">{t('offer.cannotTalk')}</p>}
      </div>
      <div className="actions">
        <button ref={acceptRef} type="button" className="primary" onClick={accept} disabled={answering} aria-keyshortcuts="A">
          {t('offer.accept')}
        </button>
        <button type="button" onClick={decline} disabled={answering}>{t('offer.decline')}</button>
        <span className="hint">{t('offer.keyHint')}</span>
      </div>
      {offerError && (
        <p role="alert" className="error">
          {t('offer.failed', { error: offerError === 'timeout' ? t('offer.timeout') : offerError })}
        </p>
      )}
    </section>
  );
}
