/**
 * `modelwatch report` end to end: the real command line on CSV and NDJSON files written from
 * tests/golden/report.json, whose expected evaluations were computed by SciPy 1.10, numpy and
 * scikit-learn (tests/golden/report.py says how).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluationSchema, type Evaluation } from '../../../../src/stats/evaluation/evaluation.schemas.js';
import { expectClose, readGolden } from '../../../helpers/golden.js';
import { runCli, tempDir, writeCsv, writeNdjson, type EventRow } from '../../../helpers/report-fixtures.js';

interface ExpectedFeature {
  name: string;
  type: string;
  method: string;
  statistic: number;
  pValue: number | null;
  drifted: boolean;
  measures: Record<string, number | { statistic: number; pValue: number }>;
  quality: { missingShare: number; outOfRangeShare: number | null; unseenCategoryShare: number | null };
}

interface Golden {
  spec: { features: { name: string }[] };
  reference: EventRow[];
  cases: {
    name: 'stable' | 'drifted';
    current: EventRow[];
    expected: {
      datasetDrift: { share: number; drifted: boolean };
      features: ExpectedFeature[];
      prediction: ExpectedFeature;
      score: ExpectedFeature;
      performance: { labelled: number; coverage: number; metrics: Record<string, number> };
    };
  }[];
}

const golden = readGolden<Golden>('report.json');
const names = golden.spec.features.map((f) => f.name);
const dir = tempDir();
const file = (name: string) => join(dir, name);

beforeAll(() => {
  writeFileSync(file('model.json'), JSON.stringify(golden.spec));
  writeCsv(file('ref.csv'), names, golden.reference);
  writeNdjson(file('ref.ndjson'), golden.reference);
  for (const c of golden.cases) {
    writeCsv(file(`${c.name}.csv`), names, c.current);
    writeNdjson(file(`${c.name}.ndjson`), c.current);
  }
});

const report = (...args: string[]) => runCli(['report', '--schema', file('model.json'), ...args]);

function expectFeature(actual: Evaluation['features'][number] | null, expected: ExpectedFeature): void {
  const what = expected.name;
  expect(actual, what).not.toBeNull();
  const f = actual!;
  expect([f.name, f.type, f.method, f.status, f.drifted]).toEqual([
    expected.name,
    expected.type,
    expected.method,
    'ok',
    expected.drifted,
  ]);
  expectClose(f.statistic!, expected.statistic, 1e-9, 1e-15, `${what} statistic`);
  if (expected.pValue === null) expect(f.pValue).toBeNull();
  else expectClose(f.pValue!, expected.pValue, 1e-9, 1e-300, `${what} p-value`);
  const measures = f.measures as Record<string, number | { statistic: number; pValue: number }>;
  for (const [key, value] of Object.entries(expected.measures)) {
    const got = measures[key];
    if (typeof value === 'number') expectClose(got as number, value, 1e-9, 1e-15, `${what} ${key}`);
    else {
      const test = got as { statistic: number; pValue: number };
      expectClose(test.statistic, value.statistic, 1e-9, 1e-15, `${what} ${key} statistic`);
      expectClose(test.pValue, value.pValue, 1e-9, 1e-300, `${what} ${key} p-value`);
    }
  }
}

describe('modelwatch report: numbers (expected values from SciPy/scikit-learn, tests/golden/report.py)', () => {
  for (const c of golden.cases) {
    // The golden verdicts are the methods' thresholds alone: --alpha 1 turns the noise test off.
    it(`${c.name}: CSV, JSON output matches the golden evaluation; NDJSON gives the same JSON`, async () => {
      const json = ['--format', 'json', '--alpha', '1'];
      const [csv, ndjson] = await Promise.all([
        report('--reference', file('ref.csv'), '--current', file(`${c.name}.csv`), ...json),
        report('--reference', file('ref.ndjson'), '--current', file(`${c.name}.ndjson`), ...json),
      ]);
      expect([csv.code, csv.stderr]).toEqual([0, '']);
      const e = evaluationSchema.parse(JSON.parse(csv.stdout));
      expect(e.source).toEqual({ referenceRows: 400, windowRows: 300, computedFrom: 'values' });
      const x = c.expected;
      expect(e.datasetDrift.drifted).toBe(x.datasetDrift.drifted);
      expectClose(e.datasetDrift.share!, x.datasetDrift.share, 1e-12, 0, 'dataset drift share');
      x.features.forEach((f, i) => expectFeature(e.features[i]!, f));
      expectFeature(e.prediction, x.prediction);
      expectFeature(e.score, x.score);
      for (const [i, q] of x.features.map((f) => f.quality).entries()) {
        const got = e.quality.features[i]!;
        expectClose(got.missingShare!, q.missingShare, 1e-12, 0, `${got.name} missing`);
        for (const key of ['outOfRangeShare', 'unseenCategoryShare'] as const) {
          if (q[key] === null) expect(got[key]).toBeNull();
          else expectClose(got[key]!, q[key], 1e-12, 0, `${got.name} ${key}`);
        }
      }
      const realized = e.performance!.realized!;
      expect(realized.labelled).toBe(x.performance.labelled);
      expectClose(realized.coverage!, x.performance.coverage, 1e-12, 0, 'coverage');
      for (const [key, value] of Object.entries(x.performance.metrics)) {
        expectClose((realized.metrics as Record<string, number>)[key]!, value, 1e-9, 1e-15, key);
      }
      expect(e.performance!.estimated?.method).toBe('cbpe');
      expect([ndjson.code, ndjson.stderr]).toEqual([0, '']);
      expect(JSON.parse(ndjson.stdout)).toEqual(JSON.parse(csv.stdout));
    });
  }

  it('prints a table with one line per feature, the dataset verdict, quality and performance', async () => {
    const c = golden.cases.find((k) => k.name === 'drifted')!;
    // The golden verdicts are the thresholds alone (--alpha 1).
    const args = ['--reference', file('ref.csv'), '--current', file('drifted.csv')];
    const { code, stdout } = await report(...args, '--alpha', '1');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toContain('verdicts by threshold alone');
    expect(lines[1]).toMatch(
      /^feature\s+type\s+method\s+statistic\s+p-value\s+threshold\s+noise p\s+drifted\s+status$/,
    );
    for (const f of [...c.expected.features, c.expected.prediction, c.expected.score]) {
      const row = lines.find((l) => l.startsWith(`${f.name} `));
      expect(row, f.name).toMatch(
        new RegExp(`^${f.name}\\s+${f.type}\\s+${f.method}\\s.*\\s${f.drifted ? 'DRIFT' : 'no'}\\s+ok$`),
      );
    }
    const drifted = c.expected.features.filter((f) => f.drifted).length;
    expect(stdout).toContain(`Dataset drift: DRIFT: ${drifted} of ${names.length} features beyond noise`);
    expect(stdout).toMatch(/Data quality: 300 rows, 0 rejected/);
    expect(stdout).toContain(`Performance (realized): ${c.expected.performance.labelled} labelled`);
    // By default a verdict past its threshold but within noise reads "noise".
    const byDefault = (await report(...args)).stdout.split('\n');
    expect(byDefault[0]).toMatch(/drift needs the threshold and noise p < \S+/);
    for (const f of c.expected.features) {
      const row = byDefault.find((l) => l.startsWith(`${f.name} `));
      expect(row, f.name).toMatch(f.drifted ? /\s(DRIFT|noise)\s+ok$/ : /\sno\s+ok$/);
    }
  });
});

describe('modelwatch report: exit codes', () => {
  it('exits 1 with --fail-on-drift only when the dataset drifted, 0 otherwise', async () => {
    const run = (current: string, ...flags: string[]) =>
      report('--reference', file('ref.csv'), '--current', file(current), '--format', 'json', ...flags);
    const [stable, drifted, drifted_without_flag] = await Promise.all([
      run('stable.csv', '--fail-on-drift'),
      run('drifted.csv', '--fail-on-drift'),
      run('drifted.csv'),
    ]);
    expect(stable.code).toBe(0);
    expect(drifted.code).toBe(1);
    expect(JSON.parse(drifted.stdout).datasetDrift.drifted).toBe(true);
    expect(drifted_without_flag.code).toBe(0);
  });
});
