import { useEffect, useState } from 'preact/hooks';
import { Route, Router, Switch, useLocation } from 'wouter-preact';
import { whenUnauthorized } from './api/http.js';
import { currentSession, SessionContext, signOut } from './api/session.js';
import type { Session } from './api/types.js';
import { ErrorNote, Loading } from './components/status.js';
import { Shell } from './components/shell.js';
import { usePlainLinks } from './lib/plain-links.js';
import { AlertPage } from './pages/alert.js';
import { AlertsPage } from './pages/alerts.js';
import { FeaturePage } from './pages/feature.js';
import { FleetPage } from './pages/fleet.js';
import { InventoryPage } from './pages/inventory.js';
import { LoginPage } from './pages/login.js';
import { ModelPage } from './pages/model.js';
import { SilencesPage } from './pages/silences.js';

/** The console under /ui: the sign-in page until a session exists, then the pages. */
export function App() {
  return (
    <Router base="/ui">
      <Console />
    </Router>
  );
}

function Console() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [location, navigate] = useLocation();
  usePlainLinks(navigate);

  useEffect(() => {
    currentSession().then(setSession, setError);
    whenUnauthorized(() => setSession(null));
  }, []);

  if (error) return <ErrorNote error={error} />;
  if (session === undefined) return <Loading what="the session" />;
  if (session === null || location === '/login') {
    return <LoginPage onSignedIn={setSession} />;
  }
  const end = () =>
    signOut().finally(() => {
      setSession(null);
      navigate('/login');
    });
  return (
    <SessionContext.Provider value={{ session, signOut: end }}>
      <Shell>
        <Switch>
          <Route path="/" component={FleetPage} />
          <Route path="/models/:id" component={ModelPage} />
          <Route path="/models/:id/features/:feature" component={FeaturePage} />
          <Route path="/alerts" component={AlertsPage} />
          <Route path="/alerts/:id" component={AlertPage} />
          <Route path="/silences" component={SilencesPage} />
          <Route path="/inventory" component={InventoryPage} />
          <Route>
            <h1>Not found</h1>
            <p>No page here. The fleet is at the start page.</p>
          </Route>
        </Switch>
      </Shell>
    </SessionContext.Provider>
  );
}
