import { formatValue, type AlertNotification } from '../channels/types.js';
import type { StoredAlert } from './alerts.store.js';
import type { Observation, Reading } from '../rules/conditions.js';
import type { PlannedNotification } from '../delivery/delivery-plan.js';
import type { Segment } from '../engine/evaluation-snapshot.js';
import { alertFingerprint } from './identity.js';
import { advance, INITIAL_MEMORY, type AlertMemory, type Transition } from './lifecycle.js';
import type { Rule } from '../rules/rules.schemas.js';
import { renderTemplate, type TemplateValues } from '../rules/templates.js';

/** Building alert rows and notification payloads from rules and readings. Pure. */

/** A segment value as labels, templates and the API's `?segment=` write it: `country:DE`. */
export const segmentLabel = (segment: Segment): string => `${segment.key}:${segment.value}`;

export function alertLabels(
  rule: Rule,
  modelId: string,
  feature: string | null,
  segment: Segment | null = null,
): Record<string, string> {
  return {
    ...rule.labels,
    alertname: rule.name ?? rule.id,
    rule: rule.id,
    model: modelId,
    window: rule.window,
    severity: rule.severity,
    ...(feature === null ? {} : { feature }),
    ...(segment === null ? {} : { segment: segmentLabel(segment) }),
  };
}

export function alertAnnotations(rule: Rule, values: TemplateValues): Record<string, string> {
  const { summary, description, runbookUrl } = rule.annotations;
  // Values go into the runbook URL percent-encoded, so that a feature name cannot change its shape.
  const encoded = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)]),
  ) as TemplateValues;
  return {
    summary: renderTemplate(summary, values),
    ...(description === undefined ? {} : { description: renderTemplate(description, values) }),
    ...(runbookUrl === undefined ? {} : { runbook_url: renderTemplate(runbookUrl, encoded) }),
  };
}

export interface NextAlert {
  alert: StoredAlert;
  transition: Transition | null;
}

const memoryOf = (a: StoredAlert): AlertMemory => ({
  state: a.state,
  episode: a.episode,
  breaches: a.breaches,
  oks: a.oks,
});

/**
 * The alert after one evaluation: the lifecycle step, its timestamps, fresh labels and
 * annotations. Null when the evaluation is older than the last one applied, or is that one again
 * (a replay). The same window end evaluated later is a refinement of it (lifecycle.ts `advance`).
 */
export function nextAlert(
  rule: Rule,
  subject: { modelId: string; segment: Segment | null },
  observation: Observation,
  reading: Reading,
  at: { windowEnd: Date; evaluatedAt: Date },
  previous: StoredAlert | null,
): NextAlert | null {
  const { windowEnd, evaluatedAt } = at;
  const { modelId, segment } = subject;
  const lastEnd = previous?.lastWindowEnd.getTime() ?? -Infinity;
  if (windowEnd.getTime() < lastEnd) return null;
  const refining = previous !== null && windowEnd.getTime() === lastEnd;
  if (refining && evaluatedAt.getTime() <= previous.lastEvaluatedAt.getTime()) return null;

  const current = previous ? memoryOf(previous) : INITIAL_MEMORY;
  const base = refining ? previous.baseMemory : current;
  const { memory: next, transition } = advance(current, refining ? base : null, reading, {
    for: rule.for,
    resolveAfter: rule.resolve.after,
  });
  const value = observation.value ?? previous?.value ?? null;
  const newEpisode = next.episode !== current.episode;
  let pendingSince = newEpisode ? windowEnd : (previous?.pendingSince ?? null);
  let firedAt = newEpisode ? null : (previous?.firedAt ?? null);
  let resolvedAt = newEpisode ? null : (previous?.resolvedAt ?? null);
  const driftStartedAt = newEpisode ? null : (previous?.driftStartedAt ?? null);
  if (transition?.to === 'firing') firedAt = windowEnd;
  if (transition?.to === 'resolved') resolvedAt = windowEnd;
  if (transition?.to === 'inactive') pendingSince = null;

  const values: TemplateValues = {
    model: modelId,
    feature: observation.feature ?? '',
    segment: segment === null ? '' : segmentLabel(segment),
    value: formatValue(value),
    threshold: formatValue(rule.threshold),
    window: rule.window,
    severity: rule.severity,
    rule: rule.id,
  };
  const alert: StoredAlert = {
    id: alertFingerprint(rule.id, { model: modelId, feature: observation.feature, segment }),
    ruleId: rule.id,
    modelId,
    feature: observation.feature,
    segment,
    window: rule.window,
    severity: rule.severity,
    labels: alertLabels(rule, modelId, observation.feature, segment),
    annotations: alertAnnotations(rule, values),
    ...next,
    value,
    threshold: rule.threshold,
    pendingSince,
    firedAt,
    resolvedAt,
    driftStartedAt,
    lastWindowEnd: windowEnd,
    lastEvaluatedAt: evaluatedAt,
    baseMemory: base,
  };
  return { alert, transition };
}

/** What a channel receives: a1's AlertNotification, built from the alert as it is now. */
export function notificationPayload(
  alert: StoredAlert,
  planned: PlannedNotification,
  externalUrl: string,
): AlertNotification {
  const link = (path: string) => new URL(path, externalUrl).toString();
  const model = encodeURIComponent(alert.modelId);
  return {
    notificationId: planned.id,
    fingerprint: alert.id,
    status: planned.status,
    labels: alert.labels as AlertNotification['labels'],
    annotations: alert.annotations as AlertNotification['annotations'],
    value: alert.value,
    threshold: alert.threshold,
    startsAt: (alert.firedAt ?? alert.pendingSince ?? alert.lastWindowEnd).toISOString(),
    ...(alert.driftStartedAt ? { driftStartedAt: alert.driftStartedAt.toISOString() } : {}),
    ...(planned.status === 'resolved' && alert.resolvedAt ? { endsAt: alert.resolvedAt.toISOString() } : {}),
    // The console's pages (docs/console.md), which a person opens from a page or a chat; the API's
    // own routes for tools, which need a key.
    generatorURL: link(`/ui/alerts/${encodeURIComponent(alert.id)}`),
    links: [
      { text: 'Model', href: link(`/ui/models/${model}`) },
      { text: 'Alert (API)', href: link(`/v1/alerts/${encodeURIComponent(alert.id)}`) },
      {
        text: 'Evaluations (API)',
        href: link(`/v1/models/${model}/evaluations?window=${encodeURIComponent(alert.window)}`),
      },
    ],
  };
}
