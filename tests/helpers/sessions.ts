import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from './app.js';

export interface SignedIn {
  /** The mw_session cookie's value. */
  secret: string;
  id: string;
  keyId: string;
  scopes: string[];
  models: string[] | null;
  expiresAt: string;
  csrfToken: string;
  res: LightMyRequestResponse;
}

/** POST /v1/sessions; expects 201 and a mw_session cookie. */
export async function signIn(
  t: TestApp,
  body: { apiKey: string } | { loginToken: string },
  headers: Record<string, string> = {},
): Promise<SignedIn> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/sessions', payload: body, headers });
  expect(res.statusCode, res.body).toBe(201);
  const cookie = res.cookies.find((c) => c.name === 'mw_session');
  expect(cookie, String(res.headers['set-cookie'])).toBeDefined();
  return { ...res.json<Omit<SignedIn, 'secret' | 'res'>>(), secret: cookie!.value, res };
}

/**
 * A request made as a console does: the session cookie, and the CSRF token unless `csrf` says
 * otherwise (null: no header; a string: that header).
 */
export function withSession(
  session: Pick<SignedIn, 'secret' | 'csrfToken'>,
  options: InjectOptions,
  csrf: string | null = session.csrfToken,
): InjectOptions {
  return {
    ...options,
    headers: {
      ...options.headers,
      cookie: `mw_session=${session.secret}`,
      ...(csrf === null ? {} : { 'x-csrf-token': csrf }),
    },
  };
}
