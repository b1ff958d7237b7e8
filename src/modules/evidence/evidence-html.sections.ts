/** The sections of the evidence page (evidence.html.ts), one per part of the record. */
import type { Model } from '../models/index.js';
import type { Evidence } from './evidence.schemas.js';
import { code, fields, fmt, paragraph, status, table, type Cell, type Markup } from './html.js';

/** Objects (validation, approval, links …) are shown as compact JSON text, escaped like the rest. */
const text = (value: unknown): Cell =>
  value === undefined || value === null
    ? '–'
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

const INVENTORY_FIELDS = [
  'name',
  'task',
  'owner',
  'businessOwner',
  'developerTeam',
  'validator',
  'riskTier',
  'purpose',
  'intendedUse',
  'restrictions',
  'description',
  'validation',
  'approval',
  'trainingData',
  'trainingDataFingerprint',
  'artifact',
  'codeVersion',
  'upstream',
  'downstream',
  'regulatoryClass',
  'tags',
  'links',
  'schemaVersion',
  'archivedAt',
] as const;

export function inventory({ atFrom, atTo }: Evidence['inventory']): Markup {
  const value = (m: Model | null, key: string) =>
    m ? text((m as Record<string, unknown>)[key]) : 'not registered';
  return table(
    ['field', 'at the start of the period', 'at its end'],
    [
      ['lifecycle', value(atFrom, 'lifecycle'), value(atTo, 'lifecycle')],
      ['features', value(atFrom, 'features'), value(atTo, 'features')],
      ...INVENTORY_FIELDS.map((k) => [k, value(atFrom, k), value(atTo, k)]),
    ],
  );
}

export function rules(r: Evidence['rules']): Markup[] {
  return [
    paragraph(`As configured at ${r.asOf}.`),
    table(
      ['rule', 'enabled', 'condition', 'breaches when', 'window', 'for', 'resolve after', 'severity'],
      r.items.map((rule) => [
        rule.id,
        rule.enabled ? 'yes' : 'no',
        text(rule.condition),
        `value ${rule.comparator} ${fmt(rule.threshold)}`,
        rule.window,
        rule.for,
        rule.resolve.after,
        rule.severity,
      ]),
    ),
    ...(r.withheld > 0
      ? [
          paragraph(
            `${r.withheld} rule(s) over the whole fleet also select the model; this key may not read them.`,
          ),
        ]
      : []),
  ];
}

export function days(e: Evidence['evaluations']): Markup {
  return table(
    [
      'day (UTC)',
      'window',
      'evaluations',
      'worst status',
      'by status',
      'max drifted',
      'drifted features',
      'headline min / mean / max',
    ],
    e.days.map((d) => [
      d.day,
      d.window,
      d.evaluations,
      d.worstStatus ?? '–',
      Object.entries(d.byStatus)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${s} ${n}`)
        .join(', '),
      d.maxDriftedFeatures,
      d.driftedFeatures.join(', '),
      d.headline
        ? `${d.headline.metric} ${fmt(d.headline.min)} / ${fmt(d.headline.mean)} / ${fmt(d.headline.max)} (${d.headline.evaluations})`
        : '–',
    ]),
  );
}

export function audit(a: Evidence['audit']): Markup[] {
  const chain = a.chain.broken
    ? status(
        false,
        `BROKEN at entry ${a.chain.broken.id}: ${a.chain.broken.reason} (${a.chain.entries} entries before it hold)`,
      )
    : status(true, `intact: ${a.chain.entries} entries, head ${a.chain.head ?? '(empty)'}`);
  return [
    fields([['audit chain', chain]]),
    table(
      ['id', 'at', 'action', 'actor', 'subject', 'changed', 'hash'],
      a.entries.map((e) => [
        e.id,
        e.at,
        e.action,
        e.actor,
        e.subject,
        e.changes.map((c) => c.path || '(whole)').join(', '),
        e.hash ? code(e.hash) : '–',
      ]),
    ),
  ];
}

export function kpis(k: Evidence['kpis']): Markup[] {
  const r = k.response;
  return [
    fields([
      ['incidents', r.incidents],
      ['acknowledged', r.acknowledged],
      ['resolved', r.resolved],
      ['MTTD (s)', r.mttdSeconds],
      ['MTTA (s)', r.mttaSeconds],
      ['MTTR (s)', r.mttrSeconds],
    ]),
    table(
      [
        'alert',
        'episode',
        'started',
        'fired',
        'acknowledged',
        'resolved',
        'detect (s)',
        'acknowledge (s)',
        'resolve (s)',
      ],
      k.incidents.map((i) => [
        i.alertId,
        i.episode,
        i.startedAt,
        i.firedAt,
        i.acknowledgedAt,
        i.resolvedAt,
        i.timeToDetectSeconds,
        i.timeToAcknowledgeSeconds,
        i.timeToResolveSeconds,
      ]),
    ),
  ];
}
