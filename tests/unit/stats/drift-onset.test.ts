// The drift onset's change point (docs/statistics.md#drift-onset). Expected splits:
// tests/golden/onset.json, written by tests/golden/onset.py (numpy 1.24, by brute force over
// every split's within-segment squared error).
import { describe, expect, it } from 'vitest';
import { changePoint, driftOnset } from '../../../src/stats/drift/onset.js';
import { readGolden } from '../../helpers/golden.js';

const golden = readGolden<{ name: string; values: number[]; expected: number }[]>('onset.json');

describe('changePoint', () => {
  it.each(golden)('$name: the maximum-likelihood split, as numpy finds it', ({ values, expected }) => {
    expect(changePoint(values)).toBe(expected);
  });

  it('needs four points and a series that varies', () => {
    expect(changePoint([1, 2, 3])).toBeNull();
    expect(changePoint([0.2, 0.2, 0.2, 0.2, 0.2])).toBeNull();
    expect(changePoint([0, 0, 1, 1])).toBe(2);
  });
});

describe('driftOnset', () => {
  it('puts the change half a window before the end of the first window after the split', () => {
    const minute = 60_000;
    const series = Array.from({ length: 20 }, (_, i) => ({ end: i * minute, value: i < 12 ? 0.05 : 0.3 }));
    expect(driftOnset(series, 5 * minute)).toBe(12 * minute - 2.5 * minute);
    expect(driftOnset(series.slice(0, 3), 5 * minute)).toBeNull();
  });
});
