import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { ApiError, get, request, setCsrfToken } from './http.js';
import type { Session } from './types.js';

/** The signed-in session, or null: the console shows the sign-in page until there is one. */
export async function currentSession(): Promise<Session | null> {
  try {
    return remember(await get<Session>('/v1/sessions/current'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(credential: { apiKey: string } | { loginToken: string }): Promise<Session> {
  return remember(await request<Session>('POST', '/v1/sessions', credential));
}

export async function signOut(): Promise<void> {
  await request('DELETE', '/v1/sessions/current');
  setCsrfToken(null);
}

function remember(session: Session): Session {
  setCsrfToken(session.csrfToken);
  return session;
}

export const SessionContext = createContext<{ session: Session; signOut: () => void } | null>(null);

export function useSession() {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in console');
  return value;
}

/** Silences are admin writes; acknowledging is open to read keys (on-call staff hold those). */
export const isAdmin = (session: Session) => session.scopes.includes('admin');
