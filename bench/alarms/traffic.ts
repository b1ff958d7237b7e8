/**
 * The bench model and its traffic: 20 features (10 normal, 3 lognormal, 2 integer-valued, 5
 * categorical with rare categories), drawn from the reference's own distribution unless a shift
 * is injected.
 */
import { modelSpecSchema, type ModelSpec } from '../../src/modules/models/models.schemas.js';
import type { TypedRow } from '../../src/stats/evaluation/row.js';
import type { Random } from '../../tests/helpers/random.js';

export const ALARM_SPEC: ModelSpec = modelSpecSchema.parse({
  name: 'alarms',
  task: 'regression',
  features: [
    ...Array.from({ length: 15 }, (_, i) => ({ name: `x${i}`, type: 'numerical' as const })),
    ...Array.from({ length: 5 }, (_, i) => ({ name: `c${i}`, type: 'categorical' as const })),
  ],
});

const SHARES: [string, number][] = [
  ['a', 0.4],
  ['b', 0.25],
  ['c', 0.15],
  ['d', 0.1],
  ['e', 0.07],
  ['f', 0.02],
  ['g', 0.01],
];

export interface Shift {
  name: string;
  /** Feature index it touches. */
  feature: number;
  apply: (rng: Random, value: number | string) => number | string;
}

/** The injected shifts of the detection phase. */
export const SHIFTS: Shift[] = [
  { name: 'mean +0.25σ on one feature', feature: 0, apply: (_r, v) => (v as number) + 0.25 },
  { name: 'mean +0.5σ on one feature', feature: 0, apply: (_r, v) => (v as number) + 0.5 },
  {
    name: "category 'a' share +10 points",
    feature: 15,
    // Moving 1/6 of the other categories' events to 'a' adds 0.6 × 1/6 = 10 points to its 40%.
    apply: (rng, v) => (v !== 'a' && rng.uniform() < 1 / 6 ? 'a' : v),
  },
];

function category(rng: Random): string {
  let u = rng.uniform();
  for (const [name, p] of SHARES) if ((u -= p) < 0) return name;
  return 'g';
}

function value(rng: Random, i: number): number | string {
  if (i < 10) return rng.normal();
  if (i < 13) return Math.exp(0.5 * rng.normal());
  if (i < 15) return Math.round(20 + 5 * rng.normal());
  return category(rng);
}

export function row(rng: Random, shift: Shift | null = null): TypedRow {
  const features = ALARM_SPEC.features.map((_, i) => {
    const v = value(rng, i);
    return shift !== null && shift.feature === i ? shift.apply(rng, v) : v;
  });
  return { features, prediction: null, score: null, scores: null, actual: null };
}
