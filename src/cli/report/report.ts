import type { ModelSpec } from '../../domain/model-spec.js';
import {
  createColumns,
  foldRow,
  type CategoricalColumn,
  type Columns,
  type NumericalColumn,
  type PerformanceColumn,
} from '../../stats/evaluation/columns.js';
import type { Evaluation } from '../../stats/evaluation/evaluation.schemas.js';
import { evaluateFromValues } from '../../stats/evaluation/raw-backend.js';
import { rawColumnFactories } from '../../stats/evaluation/raw-columns.js';
import { evaluateFromSummaries, referenceFromSummaries } from '../../stats/evaluation/summary-backend.js';
import { summaryColumnFactories } from '../../stats/evaluation/summary-columns.js';
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
  const reference = await foldInto(
    spec,
    'reference',
    options.reference,
    createColumns(spec, rawColumnFactories),
  );
  const current = await foldInto(spec, 'current', options.current, createColumns(spec, rawColumnFactories));
  return evaluateFromValues(spec, reference, current, levelOf(options));
}

/**
 * As the service does: each file folded into bounded summaries while it streams. The
 * reference's performance column and rows stay raw: CBPE's calibration is fitted on its labelled
 * scores and the multivariate PCA on its rows, as the service fits them when a reference is set.
 */
async function viaSummaries(spec: ModelSpec, options: ReportOptions): Promise<Evaluation> {
  const referenceFactories = {
    ...summaryColumnFactories,
    performance: rawColumnFactories.performance,
    multivariate: rawColumnFactories.multivariate,
  };
  const reference = await foldInto(
    spec,
    'reference',
    options.reference,
    createColumns(spec, referenceFactories),
  );
  const fixed = referenceFromSummaries(spec, reference, reference.performance.fitCbpe());
  const current = await foldInto(
    spec,
    'current',
    options.current,
    createColumns(spec, summaryColumnFactories),
  );
  return evaluateFromSummaries(spec, fixed, current, levelOf(options));
}

async function foldInto<T extends Columns<NumericalColumn, CategoricalColumn, PerformanceColumn>>(
  spec: ModelSpec,
  label: 'reference' | 'current',
  file: string,
  columns: T,
): Promise<T> {
  await foldFile(label.padEnd(9), file, spec, (row) => foldRow(spec, columns, row));
  if (label === 'reference' && columns.rows === 0)
    throw new InputError(`${file}: no rows to use as the reference`);
  return columns;
}
