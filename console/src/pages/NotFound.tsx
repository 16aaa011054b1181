import { useTitle } from '../hooks.js';
import { useT } from '../i18n/index.js';
import { Link } from '../router.js';

export function NotFound() {
  const t = useT();
  useTitle(t('app.notFound'));
  return (
    <>
      <h1 tabIndex={-1}>{t('app.notFound')}</h1>
      <p>{t('app.notFoundBody')}</p>
      <p><Link href="/">{t('app.backHome')}</Link></p>
    </>
  );
}
