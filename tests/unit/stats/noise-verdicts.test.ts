// Noise-aware verdicts under the default alarm budget (docs/statistics.md#noise-aware-verdicts):
// windows drawn from the reference flag at most one feature and never dataset drift, while real
// shifts are still found. Real slices and SciPy's statistics on them: tests/golden/real_slices.json,
// written by tests/golden/real_slices.py (scikit-learn 1.2's bundled digits and breast cancer).
import { describe, expect, it } from 'vitest';
import type { FeatureDrift } from '../../../src/stats/drift/types.js';
import { evaluationSchema } from '../../../src/stats/evaluation/evaluation.schemas.js';
import { expectClose, readGolden } from '../../helpers/golden.js';
import { evaluateRawColumns, type FeatureInput, type RawTable } from '../../helpers/raw-evaluation.js';
import { seededRandom } from '../../helpers/random.js';

interface Slices {
  features: string[];
  encoding: 'base17' | 'numbers';
  reference: (string | number[])[];
  windows: {
    name: string;
    shifted: boolean;
    rows: (string | number[])[];
    expected: { ks: number; wasserstein: number; jensenShannon: number; discrete: boolean }[];
  }[];
}

const golden = readGolden<Record<'digits' | 'breastCancer', Slices>>('real_slices.json');

function table(slices: Slices, rows: (string | number[])[]): RawTable {
  const decoded = rows.map((row) => (typeof row === 'string' ? [...row].map((c) => parseInt(c, 17)) : row));
  return Object.fromEntries(slices.features.map((name, j) => [name, decoded.map((r) => r[j]!)]));
}

const flagged = (features: FeatureDrift[]) => features.filter((f) => f.drifted === true).map((f) => f.name);

describe.each(['digits', 'breastCancer'] as const)('real slices of scikit-learn data: %s', (set) => {
  const slices = golden[set];
  const features: FeatureInput[] = slices.features.map((name) => ({ name, type: 'numerical' }));
  const reference = table(slices, slices.reference);

  describe.each(slices.windows)('$name', (w) => {
    const evaluation = evaluateRawColumns(features, reference, table(slices, w.rows));

    it('measures each feature as SciPy does', () => {
      evaluation.features.forEach((f, j) => {
        const m = f.measures as Extract<FeatureDrift, { type: 'numerical' }>['measures'];
        expectClose(m!.ks.pValue, w.expected[j]!.ks, 1e-9, 1e-15, `${f.name} KS p`);
        expectClose(m!.wasserstein, w.expected[j]!.wasserstein, 1e-9, 1e-15, `${f.name} W`);
        expectClose(m!.jensenShannon, w.expected[j]!.jensenShannon, 1e-9, 1e-15, `${f.name} JS`);
      });
    });

    if (!w.shifted) {
      it('flags at most one feature and no dataset drift, though fixed thresholds flag several', () => {
        expect(flagged(evaluation.features).length).toBeLessThanOrEqual(1);
        expect(evaluation.datasetDrift.drifted).toBe(false);
        // Fixed thresholds alone (Jensen-Shannon ≥ 0.1 on every feature) flag several by noise.
        const js = evaluateRawColumns(
          features.map((f) => ({ ...f, drift: { method: 'jensenShannon' as const } })),
          reference,
          table(slices, w.rows),
        );
        expect(js.features.filter((f) => f.practical).length).toBeGreaterThan(5);
        expect(flagged(js.features).length).toBeLessThanOrEqual(1);
        expect(js.datasetDrift.drifted).toBe(false);
      });
    } else {
      it('still shows dataset drift', () => {
        expect(evaluation.datasetDrift.drifted).toBe(true);
      });
    }
  });
});

describe('a model of 20 numerical and 5 categorical features, 5,000 reference rows', () => {
  const { uniform: random, normal } = seededRandom(11);
  const shares: [string, number][] = [
    ['a', 0.4],
    ['b', 0.25],
    ['c', 0.15],
    ['d', 0.1],
    ['e', 0.07],
    ['f', 0.03],
  ];
  const category = () => {
    let u = random();
    for (const [name, p] of shares) if ((u -= p) < 0) return name;
    return 'f';
  };
  const features: FeatureInput[] = [
    ...Array.from({ length: 20 }, (_, i) => ({ name: `x${i}`, type: 'numerical' as const })),
    ...Array.from({ length: 5 }, (_, i) => ({ name: `c${i}`, type: 'categorical' as const })),
  ];
  const draw = (n: number, shift: (feature: number) => number = () => 0): RawTable =>
    Object.fromEntries(
      features.map((f, i) => [
        f.name,
        Array.from({ length: n }, () => (f.type === 'numerical' ? normal() + shift(i) : category())),
      ]),
    );
  const reference = draw(5000);

  it.each([100, 150, 200])('windows of %i drawn from the reference flag at most one feature', (n) => {
    for (let i = 0; i < 4; i++) {
      const e = evaluateRawColumns(features, reference, draw(n));
      expect(flagged(e.features).length).toBeLessThanOrEqual(1);
      expect(e.datasetDrift.drifted).toBe(false);
      expect(e.multivariate).toMatchObject({ status: 'ok', drifted: false });
      // The default alarm budget: one false alert per 30 days over 29 verdicts (25 features, prediction, score, dataset, multivariate) × 9,390 tests.
      expect(e.features[0]!.alpha).toBeCloseTo(1 / (29 * 9390), 12);
    }
  });

  it.each([100, 150, 200])(
    'a 1σ shift of 8 numerical features in a window of %i is found feature by feature',
    (n) => {
      const e = evaluateRawColumns(
        features,
        reference,
        draw(n, (i) => (i < 8 ? 1 : 0)),
      );
      expect(flagged(e.features)).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']);
    },
  );
});

describe('evaluations stored before noise-aware verdicts', () => {
  it('still read, as threshold-only verdicts (alpha 1) without noise p-values', () => {
    const e = evaluateRawColumns(
      [{ name: 'x', type: 'numerical' }],
      { x: golden.breastCancer.reference.map((r) => (r as number[])[0]!) },
      { x: golden.breastCancer.windows[0]!.rows.map((r) => (r as number[])[0]!) },
    );
    type Loose = Record<string, unknown>;
    const old = JSON.parse(JSON.stringify(e)) as { features: Loose[]; datasetDrift: Loose };
    for (const f of old.features) for (const k of ['noisePValue', 'alpha', 'practical']) delete f[k];
    for (const k of ['alpha', 'featureLevel']) delete old.datasetDrift[k];
    const read = evaluationSchema.parse(old);
    expect(read.features[0]).toMatchObject({ noisePValue: null, alpha: 1, practical: null });
    expect(read.datasetDrift).toMatchObject({ alpha: 1, featureLevel: null });
  });
});
