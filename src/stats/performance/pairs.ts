/** Folds aligned arrays of actual and predicted values into a summary, pair by pair. */
export function foldPairs<A, P, S extends { add(actual: A, predicted: P): unknown }>(
  summary: S,
  actual: readonly A[],
  predicted: readonly P[],
): S {
  if (actual.length !== predicted.length) throw new RangeError('actual and predicted differ in length');
  actual.forEach((a, i) => summary.add(a, predicted[i]!));
  return summary;
}
