/**
 * Per-prediction terms of the binary proper scoring rules, summed exactly in tiles.
 * Log loss follows sklearn.metrics.log_loss (sklearn 1.2 and later): probabilities are
 * clipped to [eps, 1 − eps] with eps = np.finfo(float64).eps = 2.220446049250313e-16, so
 * a confidently wrong score of 0 or 1 costs −ln(eps) ≈ 36.04 instead of infinity.
 */

export const LOG_LOSS_EPS = Number.EPSILON;

/** −ln P(actual) under the clipped score. */
export function logLossTerm(actual: boolean, score: number): number {
  const p = Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, score));
  return -Math.log(actual ? p : 1 - p);
}

/** Squared difference between the outcome (1 or 0) and the score, as brier_score_loss. */
export function brierTerm(actual: boolean, score: number): number {
  const diff = (actual ? 1 : 0) - score;
  return diff * diff;
}
