import { describe, expect, it } from 'vitest';
import { versionsSeen } from '../../../src/modules/tiles/versions-seen.js';

describe('versionsSeen', () => {
  it('gives each version its earliest and latest event time and its count; predictions without a version are left out', () => {
    const seen = versionsSeen([
      { modelVersion: 'b', tsMs: 30 },
      { modelVersion: 'a', tsMs: 20 },
      { modelVersion: null, tsMs: 5 },
      { modelVersion: 'a', tsMs: 10 },
      { modelVersion: 'a', tsMs: 40 },
    ]);
    expect(seen).toEqual([
      { version: 'b', firstMs: 30, lastMs: 30, predictions: 1 },
      { version: 'a', firstMs: 10, lastMs: 40, predictions: 3 },
    ]);
    expect(versionsSeen([{ modelVersion: null, tsMs: 1 }])).toEqual([]);
  });
});
