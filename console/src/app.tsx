import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ALERTED_ON_RISK, BLOCKS_CALLERS, EDITS_INDICATORS, EXPORTS_DATA, MANAGES_STAFF, SETS_RETENTION, SEES_IVR_SETTINGS, WATCHES_FLOOR, WORKS_CASES,
} from './access.js';
import { getSession, onUnauthorized, setCsrfToken, signOut } from './api.js';
import { CallReminder } from './components/CallReminder.js';
import { ConnectionBanner } from './components/ConnectionBanner.js';
import { Header } from './components/Header.js';
import { NoticeRegion } from './components/NoticeRegion.js';
import { OfferCard } from './components/OfferCard.js';
import { RiskAlerts } from './components/RiskAlerts.js';
import type { SessionUser, SignInReply } from './contracts.js';
import { useT } from './i18n/index.js';
import { BlocksPage } from './pages/Blocks.js';
import { CaseDetail } from './pages/CaseDetail.js';
import { CasesPage } from './pages/Cases.js';
import { ContactDetail } from './pages/ContactDetail.js';
import { Contacts } from './pages/Contacts.js';
import { Console } from './pages/Console.js';
import { ExportsPage } from './pages/Exports.js';
import { IndicatorsPage } from './pages/Indicators.js';
import { IvrSettingsPage } from './pages/IvrSettings.js';
import { NotFound } from './pages/NotFound.js';
import { PromptsPage } from './pages/Prompts.js';
import { RetentionPage } from './pages/Retention.js';
import { SignIn } from './pages/SignIn.js';
import { Softphone } from './pages/Softphone.js';
import { StaffPage } from './pages/Staff.js';
import { WallboardPage } from './pages/Wallboard.js';
import { RealtimeProvider } from './realtime.js';
import { unlockAudioOnFirstGesture } from './ring.js';
import { matchRoute, navigate, usePath, type Route } from './router.js';

type Session =
  | { status: 'loading' }
  | { status: 'unreachable' }
  | { status: 'ready'; user: SessionUser | null; simulator: boolean };

/** Moves focus to the new page's heading after client-side navigation (not on first load). */
function useFocusOnNavigate(path: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('main h1');
    heading?.focus();
  }, [path]);
}

function Page({ route, simulator, user }: { route: Route; simulator: boolean; user: SessionUser }) {
  switch (route.name) {
    case 'console': return <Console simulator={simulator} role={user.role} />;
    case 'contacts': return <Contacts />;
    case 'contact': return <ContactDetail key={route.id} id={route.id} role={user.role} />;
    case 'softphone': return simulator ? <Softphone /> : <NotFound />;
    case 'ivr-settings': return SEES_IVR_SETTINGS.includes(user.role) ? <IvrSettingsPage role={user.role} /> : <NotFound />;
    case 'prompts': return SEES_IVR_SETTINGS.includes(user.role) ? <PromptsPage role={user.role} /> : <NotFound />;
    case 'blocks': return BLOCKS_CALLERS.includes(user.role) ? <BlocksPage /> : <NotFound />;
    case 'wallboard': return WATCHES_FLOOR.includes(user.role) ? <WallboardPage userId={user.id} /> : <NotFound />;
    case 'staff': return MANAGES_STAFF.includes(user.role) ? <StaffPage /> : <NotFound />;
    case 'indicators': return EDITS_INDICATORS.includes(user.role) ? <IndicatorsPage /> : <NotFound />;
    case 'retention': return SETS_RETENTION.includes(user.role) ? <RetentionPage /> : <NotFound />;
    case 'exports': return EXPORTS_DATA.includes(user.role) ? <ExportsPage /> : <NotFound />;
    case 'cases': return WORKS_CASES.includes(user.role) ? <CasesPage /> : <NotFound />;
    case 'case': return WORKS_CASES.includes(user.role) ? <CaseDetail key={route.id} id={route.id} user={user} /> : <NotFound />;
    case 'not-found': return <NotFound />;
  }
}

function SkipLink() {
  const t = useT();
  return <a className="skip" href="#main">{t('app.skip')}</a>;
}

function SignedIn({ user, simulator, route, onSignOut, onSessionDoubt }: {
  user: SessionUser;
  simulator: boolean;
  route: Route;
  onSignOut: () => void;
  onSessionDoubt: () => Promise<boolean>;
}) {
  return (
    <RealtimeProvider initialState={user.state} onSessionDoubt={onSessionDoubt}>
      <SkipLink />
      <Header user={user} simulator={simulator} onSignOut={onSignOut} />
      <ConnectionBanner />
      <div className="live-area">
        {ALERTED_ON_RISK.includes(user.role) && <RiskAlerts />}
        <OfferCard />
        <NoticeRegion />
        {route.name !== 'console' && <CallReminder />}
      </div>
      <main id="main" className="page">
        <Page route={route} simulator={simulator} user={user} />
      </main>
    </RealtimeProvider>
  );
}

export function App() {
  const t = useT();
  const path = usePath();
  const route = matchRoute(path);
  const [session, setSession] = useState<Session>({ status: 'loading' });
  useFocusOnNavigate(path);

  const load = useCallback(async (): Promise<void> => {
    try {
      const reply = await getSession();
      setCsrfToken(reply.csrfToken);
      setSession({ status: 'ready', user: reply.user, simulator: reply.simulator });
    } catch {
      setSession({ status: 'unreachable' });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // A 401 anywhere: the session is gone. Fetch a fresh one (and its CSRF token) and show sign-in.
  useEffect(() => {
    onUnauthorized(() => {
      setSession((s) => (s.status === 'ready' ? { ...s, user: null } : s));
      void load();
    });
    return () => onUnauthorized(null);
  }, [load]);

  useEffect(() => unlockAudioOnFirstGesture(), []);

  const onSignedIn = useCallback((reply: SignInReply) => {
    setCsrfToken(reply.csrfToken);
    setSession((s) => ({ status: 'ready', user: reply.user, simulator: s.status === 'ready' && s.simulator }));
  }, []);

  const onSignOut = useCallback(() => {
    void (async () => {
      try {
        await signOut();
      } catch {
        // Signed out locally either way; the fresh session below tells the truth.
      }
      setSession((s) => (s.status === 'ready' ? { ...s, user: null } : s));
      navigate('/');
      await load();
    })();
  }, [load]);

  const onSessionDoubt = useCallback(async (): Promise<boolean> => {
    try {
      const reply = await getSession();
      setCsrfToken(reply.csrfToken);
      if (reply.user) return true;
      setSession({ status: 'ready', user: null, simulator: reply.simulator });
      return false;
    } catch {
      return true; // Unreachable: keep trying to reconnect.
    }
  }, []);

  if (session.status === 'loading') {
    return <main id="main" className="page center"><p className="muted">{t('app.loading')}</p></main>;
  }
  if (session.status === 'unreachable') {
    return (
      <main id="main" className="page center">
        <h1 tabIndex={-1}>{t('app.name')}</h1>
        <p role="alert" className="error">{t('app.unreachable')}</p>
        <button type="button" onClick={() => { setSession({ status: 'loading' }); void load(); }}>{t('app.retry')}</button>
      </main>
    );
  }
  if (session.user) {
    return (
      <SignedIn
        key={session.user.id}
        user={session.user}
        simulator={session.simulator}
        route={route}
        onSignOut={onSignOut}
        onSessionDoubt={onSessionDoubt}
      />
    );
  }
  // The caller softphone needs no staff account: a tester can be the caller in another window.
  if (route.name === 'softphone' && session.simulator) {
    return (
      <>
        <SkipLink />
        <Header user={null} simulator onSignOut={onSignOut} />
        <main id="main" className="page"><Softphone /></main>
      </>
    );
  }
  return <SignIn onSignedIn={onSignedIn} />;
}
