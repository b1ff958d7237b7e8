import { z } from 'zod';

/**
 * The JSON of performance results: the contract of the report's "performance" section and
 * of the HTTP performance endpoint. A metric is null where it is undefined for the data
 * (see src/stats/performance/README.md for each case).
 */

const metric = (description: string) => z.number().nullable().describe(description);

export const binaryMetricsSchema = z.object({
  accuracy: metric('share of labelled predictions whose class was right'),
  precision: metric('tp / (tp + fp) for the positive class; null without predicted positives'),
  recall: metric('tp / (tp + fn) for the positive class; null without actual positives'),
  f1: metric('2tp / (2tp + fp + fn); null when tp + fp + fn = 0'),
  rocAuc: metric('ROC AUC of the score; null unless both classes occur among scored pairs'),
  logLoss: metric('mean log loss, scores clipped to [eps, 1 - eps] as sklearn.metrics.log_loss'),
  brier: metric('mean squared difference between outcome (0/1) and score'),
  ece: metric('expected calibration error over 10 equal-width score bins'),
});

export const multiclassMetricsSchema = z.object({
  accuracy: metric('share of labelled predictions whose class was right'),
  macroF1: metric('unweighted mean of per-class F1 over classes seen as actual or predicted'),
  microF1: metric('F1 of the pooled counts (equals accuracy for single-label data)'),
  macroPrecision: metric('unweighted mean of per-class precision (0 for a class never predicted)'),
  macroRecall: metric('unweighted mean of per-class recall (0 for a class never actual)'),
});

export const regressionMetricsSchema = z.object({
  mae: metric('mean absolute error'),
  rmse: metric('root mean squared error'),
  mape: metric('mean of |pred - actual| / max(|actual|, 2.22e-16), a fraction, not percent'),
  r2: metric('coefficient of determination; null with fewer than 2 pairs or constant actuals'),
  meanError: metric('mean(pred - actual): positive when the model over-predicts'),
  medianAbsoluteError: metric(
    'median |pred - actual| (sklearn median_absolute_error); from tiles, exact up to 1024 distinct errors',
  ),
  p90AbsoluteError: metric('90th percentile of |pred - actual| (numpy linear interpolation)'),
});

const interval = z
  .object({
    low: z.number(),
    high: z.number(),
    standardError: z.number().nonnegative().describe('the estimate’s standard error (normal approximation)'),
  })
  .nullable();

const intervals = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({ confidence: z.number().min(0).max(1).describe('0.95'), ...shape })
    .optional()
    .describe(
      'confidence intervals (docs/statistics.md#uncertainty-of-performance); absent in evaluations stored before them',
    );

const labelled = z.int().nonnegative().describe('labelled predictions (outcome matched)');
const coverage = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .describe('labelled / all predictions; null without predictions');

export const realizedPerformanceSchema = z.discriminatedUnion('task', [
  z.object({
    task: z.literal('binary_classification'),
    labelled,
    coverage,
    metrics: binaryMetricsSchema,
    intervals: intervals({
      accuracy: interval.describe('Wilson'),
      precision: interval.describe('Wilson'),
      recall: interval.describe('Wilson'),
      rocAuc: interval.describe('DeLong'),
    }),
  }),
  z.object({
    task: z.literal('multiclass_classification'),
    labelled,
    coverage,
    metrics: multiclassMetricsSchema,
    intervals: intervals({ accuracy: interval.describe('Wilson') }),
  }),
  z.object({
    task: z.literal('regression'),
    labelled,
    coverage,
    metrics: regressionMetricsSchema,
    intervals: intervals({ mae: interval.describe('normal: mae ± z·sd(|error|)/√n') }),
  }),
]);

export const estimatedMetricsSchema = z.object({
  accuracy: metric('expected accuracy'),
  precision: metric('expected tp / expected predicted positives'),
  recall: metric('expected tp / expected actual positives'),
  f1: metric('F1 of the expected confusion matrix'),
  rocAuc: metric('ROC AUC with each prediction positive with its calibrated probability'),
});

export const estimatedPerformanceSchema = z.object({
  method: z.literal('cbpe'),
  predictions: z.int().nonnegative().describe('predictions with a score the estimate is over'),
  calibration: z.enum(['isotonic', 'identity']).describe('how scores were turned into probabilities'),
  metrics: estimatedMetricsSchema,
  intervals: intervals({
    accuracy: interval.describe(
      'sampling error: ± z·√(Σ p(1 − p))/n, p each prediction’s calibrated probability',
    ),
  }),
});

export type BinaryMetrics = z.infer<typeof binaryMetricsSchema>;
export type MulticlassMetrics = z.infer<typeof multiclassMetricsSchema>;
export type RegressionMetrics = z.infer<typeof regressionMetricsSchema>;
export type RealizedPerformance = z.infer<typeof realizedPerformanceSchema>;
export type EstimatedMetrics = z.infer<typeof estimatedMetricsSchema>;
export type EstimatedPerformance = z.infer<typeof estimatedPerformanceSchema>;
