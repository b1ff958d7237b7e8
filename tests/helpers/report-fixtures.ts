/**
 * Fixture files for `modelwatch report` tests: rows shaped like prediction events (as
 * tests/golden/report.json stores them) written out as CSV or NDJSON in a temp directory,
 * and a way to run the real command line on them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EventRow {
  features: Record<string, number | string | null>;
  score?: number | null;
  prediction?: number | string | null;
  actual?: number | string | null;
}

export function tempDir(prefix = 'modelwatch-report-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A CSV file with the given columns first (to show columns are found by name), then the rest. */
export function writeCsv(path: string, featureNames: readonly string[], rows: readonly EventRow[]): void {
  const header = ['actual', 'id', ...featureNames, 'score', 'prediction'];
  const cell = (v: unknown) => (v === null || v === undefined ? '' : csvQuote(String(v)));
  const lines = rows.map((r, i) =>
    [r.actual, i, ...featureNames.map((f) => r.features[f]), r.score, r.prediction].map(cell).join(','),
  );
  writeFileSync(path, [header.join(','), ...lines].join('\n') + '\n');
}

export function writeNdjson(path: string, rows: readonly EventRow[]): void {
  writeFileSync(path, rows.map((r, i) => JSON.stringify({ predictionId: `p${i}`, ...r })).join('\n') + '\n');
}

function csvQuote(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const BIN = fileURLToPath(new URL('../../bin/modelwatch.js', import.meta.url));

/** Runs `node bin/modelwatch.js <args>` and collects its exit code and output. */
export function runCli(args: readonly string[], cwd?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
