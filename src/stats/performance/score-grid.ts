/**
 * The fixed fine grid on which binary-classification scores are binned in tiles.
 *
 * Bins are equal-width in logit space: bin = floor((logit(s) + 64) / 128 · 131072), clamped
 * to [0, 131071], so scores 0 and 1 (logit ±∞) land in the outer bins. In score space a
 * bin is 2.4e-4 wide at s = 0.5 and narrows as s(1 − s) towards 0 and 1 (about 1.2e-5 at
 * 0.95, 2.4e-7 at 0.999), which keeps ROC AUC from the histograms within docs/statistics.md's 0.005
 * also for models whose scores crowd near 0 or 1. Only scores below 1.6e-28 share a bin
 * with 0 (every double below 1 is below 1 − 1.1e-16, so only 1 itself is in the top bin).
 * Only occupied bins are stored, so the grid's size costs nothing per tile. Changing the
 * grid means a new summary version byte.
 */

export const SCORE_GRID_BINS = 131_072;
/** Logits beyond ±64 share the outer bins. */
export const SCORE_GRID_LOGIT_RANGE = 64;

const BINS_PER_LOGIT = SCORE_GRID_BINS / (2 * SCORE_GRID_LOGIT_RANGE);

/** Throws unless `score` is a probability: finite and within [0, 1]. */
export function assertProbability(score: number): void {
  if (!(score >= 0 && score <= 1)) throw new RangeError(`score must be within [0, 1], got ${score}`);
}

/** The grid bin of a score in [0, 1]. */
export function scoreBin(score: number): number {
  assertProbability(score);
  const logit = Math.log(score / (1 - score));
  const bin = Math.floor((logit + SCORE_GRID_LOGIT_RANGE) * BINS_PER_LOGIT);
  return Math.min(SCORE_GRID_BINS - 1, Math.max(0, bin));
}
