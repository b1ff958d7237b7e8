/**
 * Expected calibration error over 10 equal-width bins:
 *   ECE = Σ_b (n_b / N) · |mean(score in b) − share of positives in b|.
 * Bins are those of sklearn.calibration.calibration_curve(strategy="uniform"): a score is
 * in bin b when b of the inner edges 0.1, 0.2, …, 0.9 (numpy's linspace values, e.g.
 * 0.30000000000000004) are strictly below it. So bin 0 is [0, 0.1] and bin b is
 * (b/10, (b+1)/10]: a score on an edge falls in the lower bin.
 */

export const ECE_BINS = 10;

const INNER_EDGES = Array.from({ length: ECE_BINS - 1 }, (_, k) => (k + 1) * 0.1);

/** The calibration bin of a score in [0, 1]. */
export function eceBin(score: number): number {
  let bin = 0;
  while (bin < INNER_EDGES.length && INNER_EDGES[bin]! < score) bin++;
  return bin;
}

/** What one calibration bin needs: how many scores, their sum, and how many were positive. */
export interface EceBinTotals {
  count: number;
  scoreSum: number;
  positives: number;
}

export function emptyEceBins(): EceBinTotals[] {
  return Array.from({ length: ECE_BINS }, () => ({ count: 0, scoreSum: 0, positives: 0 }));
}

/** ECE from per-bin totals; null when there are no scores. */
export function eceFromBins(bins: readonly EceBinTotals[]): number | null {
  let total = 0;
  for (const bin of bins) total += bin.count;
  if (total === 0) return null;
  let ece = 0;
  for (const { count, scoreSum, positives } of bins) {
    if (count > 0) ece += (count / total) * Math.abs(scoreSum / count - positives / count);
  }
  return ece;
}
