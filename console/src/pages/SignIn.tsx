import { useId, useState, type FormEvent } from 'react';
import { ApiError, signIn } from '../api.js';
import { LangSwitch } from '../components/LangSwitch.js';
import type { SignInReply } from '../contracts.js';
import { useTitle } from '../hooks.js';
import { useT, type MessageKey } from '../i18n/index.js';

export function SignIn({ onSignedIn }: { onSignedIn: (reply: SignInReply) => void }) {
  const t = useT();
  useTitle(t('signIn.title'));
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ key: MessageKey; message?: string } | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    if (!username.trim() || !password) {
      setError({ key: 'signIn.invalid' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const reply = await signIn(username.trim(), password);
      setPassword('');
      onSignedIn(reply);
    } catch (err) {
      setPassword('');
      if (!(err instanceof ApiError)) setError({ key: 'app.error', message: String(err) });
      // One message for unknown user and wrong password alike: the server does the same.
      else if (err.status === 401) setError({ key: 'signIn.wrong' });
      else if (err.status === 429) setError({ key: 'signIn.tooMany' });
      else if (err.status === 400) setError({ key: 'signIn.invalid' });
      else if (err.status === 0) setError({ key: 'app.unreachable' });
      else setError({ key: 'app.error', message: err.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin-page">
      <main id="main" className="signin-card">
        <div className="signin-top">
          <p className="brand">{t('app.name')}</p>
          <LangSwitch />
        </div>
        <h1>{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.intro')}</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-username`}>{t('signIn.username')}</label>
            <input
              id={`${id}-username`}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
            <input
              id={`${id}-password`}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          {error && <p role="alert" className="error">{t(error.key, { message: error.message ?? '' })}</p>}
          <button type="submit" className="primary wide" disabled={busy}>{t('signIn.submit')}</button>
        </form>
      </main>
    </div>
  );
}
