import type { DemoApi } from './api.js';

/** How long the demo's login link may be used (the longest a login token may live). */
const LINK_SECONDS = 3600;

/**
 * A one-time link that signs a person in to the operator console (/ui) as an admin key made for
 * it (docs/console.md): the bootstrap key cannot open a session, and the link keeps any key out
 * of the terminal's scrollback.
 */
export async function consoleLink(api: DemoApi): Promise<string> {
  const key = await api.send<{ id: string }>('POST', '/v1/api-keys', {
    name: 'demo console',
    scopes: ['admin'],
  });
  const link = await api.send<{ url: string }>('POST', '/v1/login-tokens', {
    keyId: key.id,
    ttlSeconds: LINK_SECONDS,
  });
  return link.url;
}
