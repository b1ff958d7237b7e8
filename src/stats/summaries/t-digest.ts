/**
 * A merging t-digest (Dunning & Ertl 2019, "Computing extremely accurate quantiles
 * using t-digests") with the arcsine scale function k1(q) = δ/(2π)·asin(2q − 1):
 * centroids are small near both tails and at most π/δ of the mass near the median.
 *
 * Why a t-digest and not KLL (docs/adr/0001-quantile-sketch.md): each centroid
 * keeps the exact mean of the values it absorbed, so Wasserstein distances, which
 * weigh rank errors by distance, stay accurate on heavy tails where a uniform-rank
 * sketch of the same size is not.
 */
/** Pending values are folded in once there are this many times δ of them. */
const BUFFER_FACTOR = 8;

export class TDigest {
  /** Centroid means, ascending once compressed. */
  means: number[] = [];
  /** Centroid weights (value counts), integers. */
  weights: number[] = [];
  min = Infinity;
  max = -Infinity;
  private total = 0;
  // Values of weight 1 (the common case) are sorted natively; weighted ones are few.
  private pendingOnes: number[] = [];
  private pendingMeans: number[] = [];
  private pendingWeights: number[] = [];

  constructor(readonly compression: number) {}

  /** Total weight, pending values included. */
  get count(): number {
    let pendingWeight = this.pendingOnes.length;
    for (const w of this.pendingWeights) pendingWeight += w;
    return this.total + pendingWeight;
  }

  add(value: number, weight = 1): void {
    if (weight === 1) this.pendingOnes.push(value);
    else {
      this.pendingMeans.push(value);
      this.pendingWeights.push(weight);
    }
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.pendingOnes.length + this.pendingMeans.length >= BUFFER_FACTOR * this.compression)
      this.compress();
  }

  merge(other: TDigest): void {
    other.compress();
    for (let i = 0; i < other.means.length; i++) this.add(other.means[i]!, other.weights[i]!);
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    this.compress();
  }

  /**
   * Merges a batch of digests with one compression instead of one per digest: their centroids
   * wait together, as ascending runs that compress() merges rather than sorts. The result can
   * differ from merging one by one (centroids form over other boundaries); both are t-digests of
   * the same values with the same size bound.
   */
  mergeAll(others: readonly TDigest[]): void {
    for (const other of others) {
      other.compress();
      for (let i = 0; i < other.means.length; i++) {
        this.pendingMeans.push(other.means[i]!);
        this.pendingWeights.push(other.weights[i]!);
      }
      if (other.min < this.min) this.min = other.min;
      if (other.max > this.max) this.max = other.max;
    }
    this.compress();
  }

  /** Restores a compressed state (validated by the caller). */
  load(means: number[], weights: number[], min: number, max: number): void {
    this.means = means;
    this.weights = weights;
    this.min = min;
    this.max = max;
    this.total = weights.reduce((s, w) => s + w, 0);
    this.pendingOnes = [];
    this.pendingMeans = [];
    this.pendingWeights = [];
  }

  /** Folds pending values into the centroids: one sorted sweep, merging while k1 allows. */
  compress(): void {
    if (this.pendingOnes.length === 0 && this.pendingMeans.length === 0) return;
    const ones = new Float64Array(this.pendingOnes).sort();
    // Centroids are already sorted; only weighted pending items force a re-sort.
    const [means, weights] =
      this.pendingMeans.length === 0
        ? [this.means, this.weights]
        : sortedPairs([...this.means, ...this.pendingMeans], [...this.weights, ...this.pendingWeights]);
    this.pendingOnes = [];
    this.pendingMeans = [];
    this.pendingWeights = [];
    let total = ones.length;
    for (let j = 0; j < weights.length; j++) total += weights[j]!;
    const outMeans: number[] = [];
    const outWeights: number[] = [];
    let before = 0;
    let mean = 0;
    let weight = 0;
    let limit = 0;
    // Two-pointer walk over the sorted ones and the sorted weighted items.
    for (let i = 0, j = 0; i < ones.length || j < means.length;) {
      const takeOne = j >= means.length || (i < ones.length && ones[i]! < means[j]!);
      const m = takeOne ? ones[i++]! : means[j]!;
      const w = takeOne ? 1 : weights[j++]!;
      if (weight > 0 && weight + w <= limit) {
        weight += w;
        const step = ((m - mean) * w) / weight;
        // Centroids ±1.7e308 apart overflow m − mean; halved (exactly) they cannot.
        mean += Number.isFinite(step) ? step : (m / 2 - mean / 2) * (w / weight) * 2;
        continue;
      }
      if (weight > 0) {
        outMeans.push(mean);
        outWeights.push(weight);
        before += weight;
      }
      mean = m;
      weight = w;
      limit = this.weightLimit(before, total);
    }
    outMeans.push(mean);
    outWeights.push(weight);
    this.means = outMeans;
    this.weights = outWeights;
    this.total = total;
  }

  /**
   * The quantile function's knots: ranks[i] ↦ xs[i], linear in between. A centroid
   * of weight w spans w ranks with its mean at the middle; min and max are the ends.
   */
  knots(): { ranks: number[]; xs: number[] } {
    this.compress();
    const ranks = [0];
    const xs = [this.min];
    let cumulative = 0;
    for (let i = 0; i < this.means.length; i++) {
      ranks.push(cumulative + this.weights[i]! / 2);
      xs.push(this.means[i]!);
      cumulative += this.weights[i]!;
    }
    ranks.push(cumulative);
    xs.push(this.max);
    return { ranks, xs };
  }

  /** Largest weight a centroid starting after `before` of `total` may reach: k1 grows by at most 1. */
  private weightLimit(before: number, total: number): number {
    const q0 = before / total;
    const k0 = (this.compression / (2 * Math.PI)) * Math.asin(2 * q0 - 1);
    const k1 = k0 + 1;
    const q1 = k1 >= this.compression / 4 ? 1 : (Math.sin((2 * Math.PI * k1) / this.compression) + 1) / 2;
    return Math.max(1, q1 * total - before);
  }
}

/**
 * (means, weights) reordered by ascending mean, stably (ties keep their order): a bottom-up merge
 * of the ascending runs they hold, which is how centroids of merged digests wait. Takes fresh
 * arrays and may reorder them in place.
 */
function sortedPairs(means: number[], weights: number[]): [number[], number[]] {
  const n = means.length;
  let bounds = [0];
  for (let i = 1; i < n; i++) if (means[i]! < means[i - 1]!) bounds.push(i);
  bounds.push(n);
  let [m, w] = [means, weights];
  let [mOut, wOut] = [means.slice(), weights.slice()];
  while (bounds.length > 2) {
    const next = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const [lo, mid] = [bounds[r]!, bounds[r + 1]!];
      const hi = bounds[r + 2] ?? mid;
      let [i, j, k] = [lo, mid, lo];
      while (i < mid || j < hi) {
        const from = j >= hi || (i < mid && !(m[j]! < m[i]!)) ? i++ : j++;
        mOut[k] = m[from]!;
        wOut[k++] = w[from]!;
      }
      next.push(hi);
    }
    [m, mOut, w, wOut] = [mOut, m, wOut, w];
    bounds = next;
  }
  return [m, w];
}
