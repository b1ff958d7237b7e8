/**
 * Exact drift inputs on raw arrays, written independently of src/stats/summaries
 * so the bench compares sketches with something they do not share code with.
 * (Stand-in until s1-drift's src/stats/drift/numerical.ts is merged.)
 */
export interface ExactInputs {
  ks: number;
  w1: number;
  refStd: number;
  edges: number[];
  refCounts: number[];
  winCounts: number[];
}

function sorted(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/** numpy.quantile(method="linear") on sorted data. */
function quantileSorted(s: Float64Array, q: number): number {
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

/** Number of sorted values < x. */
function countBelow(s: Float64Array, x: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function exactInputs(ref: Float64Array, win: Float64Array): ExactInputs {
  const a = sorted(ref);
  const b = sorted(win);
  // KS and W1 by one walk over the merged order, CDFs right-continuous as in SciPy.
  let i = 0;
  let j = 0;
  let ks = 0;
  let w1 = 0;
  while (i < a.length || j < b.length) {
    const x = Math.min(i < a.length ? a[i]! : Infinity, j < b.length ? b[j]! : Infinity);
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    const d = Math.abs(i / a.length - j / b.length);
    ks = Math.max(ks, d);
    const next = Math.min(i < a.length ? a[i]! : Infinity, j < b.length ? b[j]! : Infinity);
    if (next !== Infinity) w1 += d * (next - x);
  }
  let mean = 0;
  for (const v of a) mean += v;
  mean /= a.length;
  let ss = 0;
  for (const v of a) ss += (v - mean) ** 2;
  const edges: number[] = [];
  for (let d = 1; d <= 9; d++) {
    const e = quantileSorted(a, d / 10);
    if (edges.length === 0 || edges[edges.length - 1] !== e) edges.push(e);
  }
  const counts = (s: Float64Array): number[] => {
    const out: number[] = [];
    let prev = 0;
    for (const e of edges) {
      const c = countBelow(s, e);
      out.push(c - prev);
      prev = c;
    }
    out.push(s.length - prev);
    return out;
  };
  return { ks, w1, refStd: Math.sqrt(ss / a.length), edges, refCounts: counts(a), winCounts: counts(b) };
}
