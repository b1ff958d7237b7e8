import { audit, days, inventory, kpis, rules } from './evidence-html.sections.js';
import type { Evidence, EvidenceAlert } from './evidence.schemas.js';
import {
  code,
  fields,
  fmt,
  heading,
  page,
  paragraph,
  section,
  table,
  title,
  type Cell,
  type Markup,
} from './html.js';

/** An alert: what it is, then every event of its episodes (transitions, acknowledgements, deliveries). */
function alert(a: EvidenceAlert): Markup[] {
  const events = a.episodes.flatMap((ep) => [
    ...ep.transitions.map((t): Cell[] => [
      ep.episode,
      t.at,
      'transition',
      `${t.from} → ${t.to}`,
      `value ${fmt(t.value)} (${t.reason})`,
    ]),
    ...ep.acknowledgements.map((k): Cell[] => [ep.episode, k.at, 'acknowledged', k.by, k.comment]),
    ...ep.deliveries.map((d): Cell[] => [
      ep.episode,
      d.createdAt,
      `delivery to ${d.channelId} (${d.channelType})`,
      `${d.status}: ${d.state}`,
      d.attempts
        .map((t) => `#${t.attempt} ${t.at} ${t.outcome}${t.statusCode === null ? '' : ` ${t.statusCode}`}`)
        .join('; '),
    ]),
  ]);
  return [
    heading(`Alert ${a.id}: rule ${a.ruleId}${a.feature ? `, feature ${a.feature}` : ''}`),
    fields([
      ['window', a.window],
      ['severity', a.severity],
      ['threshold', a.threshold],
      ['state when generated', a.state],
    ]),
    table(['episode', 'at', 'event', 'what', 'detail'], events),
  ];
}

/** The evidence record as one self-contained page: the sections of the JSON, in its order. */
export function renderEvidenceHtml(e: Evidence): string {
  return page(`Evidence: ${e.modelId}, ${e.period.from} – ${e.period.to}`, [
    title(`Evidence for model ${e.modelId}`),
    fields([
      ['period', `${e.period.from} – ${e.period.to} (end exclusive)`],
      ['generated', e.generatedAt],
      ['format', `schema version ${e.schemaVersion}`],
      ['digest (sha256 of the JSON record)', code(e.digest.value)],
    ]),
    section('inventory', 'Inventory', [inventory(e.inventory)]),
    section('references', 'References in force', [
      table(
        ['version', 'id', 'source', 'rows', 'labelled', 'created', 'by', 'in force', 'fingerprint'],
        e.references.map((r) => [
          r.version,
          r.id,
          r.source,
          r.rows,
          r.labelled,
          r.createdAt,
          r.createdBy,
          `${r.inForce.from} – ${r.inForce.to}`,
          code(r.fingerprint),
        ]),
      ),
    ]),
    section('thresholds', 'Drift settings in the spec', [
      table(
        ['feature', 'type', 'method', 'threshold', 'learned threshold', 'min samples'],
        e.driftSettings.map((d) => [
          d.feature,
          d.type,
          d.method ?? 'from the reference',
          d.threshold ?? 'default',
          d.learnedThreshold ? 'yes' : 'no',
          d.minSamples ?? 'default',
        ]),
      ),
    ]),
    section('rules', 'Alert rules', rules(e.rules)),
    section('evaluations', 'Evaluations per day', [days(e.evaluations)]),
    section('alerts', 'Alerts', [
      ...(e.alertEpisodesOmitted > 0
        ? [paragraph(`${e.alertEpisodesOmitted} older episodes are left out; the latest are listed.`)]
        : []),
      ...(e.alerts.length === 0 ? [paragraph('None.')] : e.alerts.flatMap(alert)),
    ]),
    section('audit', 'Audit log', audit(e.audit)),
    section('kpis', 'Detection and response', kpis(e.kpis)),
  ]);
}
