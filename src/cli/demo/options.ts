import { parseArgs } from 'node:util';
import { DEMO_DATABASE } from './isolation.js';

/** How the demo's story unfolds. Times are from the start of traffic. */
export interface DemoOptions {
  /** Seconds of traffic before the demo stops by itself; 0: until Ctrl-C. */
  durationSeconds: number;
  /** Prediction events per second. */
  rate: number;
  /** When the applicant population shifts (feature drift). */
  shiftAfterMs: number;
  /** When the outcomes stop following the scores (concept drift: realized accuracy drops). */
  conceptDriftAfterMs: number;
  /** Each outcome arrives a uniform delay in [min, max] after its prediction. */
  outcomeDelayMs: { min: number; max: number };
  /** How often a batch of predictions (and of due outcomes) is posted. */
  batchEveryMs: number;
  /** Rows of the uploaded reference (the baseline population, with scores and outcomes). */
  referenceRows: number;
  /** How often the live view polls the API for a new evaluation. */
  pollEveryMs: number;
  seed: number;
  /** The demo's own database (and Redis prefix `{database}`); removed when it stops unless keep. */
  database: string;
  keep: boolean;
}

export const DEFAULT_DEMO_OPTIONS: DemoOptions = {
  durationSeconds: 0,
  rate: 20,
  shiftAfterMs: 60_000,
  conceptDriftAfterMs: 90_000,
  outcomeDelayMs: { min: 60_000, max: 120_000 },
  batchEveryMs: 1_000,
  referenceRows: 5_000,
  pollEveryMs: 2_000,
  seed: 42,
  database: DEMO_DATABASE,
  keep: false,
};

export const DEMO_USAGE = `usage: modelwatch demo [--duration <s>] [--rate <events/s>] [--shift-after <s>]
                      [--degrade-after <s>] [--outcome-delay <min>-<max>] [--database <name>] [--keep]

  --duration        seconds of traffic, then stop (default: until Ctrl-C)
  --rate            prediction events per second (default ${DEFAULT_DEMO_OPTIONS.rate})
  --shift-after     seconds until the applicant population shifts (default ${DEFAULT_DEMO_OPTIONS.shiftAfterMs / 1000})
  --degrade-after   seconds until outcomes stop following the scores (default ${DEFAULT_DEMO_OPTIONS.conceptDriftAfterMs / 1000})
  --outcome-delay   seconds from a prediction to its outcome (default ${DEFAULT_DEMO_OPTIONS.outcomeDelayMs.min / 1000}-${DEFAULT_DEMO_OPTIONS.outcomeDelayMs.max / 1000})
  --database        the demo's own database, also its Redis prefix {name} (default ${DEMO_DATABASE})
  --keep            keep that database and the Redis keys when the demo stops (default: removed)
`;

export class DemoUsageError extends Error {}

function seconds(name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new DemoUsageError(`--${name} must be a number ≥ ${min}`);
  return value;
}

/** The service's own database and Postgres's: the demo drops its database when it stops. */
const NOT_DEMO_DATABASES = new Set(['modelwatch', 'postgres', 'template0', 'template1']);

function databaseName(name: string): string {
  if (NOT_DEMO_DATABASES.has(name)) {
    throw new DemoUsageError(`--database ${name} is not the demo's to drop when it stops: name another`);
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new DemoUsageError(
      '--database must be lower-case letters, digits and _ (at most 63), not starting with a digit',
    );
  }
  return name;
}

/** The demo's command-line flags over the defaults; throws DemoUsageError on a bad flag. */
export function parseDemoArgs(args: string[]): DemoOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        duration: { type: 'string' },
        rate: { type: 'string' },
        'shift-after': { type: 'string' },
        'degrade-after': { type: 'string' },
        'outcome-delay': { type: 'string' },
        database: { type: 'string' },
        keep: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new DemoUsageError((err as Error).message);
  }
  const d = DEFAULT_DEMO_OPTIONS;
  const delay = values['outcome-delay'];
  const range = delay === undefined ? null : /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(delay);
  if (delay !== undefined && (range === null || Number(range[1]) > Number(range[2]))) {
    throw new DemoUsageError('--outcome-delay must be <min>-<max> in seconds, min ≤ max');
  }
  return {
    ...d,
    durationSeconds: seconds('duration', values.duration, d.durationSeconds),
    rate: seconds('rate', values.rate, d.rate, 1),
    shiftAfterMs: 1000 * seconds('shift-after', values['shift-after'], d.shiftAfterMs / 1000),
    conceptDriftAfterMs:
      1000 * seconds('degrade-after', values['degrade-after'], d.conceptDriftAfterMs / 1000),
    outcomeDelayMs: range ? { min: 1000 * Number(range[1]), max: 1000 * Number(range[2]) } : d.outcomeDelayMs,
    database: databaseName(values.database ?? d.database),
    keep: values.keep ?? false,
  };
}
