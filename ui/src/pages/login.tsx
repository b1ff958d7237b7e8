import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { signIn } from '../api/session.js';
import type { Session } from '../api/types.js';

/**
 * Sign-in with an API key, or with a one-time login token from a link (/ui/login#token=…; the
 * fragment never reaches a server log). Shown in place of any page opened without a session, so
 * the page asked for (an alert's link) opens once signed in.
 */
export function LoginPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [location, navigate] = useLocation();
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const done = (session: Session) => {
    if (location === '/login') navigate('/', { replace: true });
    onSignedIn(session);
  };
  const attempt = (credential: { apiKey: string } | { loginToken: string }) => {
    setBusy(true);
    setError(null);
    signIn(credential).then(done, (e: Error) => {
      setError(e.message);
      setBusy(false);
    });
  };

  // On load, and when a link is opened over the sign-in page (only the fragment changes then).
  useEffect(() => {
    const signInFromFragment = () => {
      const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
      if (!token) return;
      history.replaceState(null, '', window.location.pathname);
      attempt({ loginToken: token });
    };
    signInFromFragment();
    window.addEventListener('hashchange', signInFromFragment);
    return () => window.removeEventListener('hashchange', signInFromFragment);
  }, []);

  return (
    <main id="main" class="login">
      <h1>Sign in to modelwatch</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          attempt({ apiKey: apiKey.trim() });
        }}
      >
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="off"
          required
          value={apiKey}
          onInput={(e) => setApiKey(e.currentTarget.value)}
          aria-describedby="api-key-help"
        />
        <p id="api-key-help" class="muted">
          A read key shows the models it may see; an admin key may also silence alerts. The key is exchanged
          for a session cookie and not kept by the browser.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
