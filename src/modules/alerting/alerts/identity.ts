import { createHash } from 'node:crypto';

/**
 * Stable ids. An alert's id is its fingerprint: a hash of the rule id and the labels that tell
 * its alerts apart (model, feature), so the same condition on the same model is the same alert for
 * its whole life, whatever the rule's severity or extra labels become. A notification's id is a
 * hash of what it announces, so a retry, a replayed evaluation or a re-enqueue all carry the same
 * id and a receiver can deduplicate on it (the webhook-id of Standard Webhooks).
 */
const digest = (parts: readonly unknown[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);

export function alertFingerprint(
  ruleId: string,
  identity: { model: string; feature: string | null },
): string {
  return digest(['alert', ruleId, identity.model, identity.feature]);
}

export function notificationId(input: {
  alertId: string;
  channelId: string;
  episode: number;
  status: 'firing' | 'resolved';
  /** Set for notifications re-sent every evaluation (Alertmanager), absent for one-per-transition. */
  windowEnd?: string;
}): string {
  const { alertId, channelId, episode, status, windowEnd } = input;
  return `ntf_${digest(['notification', alertId, channelId, episode, status, windowEnd ?? null])}`;
}
