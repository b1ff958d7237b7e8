import type { ModelSpec } from '../../modules/models/models.schemas.js';
import { createColumns, foldRow } from '../../stats/evaluation/columns.js';
import type { Evaluation } from '../../stats/evaluation/evaluation.schemas.js';
import { evaluateFromValues } from '../../stats/evaluation/raw-backend.js';
import { rawColumnFactories } from '../../stats/evaluation/raw-columns.js';
import { foldFile } from './fold-file.js';
import { InputError } from './input-error.js';
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

async function evaluateFiles(spec: ModelSpec, options: ReportOptions): Promise<Evaluation> {
  const reference = createColumns(spec, rawColumnFactories);
  await foldFile('reference', options.reference, spec, (row) => foldRow(spec, reference, row));
  if (reference.rows === 0) throw new InputError(`${options.reference}: no rows to use as the reference`);
  const current = createColumns(spec, rawColumnFactories);
  await foldFile('current  ', options.current, spec, (row) => foldRow(spec, current, row));
  return evaluateFromValues(spec, reference, current);
}
