import type { ModelSpec } from '../../domain/model-spec.js';
import { emptyTraffic, foldEventRow, type Traffic } from '../../stats/core/traffic.js';
import { summaryParts } from '../../stats/core/traffic-summary.js';
import type { Evaluation } from '../../stats/evaluation/evaluation.schemas.js';
import { evaluateFromValues } from '../../stats/evaluation/raw-backend.js';
import { fitCbpeOf } from '../../stats/evaluation/performance-results.js';
import { rawParts } from '../../stats/evaluation/raw-parts.js';
import { evaluateFromSummaries, referenceFromSummaries } from '../../stats/evaluation/summary-backend.js';
import { foldFile } from './fold-file.js';
import { InputError } from '../../stats/evaluation/decode/input-error.js';
import { renderEvaluation } from './render-table.js';
import { parseReportArgs, type ReportOptions } from './report-args.js';
import { readModelSpec } from './spec-file.js';

export interface ReportIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * `modelwatch report`: compares a current file with a reference file under a model schema.
 * Returns the exit code: 0 fine; 1 with --fail-on-drift when the dataset drift verdict is
 * "drifted" (the share of drifted features reached its threshold); 2 for bad input, with a
 * one-line message on stderr.
 */
export async function runReport(args: string[], io: ReportIo = process): Promise<number> {
  try {
    const options = parseReportArgs(args);
    const spec = await readModelSpec(options.schema);
    const evaluation = await evaluateFiles(spec, options);
    io.stdout.write(
      options.format === 'json' ? `${JSON.stringify(evaluation, null, 2)}\n` : renderEvaluation(evaluation),
    );
    return options.failOnDrift && evaluation.datasetDrift.drifted === true ? 1 : 0;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    io.stderr.write(`modelwatch report: ${err.message}\n`);
    return 2;
  }
}

/** --alpha when given; else each verdict is tested at the default alarm budget's share. */
function levelOf(options: ReportOptions): { alpha?: number } {
  return options.alpha === undefined ? {} : { alpha: options.alpha };
}

async function evaluateFiles(spec: ModelSpec, options: ReportOptions): Promise<Evaluation> {
  return options.sketch ? viaSummaries(spec, options) : viaValues(spec, options);
}

/** Exact: keeps every numerical value (8 bytes each) and every prediction. */
async function viaValues(spec: ModelSpec, options: ReportOptions): Promise<Evaluation> {
  const reference = await foldInto(spec, 'reference', options.reference, emptyTraffic(spec, rawParts));
  const current = await foldInto(spec, 'current', options.current, emptyTraffic(spec, rawParts));
  return evaluateFromValues(spec, reference, current, levelOf(options));
}

/**
 * As the service does: each file folded into bounded summaries while it streams. The
 * reference's performance column and rows stay raw: CBPE's calibration is fitted on its labelled
 * scores and the multivariate PCA on its rows, as the service fits them when a reference is set.
 */
async function viaSummaries(spec: ModelSpec, options: ReportOptions): Promise<Evaluation> {
  const referenceParts = { ...summaryParts, pairs: rawParts.pairs, rows: rawParts.rows };
  const reference = await foldInto(spec, 'reference', options.reference, emptyTraffic(spec, referenceParts));
  const fixed = referenceFromSummaries(spec, reference, fitCbpeOf(reference.performance));
  const current = await foldInto(spec, 'current', options.current, emptyTraffic(spec, summaryParts));
  return evaluateFromSummaries(spec, fixed, current, levelOf(options));
}

async function foldInto<T extends Traffic>(
  spec: ModelSpec,
  label: 'reference' | 'current',
  file: string,
  columns: T,
): Promise<T> {
  await foldFile(label.padEnd(9), file, spec, (row) => foldEventRow(spec, columns, row));
  if (label === 'reference' && columns.events === 0)
    throw new InputError(`${file}: no rows to use as the reference`);
  return columns;
}
