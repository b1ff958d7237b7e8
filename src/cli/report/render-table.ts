import type { FeatureDrift } from '../../stats/drift/types.js';
import type { Evaluation } from '../../stats/evaluation/evaluation.schemas.js';
import { formatNumber, formatShare, textTable } from './text-table.js';

/** The evaluation as tables for a terminal: drift, dataset drift, data quality, performance. */
export function renderEvaluation(e: Evaluation): string {
  const sections = [
    driftSection(e),
    datasetDriftLine(e),
    multivariateLine(e),
    qualitySection(e),
    ...performanceSections(e),
  ];
  return `${sections.join('\n\n')}\n`;
}

function driftSection(e: Evaluation): string {
  const { referenceRows, windowRows, computedFrom } = e.source;
  const alpha = e.features[0]?.alpha ?? e.datasetDrift.alpha;
  const title =
    `Drift: current (${count(windowRows)} rows) vs reference (${count(referenceRows)} rows), ` +
    `computed from ${computedFrom === 'values' ? 'raw values (exact)' : 'summaries'}; ` +
    (alpha >= 1
      ? 'verdicts by threshold alone'
      : `drift needs the threshold and noise p < ${formatNumber(alpha)} ("noise": past the threshold, within noise)`);
  const rows = [...e.features, ...[e.prediction, e.score].filter((f): f is FeatureDrift => f !== null)];
  const table = textTable(
    [
      { header: 'feature' },
      { header: 'type' },
      { header: 'method' },
      { header: 'statistic', align: 'right' },
      { header: 'p-value', align: 'right' },
      { header: 'threshold', align: 'right' },
      { header: 'noise p', align: 'right' },
      { header: 'drifted' },
      { header: 'status' },
    ],
    rows.map((f) => [
      f.name,
      f.type,
      f.method,
      formatNumber(f.statistic),
      formatNumber(f.pValue),
      formatNumber(f.threshold),
      formatNumber(f.noisePValue),
      f.drifted === null ? '-' : f.drifted ? 'DRIFT' : f.practical ? 'noise' : 'no',
      f.status,
    ]),
  );
  return `${title}\n${table}`;
}

function datasetDriftLine({ datasetDrift: d }: Evaluation): string {
  if (d.share === null) return 'Dataset drift: no feature had enough data to evaluate';
  const verdict = d.drifted ? 'DRIFT' : 'no drift';
  return (
    `Dataset drift: ${verdict}: ${d.driftedFeatures} of ${d.evaluatedFeatures} features beyond noise ` +
    `(share ${formatNumber(d.share)}, threshold ${formatNumber(d.threshold)})`
  );
}

function multivariateLine({ multivariate: m }: Evaluation): string {
  if (m === null) return 'Multivariate drift: no PCA (fewer than 2 numerical features or 300 reference rows)';
  if (m.statistic === null) return `Multivariate drift: too few rows (${m.windowCount}) to judge`;
  const verdict = m.drifted ? 'DRIFT' : m.practical ? 'noise' : 'no drift';
  return (
    `Multivariate drift: ${verdict}: mean reconstruction error ${formatNumber(m.statistic)} vs the reference's ` +
    `${formatNumber(m.reference)} (threshold ${formatNumber(m.threshold)}, noise p ${formatNumber(m.noisePValue)}; ` +
    `PCA of ${m.features.length} numerical features, ${m.components} components)`
  );
}

function qualitySection({ quality: q }: Evaluation): string {
  const approximate = q.features.some((f) => f.approximate) ? ' (~: estimated from the sketch)' : '';
  const table = textTable(
    [
      { header: 'feature' },
      { header: 'missing', align: 'right' },
      { header: 'out of range', align: 'right' },
      { header: 'unseen categories', align: 'right' },
    ],
    q.features.map((f) => [
      f.name,
      formatShare(f.missingShare),
      `${f.approximate ? '~' : ''}${formatShare(f.outOfRangeShare)}`,
      formatShare(f.unseenCategoryShare),
    ]),
  );
  return `Data quality: ${count(q.rows)} rows, ${count(q.rejected)} rejected${approximate}\n${table}`;
}

function performanceSections({ performance: p }: Evaluation): string[] {
  if (p === null) return ['Performance: no predictions in the current file'];
  const out: string[] = [];
  if (p.realized === null) out.push('Performance (realized): no labelled predictions');
  else {
    const { labelled, coverage, metrics } = p.realized;
    out.push(
      metricsTable(
        `Performance (realized): ${count(labelled)} labelled, coverage ${formatShare(coverage)}`,
        metrics,
      ),
    );
  }
  if (p.estimated !== null) {
    const { predictions, calibration, metrics } = p.estimated;
    out.push(
      metricsTable(
        `Performance (estimated by CBPE, ${calibration} calibration): ${count(predictions)} scored predictions`,
        metrics,
      ),
    );
  }
  return out;
}

function metricsTable(title: string, metrics: Record<string, number | null>): string {
  const rows = Object.entries(metrics).map(([name, value]) => [name, formatNumber(value)]);
  return `${title}\n${textTable([{ header: 'metric' }, { header: 'value', align: 'right' }], rows)}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
