import { BLOCKS_CALLERS, EDITS_INDICATORS, EXPORTS_DATA, MANAGES_STAFF, SETS_RETENTION, SEES_IVR_SETTINGS, WATCHES_FLOOR, WORKS_CASES } from '../access.js';
import type { SessionUser } from '../contracts.js';
import { useT } from '../i18n/index.js';
import { Link } from '../router.js';
import { LangSwitch } from './LangSwitch.js';

interface Props {
  user: SessionUser | null;
  simulator: boolean;
  onSignOut: () => void;
}

export function Header({ user, simulator, onSignOut }: Props) {
  const t = useT();
  return (
    <header className="topbar">
      <p className="brand">
        <Link href="/">{t('app.name')}</Link>
      </p>
      {user && (
        <nav aria-label={t('nav.label')}>
          <ul>
            <li><Link href="/">{t('nav.console')}</Link></li>
            {WATCHES_FLOOR.includes(user.role) && <li><Link href="/wallboard">{t('nav.wallboard')}</Link></li>}
            <li><Link href="/contacts">{t('nav.contacts')}</Link></li>
            {WORKS_CASES.includes(user.role) && <li><Link href="/cases">{t('nav.cases')}</Link></li>}
            {MANAGES_STAFF.includes(user.role) && <li><Link href="/staff">{t('nav.staff')}</Link></li>}
            {SEES_IVR_SETTINGS.includes(user.role) && <li><Link href="/admin/ivr">{t('nav.ivr')}</Link></li>}
            {SEES_IVR_SETTINGS.includes(user.role) && <li><Link href="/admin/prompts">{t('nav.prompts')}</Link></li>}
            {BLOCKS_CALLERS.includes(user.role) && <li><Link href="/blocks">{t('nav.blocks')}</Link></li>}
            {EXPORTS_DATA.includes(user.role) && <li><Link href="/exports">{t('nav.exports')}</Link></li>}
            {EDITS_INDICATORS.includes(user.role) && <li><Link href="/admin/indicators">{t('nav.indicators')}</Link></li>}
            {SETS_RETENTION.includes(user.role) && <li><Link href="/admin/retention">{t('nav.retention')}</Link></li>}
            {simulator && <li><Link href="/softphone">{t('nav.softphone')}</Link></li>}
          </ul>
        </nav>
      )}
      <div className="topbar-end">
        {user && (
          <p className="who" data-testid="current-user">
            <span className="who-name">{user.displayName}</span>{' '}
            <span className="who-role">{t(`role.${user.role}`)}</span>
          </p>
        )}
        <LangSwitch />
        {user
          ? <button type="button" className="quiet" onClick={onSignOut}>{t('nav.signOut')}</button>
          : <Link className="button quiet" href="/">{t('nav.signIn')}</Link>}
      </div>
    </header>
  );
}
