import type { PredictionRow } from '../../src/modules/ingest/ingest.validator.js';
import { segmentSlice, versionSlice } from '../../src/modules/tiles/slices.js';

/**
 * How the fleet bench's traffic is sliced (src/modules/tiles/README.md "Slices"): `versions` 1
 * sends every event as the stable version (a fleet's steady state), 2 keeps the fold bench's one
 * in ten from a canary (a rollout in progress: both versions evaluated apart); `segmentValues` > 0
 * declares a `region` segment with that many values, carried by each event at random.
 */
export interface Slicing {
  versions: 1 | 2;
  segmentValues: number;
}

export const STABLE = '2.0.3';
export const SEGMENT_KEY = 'region';

export const regionOf = (index: number, slicing: Slicing): string | null =>
  slicing.segmentValues > 0 ? `r${index % slicing.segmentValues}` : null;

/** An event as this slicing sends it: its version and its region. */
export function sliced(row: PredictionRow, index: number, slicing: Slicing): PredictionRow {
  const region = regionOf(index, slicing);
  return {
    ...row,
    modelVersion: slicing.versions === 1 ? STABLE : row.modelVersion,
    segments: region === null ? null : JSON.stringify({ [SEGMENT_KEY]: region }),
  };
}

/** The slices the fold writes an event into besides the overall one (every value and version is kept). */
export function slicesOf(row: PredictionRow): string[] {
  const slices = row.modelVersion === null ? [] : [versionSlice(row.modelVersion)];
  const region =
    row.segments === null ? null : (JSON.parse(row.segments) as Record<string, string>)[SEGMENT_KEY];
  return region === undefined || region === null ? slices : [segmentSlice(SEGMENT_KEY, region), ...slices];
}
