/**
 * A merging t-digest (Dunning & Ertl 2019, "Computing extremely accurate quantiles
 * using t-digests"), arcsine scale function k1, written for this comparison only:
 * no maintained TypeScript merging t-digest exists on npm (the `tdigest` package is
 * the older AVL-tree variant).
 */
export class MergingDigest {
  means: number[] = [];
  weights: number[] = [];
  total = 0;
  min = Infinity;
  max = -Infinity;
  private bufferMeans: number[] = [];
  private bufferWeights: number[] = [];

  constructor(readonly compression: number) {}

  add(x: number, w = 1): void {
    this.bufferMeans.push(x);
    this.bufferWeights.push(w);
    this.min = Math.min(this.min, x);
    this.max = Math.max(this.max, x);
    if (this.bufferMeans.length >= 5 * this.compression) this.compress();
  }

  merge(other: MergingDigest): void {
    other.compress();
    for (let i = 0; i < other.means.length; i++) {
      this.bufferMeans.push(other.means[i]!);
      this.bufferWeights.push(other.weights[i]!);
    }
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.compress();
  }

  compress(): void {
    if (this.bufferMeans.length === 0) return;
    const m = [...this.means, ...this.bufferMeans];
    const w = [...this.weights, ...this.bufferWeights];
    this.bufferMeans = [];
    this.bufferWeights = [];
    const order = m.map((_, i) => i).sort((a, b) => m[a]! - m[b]!);
    const total = w.reduce((s, x) => s + x, 0);
    const k = (q: number): number =>
      (this.compression / (2 * Math.PI)) * Math.asin(2 * Math.min(1, Math.max(0, q)) - 1);
    const outM: number[] = [];
    const outW: number[] = [];
    let curM = m[order[0]!]!;
    let curW = w[order[0]!]!;
    let before = 0;
    for (let j = 1; j < order.length; j++) {
      const i = order[j]!;
      const proposed = curW + w[i]!;
      if (k((before + proposed) / total) - k(before / total) <= 1) {
        curM += ((m[i]! - curM) * w[i]!) / proposed;
        curW = proposed;
      } else {
        outM.push(curM);
        outW.push(curW);
        before += curW;
        curM = m[i]!;
        curW = w[i]!;
      }
    }
    outM.push(curM);
    outW.push(curW);
    this.means = outM;
    this.weights = outW;
    this.total = total;
  }

  /** Quantile by interpolating between centroid centres, min and max at the ends. */
  quantile(q: number): number {
    this.compress();
    const n = this.total;
    const target = q * n;
    const xs: number[] = [this.min];
    const cs: number[] = [0];
    let cum = 0;
    for (let i = 0; i < this.means.length; i++) {
      const w = this.weights[i]!;
      xs.push(this.means[i]!);
      cs.push(cum + w / 2);
      cum += w;
    }
    xs.push(this.max);
    cs.push(n);
    let lo = 0;
    let hi = cs.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (cs[mid]! <= target) lo = mid;
      else hi = mid;
    }
    const span = cs[hi]! - cs[lo]!;
    return span === 0 ? xs[lo]! : xs[lo]! + ((target - cs[lo]!) / span) * (xs[hi]! - xs[lo]!);
  }
}
