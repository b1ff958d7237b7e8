/**
 * Neumaier-compensated summation. Golden tests compare with numpy, whose pairwise sums are
 * close to exact; a naive running sum over 10⁵ terms would drift further than 1e-9 relative.
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}
