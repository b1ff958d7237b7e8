import { parseArgs } from 'node:util';
import { InputError } from '../../stats/evaluation/decode/input-error.js';

export type ReportFormat = 'table' | 'json';

export interface ReportOptions {
  schema: string;
  reference: string;
  current: string;
  format: ReportFormat;
  failOnDrift: boolean;
  /** Evaluate through mergeable summaries (as the service does) instead of raw values. */
  sketch: boolean;
  /** The level of each verdict's noise test; undefined: the default alarm budget's share. */
  alpha?: number;
}

export const REPORT_USAGE =
  'modelwatch report --schema model.json --reference ref.csv --current cur.csv ' +
  '[--format table|json] [--fail-on-drift] [--sketch] [--alpha LEVEL]';

/** Parses the arguments after `report`; every mistake is an InputError (exit 2). */
export function parseReportArgs(args: string[]): ReportOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        schema: { type: 'string' },
        reference: { type: 'string' },
        current: { type: 'string' },
        format: { type: 'string', default: 'table' },
        'fail-on-drift': { type: 'boolean', default: false },
        sketch: { type: 'boolean', default: false },
        alpha: { type: 'string' },
      },
    }));
  } catch (err) {
    throw new InputError(`${(err as Error).message}; usage: ${REPORT_USAGE}`);
  }
  const { schema, reference, current, format } = values;
  const missing = (['schema', 'reference', 'current'] as const).filter((k) => values[k] === undefined);
  if (schema === undefined || reference === undefined || current === undefined) {
    throw new InputError(`missing ${missing.map((k) => `--${k}`).join(', ')}; usage: ${REPORT_USAGE}`);
  }
  if (format !== 'table' && format !== 'json') {
    throw new InputError(`--format must be "table" or "json", got "${format}"`);
  }
  const alpha = values.alpha === undefined ? undefined : Number(values.alpha);
  if (alpha !== undefined && !(alpha > 0 && alpha <= 1)) {
    throw new InputError(`--alpha must be a number in (0, 1], got "${values.alpha}"`);
  }
  return {
    schema,
    reference,
    current,
    format,
    failOnDrift: values['fail-on-drift'],
    sketch: values.sketch,
    ...(alpha === undefined ? {} : { alpha }),
  };
}
