import { z } from 'zod';
import { rocAuc } from '../performance/roc-auc.js';
import { assertProbability } from '../performance/score-grid.js';
import { CALIBRATION_FOLDS, equalCountEce, stratifiedFolds } from './calibration-check.js';
import { fitIsotonic, predictIsotonic } from './isotonic.js';

/** How scores become probabilities: stored with the reference, applied to every window. */
export const cbpeCalibrationSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('identity') }),
  z.object({
    method: z.literal('isotonic'),
    x: z.array(z.number().min(0).max(1)).min(1).describe('score at each knot, increasing'),
    y: z
      .array(z.number().min(0).max(1))
      .min(1)
      .describe('calibrated probability at each knot, non-decreasing'),
  }),
]);
export type CbpeCalibration = z.infer<typeof cbpeCalibrationSchema>;

/** Why the calibration is what it is, for the reference's record. */
export interface CbpeFit {
  calibration: CbpeCalibration;
  /** 'ece' when the cross-validated check ran; otherwise why it did not. */
  decidedBy: 'ece' | 'single_class' | 'separable' | 'too_few_rows';
  /** NannyML-style ECE of the raw and of the out-of-fold calibrated scores, when checked. */
  eceBefore: number | null;
  eceAfter: number | null;
}

/** NannyML skips calibration when the reference scores already separate the classes. */
const SEPARABLE_AUC = 0.999;
/** Fewer rows than this cannot be split into two equal-count ECE bins per check. */
const MIN_ROWS = 4;

/**
 * Fits CBPE's calibration on a labelled reference: isotonic regression of the outcome on
 * the score, used only when it lowers the calibration error (see calibration-check.ts).
 */
export function fitCbpe(scores: readonly number[], actual: readonly boolean[]): CbpeFit {
  if (scores.length !== actual.length) throw new RangeError('scores and actual differ in length');
  scores.forEach(assertProbability);
  const identity = (decidedBy: CbpeFit['decidedBy']): CbpeFit => ({
    calibration: { method: 'identity' },
    decidedBy,
    eceBefore: null,
    eceAfter: null,
  });
  if (scores.length < MIN_ROWS) return identity('too_few_rows');
  const auc = rocAuc(actual, scores);
  if (auc === null) return identity('single_class');
  if (auc > SEPARABLE_AUC) return identity('separable');

  const outcome = actual.map((a) => (a ? 1 : 0));
  const folds = stratifiedFolds(actual, CALIBRATION_FOLDS);
  const outOfFold = new Array<number>(scores.length);
  for (let k = 0; k < CALIBRATION_FOLDS; k++) {
    const train = scores.flatMap((_, i) => (folds[i] === k ? [] : [i]));
    if (train.length === scores.length) continue;
    const fit = fitIsotonic(
      train.map((i) => scores[i]!),
      train.map((i) => outcome[i]!),
    );
    scores.forEach((s, i) => {
      if (folds[i] === k) outOfFold[i] = predictIsotonic(fit, s);
    });
  }
  const eceBefore = equalCountEce(actual, scores);
  const eceAfter = equalCountEce(actual, outOfFold);
  const calibration: CbpeCalibration =
    eceBefore > eceAfter ? { method: 'isotonic', ...fitIsotonic(scores, outcome) } : { method: 'identity' };
  return { calibration, decidedBy: 'ece', eceBefore, eceAfter };
}

/** The calibrated probability of the positive class for a score. */
export function calibrate(calibration: CbpeCalibration, score: number): number {
  return calibration.method === 'isotonic' ? predictIsotonic(calibration, score) : score;
}
