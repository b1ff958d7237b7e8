import { createHash } from 'node:crypto';
import type { Segment } from '../engine/evaluation-snapshot.js';

/**
 * Stable ids. An alert's id is its fingerprint: a hash of the rule id and the labels that tell
 * its alerts apart (model, feature, segment value), so the same condition on the same model is the same alert for
 * its whole life, whatever the rule's severity or extra labels become. A notification's id is a
 * hash of what it announces, so a retry, a replayed evaluation or a re-enqueue all carry the same
 * id and a receiver can deduplicate on it (the webhook-id of Standard Webhooks).
 */
const digest = (parts: readonly unknown[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);

/**
 * A segment value is part of the identity only when there is one, so that alerts of the whole
 * model keep the ids they had before segments existed.
 */
export function alertFingerprint(
  ruleId: string,
  identity: { model: string; feature: string | null; segment?: Segment | null },
): string {
  const { model, feature, segment } = identity;
  const parts = ['alert', ruleId, model, feature];
  return digest(segment ? [...parts, segment.key, segment.value] : parts);
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
