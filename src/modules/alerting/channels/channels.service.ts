import { randomUUID } from 'node:crypto';
import { withTransaction, type Pool } from '../../../lib/db.js';
import { NotFoundError, ValidationError } from '../../../lib/errors.js';
import { checkUrl, type OutboundPolicy } from '../../../lib/outbound/index.js';
import type { DeliveryResult } from '../../../lib/outbound/delivery-result.js';
import { SecretBoxError } from '../../../lib/secret-box/index.js';
import { type AuditStore, recordChange } from '../../audit/index.js';
import type { ChannelTarget, WebhookTarget } from './targets.js';
import type { AlertNotification, ChannelContext } from './types.js';
import { generateWebhookSecret } from './webhook-signing.js';
import {
  DEFAULT_RATE_LIMITS,
  type Channel,
  type ChannelSpec,
  type ChannelTestResult,
} from './channels.schemas.js';
import { UnsealedTargetError, type TargetSealer } from './channels.sealing.js';
import type { ChannelStore, StoredChannel } from './channels.store.js';

const PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';

export type SendNotification = (
  target: ChannelTarget,
  n: AlertNotification,
  ctx: ChannelContext,
) => Promise<DeliveryResult>;

export interface ChannelServiceDeps {
  pool: Pool;
  store: ChannelStore;
  /** Targets are stored sealed: opened to send, to describe, and to keep a webhook's secret. */
  sealer: Pick<TargetSealer, 'seal' | 'open'>;
  policy: OutboundPolicy;
  send: SendNotification;
  externalUrl: string;
  /** Throws when something still depends on the channel (rules that name it). */
  assertUnused: (channelId: string) => Promise<void>;
  audit: AuditStore;
  now?: () => Date;
}

const notFound = (id: string) => new NotFoundError(`Channel "${id}" not found.`);

/** Where a channel delivers, for people: never the Slack path, a query string or a routing key. */
export function destinationOf(target: ChannelTarget): string {
  const url = new URL(target.url);
  if (target.type === 'slack') return `${url.origin}/…`;
  if (target.type === 'pagerduty')
    return `${url.origin}${url.pathname} (routing key …${target.routingKey.slice(-4)})`;
  return `${url.origin}${url.pathname}`;
}

/** Why a stored target cannot be described; other errors are not about sealing and propagate. */
function unreadable(err: unknown): string {
  if (err instanceof UnsealedTargetError) return 'unreadable: stored in plain text, not sealed yet';
  if (!(err instanceof SecretBoxError)) throw err;
  return err.keyId === null
    ? 'unreadable: not a sealed value'
    : `unreadable: sealed with key "${err.keyId}", which does not open it here`;
}

/** The target a PUT asks for, keeping (or rotating) a webhook's secret. */
function targetOf(spec: ChannelSpec, kept: WebhookTarget | null): { target: ChannelTarget; secret?: string } {
  switch (spec.type) {
    case 'webhook': {
      if (kept && !spec.rotateSecret) return { target: { ...kept, url: spec.url } };
      const secret = generateWebhookSecret();
      const previous = kept ? { previousSecret: kept.secret } : {};
      return { target: { type: 'webhook', url: spec.url, secret, ...previous }, secret };
    }
    case 'slack':
      return { target: { type: 'slack', url: spec.url } };
    case 'pagerduty':
      return { target: { type: 'pagerduty', routingKey: spec.routingKey, url: spec.url ?? PAGERDUTY_URL } };
    case 'alertmanager':
      return { target: { type: 'alertmanager', url: spec.url } };
  }
}

export function createChannelService({
  pool,
  store,
  sealer,
  policy,
  send,
  externalUrl,
  assertUnused,
  audit,
  now = () => new Date(),
}: ChannelServiceDeps) {
  const toChannel = (c: StoredChannel): Channel => {
    let destination: string;
    try {
      destination = destinationOf(sealer.open(c.id, c.sealedTarget));
    } catch (err) {
      destination = unreadable(err);
    }
    return {
      id: c.id,
      type: c.type,
      name: c.name,
      default: c.isDefault,
      rateLimit: { perSecond: c.ratePerSecond, burst: c.burst },
      destination,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  };

  /** The webhook target a PUT keeps the secret of; one that cannot be opened can only be rotated away. */
  const keptWebhook = (existing: StoredChannel | null, rotating: boolean): WebhookTarget | null => {
    if (existing?.type !== 'webhook') return null;
    try {
      const target = sealer.open(existing.id, existing.sealedTarget);
      return target.type === 'webhook' ? target : null;
    } catch (err) {
      if (rotating) return null;
      throw err;
    }
  };

  return {
    /** Creates or replaces a channel. The URL is checked now, and again at every delivery. */
    async put(
      id: string,
      spec: ChannelSpec,
      actor: string,
    ): Promise<{ created: boolean; channel: Channel; secret?: string }> {
      const check = await checkUrl(spec.url ?? PAGERDUTY_URL, policy);
      if (!check.ok) {
        throw new ValidationError(`The channel URL is refused: ${check.message}.`, [
          { pointer: '/url', message: check.message, location: 'body' },
        ]);
      }
      return withTransaction(pool, async (client) => {
        const existing = await store.find(client, id, { forUpdate: true });
        const rotating = spec.type === 'webhook' && spec.rotateSecret;
        const { target, secret } = targetOf(spec, keptWebhook(existing, rotating));
        const rate = spec.rateLimit ?? DEFAULT_RATE_LIMITS[spec.type];
        const { created, channel } = await store.upsert(client, {
          id,
          type: spec.type,
          name: spec.name ?? id,
          isDefault: spec.default,
          ratePerSecond: rate.perSecond,
          burst: rate.burst,
          sealedTarget: sealer.seal(id, target),
        });
        // What it is and where it delivers, credentials left out (toChannel's destination); a
        // rotated secret shows as a change of nothing but the time, never the secret itself.
        const described = toChannel(channel);
        await audit.insert(
          client,
          recordChange(
            { subject: `channel:${id}`, action: 'channel_set', actor },
            existing ? toChannel(existing) : null,
            described,
          ),
        );
        return { created, channel: described, ...(secret ? { secret } : {}) };
      });
    },

    async get(id: string): Promise<Channel> {
      const channel = await store.find(pool, id);
      if (!channel) throw notFound(id);
      return toChannel(channel);
    },

    async list(): Promise<Channel[]> {
      return (await store.list(pool)).map(toChannel);
    },

    /** Deletes a channel; notifications still queued for it are cancelled when their turn comes. */
    async remove(id: string, actor: string): Promise<void> {
      await assertUnused(id);
      await withTransaction(pool, async (client) => {
        const existing = await store.find(client, id, { forUpdate: true });
        if (!existing || !(await store.remove(client, id))) throw notFound(id);
        const before = toChannel(existing);
        await audit.insert(client, {
          subject: `channel:${id}`,
          action: 'channel_removed',
          actor,
          changes: [{ path: '', before }],
          before,
        });
      });
    },

    /**
     * Sends one test notification at once (no queue, no retry) and reports how the receiver
     * answered: its status code and a classification, never its body (OWASP API7).
     */
    async test(id: string): Promise<ChannelTestResult> {
      const channel = await store.find(pool, id);
      if (!channel) throw notFound(id);
      const at = now();
      const target = sealer.open(channel.id, channel.sealedTarget);
      const result = await send(target, testNotification(channel, at, externalUrl), {
        receiver: channel.name,
        externalURL: externalUrl,
        now: at,
      });
      return {
        delivered: result.ok,
        outcome: result.outcome,
        statusCode: result.status ?? null,
        reason: result.reason ?? null,
        durationMs: result.durationMs,
      };
    },
  };
}

function testNotification(channel: StoredChannel, at: Date, externalUrl: string): AlertNotification {
  return {
    notificationId: `test_${randomUUID()}`,
    fingerprint: `channel-test-${channel.id}`,
    status: 'firing',
    labels: {
      alertname: 'ModelwatchChannelTest',
      rule: 'channel-test',
      model: 'modelwatch',
      severity: 'info',
    },
    annotations: { summary: `Test notification from modelwatch to channel ${channel.id}` },
    value: null,
    threshold: 0,
    startsAt: at.toISOString(),
    generatorURL: new URL(`/v1/channels/${channel.id}`, externalUrl).toString(),
    links: [],
  };
}

export type ChannelService = ReturnType<typeof createChannelService>;
