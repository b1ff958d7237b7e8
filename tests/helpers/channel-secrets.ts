import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { secretsCommand } from '../../src/cli/secrets.js';
import type { Pool } from '../../src/lib/db.js';
import type { TestApp } from './app.js';
import type { ReceivedRequest } from './local-receiver.js';

/** A new SECRETS_KEY entry with this id. */
export const keyEntry = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

/** Every channel row as text, as a dump or a backup would hold it. */
export async function channelRowsAsText(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ row: string }>(
    'SELECT row_to_json(c)::text AS row FROM alert_channels c ORDER BY id',
  );
  return rows.map((r) => r.row).join('\n');
}

/** Each channel's stored target: sealed, or in plain text (before 0009, not yet sealed). */
export async function storedTargets(
  pool: Pool,
): Promise<Map<string, { sealed: string | null; plain: unknown }>> {
  const { rows } = await pool.query<{ id: string; sealed_target: string | null; plaintext_target: unknown }>(
    'SELECT id, sealed_target, plaintext_target FROM alert_channels ORDER BY id',
  );
  return new Map(rows.map((r) => [r.id, { sealed: r.sealed_target, plain: r.plaintext_target }]));
}

/** `modelwatch secrets rotate …` against this app's container; its exit code and output. */
export async function runRotate(t: TestApp, args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await secretsCommand(['rotate', ...args], {
    secrets: async () => ({ service: t.container.alerting.secrets, keyIds: t.container.secretBox.keyIds }),
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, out: out.join(''), err: err.join('') };
}

/** Verifies a delivered webhook's Standard Webhooks signature with this secret (throws if it does not match). */
export function verifyWebhook(secret: string, request: ReceivedRequest): unknown {
  return new Webhook(secret).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  });
}
