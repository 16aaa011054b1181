import type { ContactView } from '../contracts.js';
import { formatDateMedium } from '../format.js';
import { useI18n, type Translate } from '../i18n/index.js';

type Earlier = NonNullable<ContactView['earlier']>;

/** "Called 2 times before, last on …", or "First call from this number". */
export function describeEarlier(t: Translate, locale: string, earlier: Earlier): string {
  if (earlier.count === 0) return t('earlier.first');
  const date = formatDateMedium(earlier.lastAt, locale);
  return earlier.count === 1 ? t('earlier.once', { date }) : t('earlier.many', { count: earlier.count, date });
}

/**
 * Whether this number called before (linked by a keyed hash on the server, never the number).
 * Nothing at all for a withheld number: there is no way to know.
 */
export function EarlierContacts({ earlier }: { earlier: ContactView['earlier'] }) {
  const { t, locale } = useI18n();
  if (!earlier) return null;
  return (
    <p className={`earlier${earlier.count > 0 ? ' earlier-repeat' : ''}`} data-testid="earlier-contacts" data-count={earlier.count}>
      {describeEarlier(t, locale, earlier)}
    </p>
  );
}
