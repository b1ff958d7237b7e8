// Learned thresholds (docs/statistics.md#learned-thresholds). Expected values:
// tests/golden/bands.json, written by tests/golden/bands.py (SciPy 1.10: wasserstein_distance,
// jensenshannon, t.ppf; numpy for the rest).
import { describe, expect, it } from 'vitest';
import { bandThreshold } from '../../../src/stats/drift/learned-band.js';
import { categoricalProfile, numericalProfile } from '../../../src/stats/drift/profile.js';
import type { DriftMethod } from '../../../src/stats/drift/types.js';
import { expectClose, readGolden } from '../../helpers/golden.js';
import { rawFeatureDrift } from '../../helpers/raw-evaluation.js';

type Expected = Record<string, { mean: number; sd: number; threshold: number }>;
const golden = readGolden<{
  numerical: { values: number[]; expected: Expected };
  categorical: { values: string[]; expected: Expected };
}>('bands.json');

function counts(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

describe.each([
  ['numerical', () => numericalProfile(golden.numerical.values), golden.numerical.expected],
  [
    'categorical',
    () => categoricalProfile(3000, counts(golden.categorical.values), golden.categorical.values),
    golden.categorical.expected,
  ],
] as const)('%s reference of 3,000 rows in 30 chunks of 100', (_name, profileOf, expected) => {
  const band = profileOf().band!;

  it('has each distance’s mean and standard deviation over the chunks, as numpy gives them', () => {
    expect([band.chunks, band.chunkSize]).toEqual([30, 100]);
    expect(Object.keys(band.measures).sort()).toEqual(Object.keys(expected).sort());
    for (const [method, want] of Object.entries(expected)) {
      const got = band.measures[method as DriftMethod]!;
      expectClose(got.mean, want.mean, 1e-9, 1e-15, `${method} mean`);
      expectClose(got.sd, want.sd, 1e-9, 1e-15, `${method} sd`);
    }
  });

  it("its threshold is mean + t(1 − 0.00135, 29)·√(1 + 1/30)·sd, with SciPy's t", () => {
    for (const [method, want] of Object.entries(expected)) {
      expectClose(bandThreshold(band, method as DriftMethod), want.threshold, 1e-9, 0, `${method} threshold`);
    }
    expect(bandThreshold(band, 'ks')).toBeNull();
  });
});

describe('learnedThreshold in a feature’s drift settings', () => {
  const ref = golden.numerical.values;
  const window = ref.slice(0, 150).map((v) => v + 2);

  it('judges the practical effect against the learned threshold', () => {
    const learned = rawFeatureDrift(
      { name: 'x', type: 'numerical', drift: { method: 'wasserstein', learnedThreshold: true } },
      ref,
      window,
    );
    expect(learned.thresholdSource).toBe('learned');
    expectClose(learned.threshold, golden.numerical.expected.wasserstein!.threshold, 1e-9, 0, 'threshold');
    expect(learned.practical).toBe(learned.statistic! >= learned.threshold);
    const constant = rawFeatureDrift(
      { name: 'x', type: 'numerical', drift: { method: 'wasserstein' } },
      ref,
      window,
    );
    expect(constant).toMatchObject({ threshold: 0.1 });
    expect(constant.thresholdSource).toBeUndefined();
  });

  it('falls back to the constant when the reference is too small for 30 chunks of 100', () => {
    const small = rawFeatureDrift(
      { name: 'x', type: 'numerical', drift: { method: 'wasserstein', learnedThreshold: true } },
      ref.slice(0, 2999),
      window,
    );
    expect(small.threshold).toBe(0.1);
    expect(small.thresholdSource).toBeUndefined();
  });
});
