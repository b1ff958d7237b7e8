/**
 * The alarm budget: how many false drift alerts an operator accepts per model per 30 days,
 * spent evenly (Bonferroni) over every test that could page in that time
 * (docs/statistics.md#alarm-budget). A window evaluated every `every` seconds draws a fresh
 * sample every max(window, every) seconds, so over 30 days it makes 30 d / max(window, every)
 * independent tests of each verdict; overlapping evaluations of one window are one incident.
 */

import { logBinomialPmf } from './binomial-pmf.js';

export const DEFAULT_ALARM_BUDGET = 1;
export const BUDGET_PERIOD_SECONDS = 30 * 86_400;

export interface Schedule {
  /** Window length. */
  windowSeconds: number;
  /** How often it is evaluated. */
  everySeconds: number;
}

/** The service's default windows (5m, 1h, 24h) evaluated every minute. */
export const DEFAULT_SCHEDULES: readonly Schedule[] = [300, 3_600, 86_400].map((windowSeconds) => ({
  windowSeconds,
  everySeconds: 60,
}));

/** Independent tests of one verdict over the budget's period. */
export function testsPerPeriod(schedules: readonly Schedule[]): number {
  let tests = 0;
  for (const s of schedules) tests += BUDGET_PERIOD_SECONDS / Math.max(s.windowSeconds, s.everySeconds, 1);
  return tests;
}

/**
 * The level each verdict is tested at: the budget over (verdicts per evaluation × tests per
 * period), capped at 0.05 so that a generous budget never makes a single test laxer than usual.
 */
export function effectiveAlpha(budget: number, verdicts: number, schedules: readonly Schedule[]): number {
  if (!(budget > 0)) throw new RangeError(`the alarm budget must be positive (got ${budget})`);
  const tests = Math.max(1, verdicts) * Math.max(1, testsPerPeriod(schedules));
  return Math.min(MAX_ALPHA, budget / tests);
}

export const MAX_ALPHA = 0.05;

/**
 * The level at which a feature counts towards dataset drift: dataset drift is one verdict,
 * tested at `alpha`, and it needs ⌈threshold·F⌉ of F features to move at once. Taking the
 * features as independent, the count beyond noise at level a is Binomial(F, a); the level is
 * the largest a (at most MAX_ALPHA) with P(count ≥ ⌈threshold·F⌉) ≤ alpha. One feature gets
 * alpha itself; many features a looser level, since half of them must pass it together.
 */
export function datasetLevel(features: number, threshold: number, alpha: number): number {
  if (alpha >= 1) return 1;
  const needed = Math.max(1, Math.ceil(threshold * features - 1e-9));
  if (needed > features) return MAX_ALPHA;
  if (binomialTail(features, needed, MAX_ALPHA) <= alpha) return MAX_ALPHA;
  // P(count ≥ needed) ≤ features·a, so alpha / features is always low enough.
  let [low, high] = [Math.log(alpha / features), Math.log(MAX_ALPHA)];
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (binomialTail(features, needed, Math.exp(mid)) <= alpha) low = mid;
    else high = mid;
  }
  return Math.exp(low);
}

/** P(X ≥ k) for X ~ Binomial(n, p), 1 ≤ k ≤ n, 0 < p < 1. */
export function binomialTail(n: number, k: number, p: number): number {
  let sum = Math.exp(n * Math.log(p));
  for (let j = k; j < n; j++) sum += Math.exp(logBinomialPmf(j, n, n * p));
  return Math.min(1, sum);
}
