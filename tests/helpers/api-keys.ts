import { expect } from 'vitest';
import type { TestApp } from './app.js';

export interface IssuedKey {
  id: string;
  key: string;
  scopes: string[];
  models: string[] | null;
}

/** Creates an API key through the public API with the app's bootstrap admin key. */
export async function createApiKey(
  t: TestApp,
  body: { scopes: string[]; models?: string[]; name?: string },
  asKey = t.adminKey,
): Promise<IssuedKey> {
  const res = await t.request(asKey, {
    method: 'POST',
    url: '/v1/api-keys',
    payload: { name: body.name ?? `${body.scopes.join('+')} test key`, ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<IssuedKey>();
}
