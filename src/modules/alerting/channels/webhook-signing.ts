import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks v1 signatures (standard-webhooks/standard-webhooks spec/standard-webhooks.md):
 * HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, sent as `v1,<base64>`; the secret is
 * 24–64 random bytes shown to the user as `whsec_<base64>`. The id stays the same across retries
 * (the receiver's idempotency key); the timestamp is the attempt's, so each attempt is re-signed.
 */
const PREFIX = 'whsec_';
const SECRET_BYTES = 32;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** A new per-channel secret, `whsec_` + base64 of 32 random bytes. Shown to the user once. */
export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The key bytes of a `whsec_` secret; throws when it is not one. */
export function webhookSecretKey(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error('a webhook secret starts with whsec_');
  const encoded = secret.slice(PREFIX.length);
  const key = Buffer.from(encoded, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || key.toString('base64') !== encoded) {
    throw new Error('a webhook secret is whsec_ followed by standard base64');
  }
  if (key.length < 24 || key.length > 64) throw new Error('a webhook secret holds 24 to 64 bytes');
  return key;
}

/**
 * Headers for one delivery attempt. Several secrets (the current one first) produce several
 * space-separated signatures, so a secret can be rotated without failed deliveries.
 */
export function signWebhook(input: {
  id: string;
  timestamp: Date;
  body: string;
  secrets: readonly string[];
}): WebhookSignatureHeaders {
  // The spec: the id must not be user controlled or contain "." (it delimits the signed content).
  if (!ID_PATTERN.test(input.id)) throw new Error('a webhook id is 1–128 of A-Z a-z 0-9 _ -');
  if (input.secrets.length === 0) throw new Error('at least one webhook secret is needed');
  const timestamp = String(Math.floor(input.timestamp.getTime() / 1000));
  const content = `${input.id}.${timestamp}.${input.body}`;
  const signatures = input.secrets.map(
    (secret) => `v1,${createHmac('sha256', webhookSecretKey(secret)).update(content).digest('base64')}`,
  );
  return {
    'webhook-id': input.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signatures.join(' '),
  };
}
