import type { Volume } from './evaluation.schemas.js';

export interface VolumeInput {
  events: number;
  /** Events in the same window seven days earlier. */
  previousWeek: number;
  /** Events per second of a reference built from the model's traffic; null for uploaded rows. */
  referenceRate: number | null;
  windowSeconds: number;
}

/**
 * Traffic against what was expected. Seasonality is mostly weekly (weekday and hour), so the same
 * hours a week earlier come first; a model without traffic then (new, or idle that week) is
 * compared with the rate of its reference when that was a range of its own traffic. Uploaded
 * rows say nothing about rate, so then nothing is expected.
 */
export function volume({ events, previousWeek, referenceRate, windowSeconds }: VolumeInput): Volume {
  if (previousWeek > 0)
    return { events, expected: previousWeek, ratio: events / previousWeek, basis: 'previous_week' };
  if (referenceRate !== null && referenceRate > 0) {
    const expected = referenceRate * windowSeconds;
    return { events, expected, ratio: events / expected, basis: 'reference_rate' };
  }
  return { events, expected: null, ratio: null, basis: null };
}

/** Events per second of a reference taken from traffic over [from, to). */
export function referenceRate(rows: number, range: { from: string; to: string } | null): number | null {
  if (range === null) return null;
  const seconds = (Date.parse(range.to) - Date.parse(range.from)) / 1000;
  return seconds > 0 ? rows / seconds : null;
}
