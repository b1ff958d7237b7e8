/**
 * Exact P(D_n ≤ d) for the two-sided one-sample KS statistic, by the two algorithms that
 * Simard & L'Ecuyer (2011) select for small n·d²: Durbin's matrix (as evaluated by Marsaglia,
 * Tsang & Wang 2003) and Pomeranz's recursion (1974). Intermediate values are rescaled by
 * exact powers of two because n!/nⁿ and the matrix powers leave the double range.
 */
import { ldexp, SCALE_DOWN, SCALE_EXPONENT, SCALE_UP } from './ldexp.js';

/** Durbin: with d = (k − h)/n, P = n!/nⁿ · (Hⁿ)[k−1][k−1] for a (2k−1)² matrix H. */
export function durbinCdf(n: number, d: number): number {
  const k = Math.ceil(n * d);
  const h = k - n * d;
  const m = 2 * k - 1;
  const base = durbinMatrix(h, m);
  let power = identity(m);
  let square = base;
  let powerExp = 0;
  let squareExp = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) {
      power = multiply(power, square, m);
      powerExp += squareExp;
    }
    square = multiply(square, square, m);
    squareExp *= 2;
    if (Math.abs(square[(k - 1) * m + k - 1]!) > SCALE_UP) {
      for (let i = 0; i < square.length; i++) square[i]! *= SCALE_DOWN;
      squareExp += SCALE_EXPONENT;
    }
  }
  let p = power[(k - 1) * m + k - 1]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      powerExp -= SCALE_EXPONENT;
    }
  }
  return ldexp(p, powerExp);
}

/** H[i][j] = 1/(i−j+1)! below the superdiagonal, corrected in the first column and last row. */
function durbinMatrix(h: number, m: number): Float64Array {
  const inverseFactorial = [1];
  for (let j = 1; j <= m; j++) inverseFactorial.push(inverseFactorial[j - 1]! / j);
  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= Math.min(i + 1, m - 1); j++) H[i * m + j] = inverseFactorial[i - j + 1]!;
  }
  for (let i = 0; i < m; i++) {
    H[i * m] = (1 - h ** (i + 1)) * inverseFactorial[i + 1]!;
    H[(m - 1) * m + i] = (1 - h ** (m - i)) * inverseFactorial[m - i]!;
  }
  H[(m - 1) * m] = (1 - 2 * h ** m + Math.max(0, 2 * h - 1) ** m) * inverseFactorial[m]!;
  return H;
}

function identity(m: number): Float64Array {
  const I = new Float64Array(m * m);
  for (let i = 0; i < m; i++) I[i * m + i] = 1;
  return I;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l]!;
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) c[i * m + j]! += ail * b[l * m + j]!;
    }
  }
  return c;
}

/**
 * Pomeranz: the scaled sample (n·U₍ᵢ₎) must keep N(x) = #{points ≤ x} within
 * floor(x − t) + 1 ≤ N(x) ≤ ceil(x + t) − 1, t = n·d. The bounds change only at
 * x = j ± f (f the fractional part of t), so N is followed across the 2n + 2 breakpoints
 * 0, g, 1 − g, 1 + g, …, n − g, n (g = min(f, 1 − f)); the number of points in each
 * gap is Poisson-like with weight (gap/n)^r / r!, and P = n! · V(last row, n).
 */
export function pomeranzCdf(n: number, d: number): number {
  const t = n * d;
  const ell = Math.floor(t);
  const f = t - ell;
  const g = Math.min(f, 1 - f);
  const gapWeights = (gap: number): number[] => {
    const w = [1];
    for (let r = 1; r <= n; r++) w.push((w[r - 1]! * gap) / n / r);
    return w;
  };
  const weights = { edge: gapWeights(g), wide: gapWeights(1 - 2 * g), narrow: gapWeights(2 * g) };
  let row = new Float64Array(n + 1);
  row[0] = 1;
  let [lo, hi] = [0, 0];
  let exponent = 0;
  for (let i = 2; i <= 2 * n + 2; i++) {
    const point = breakpoint(i, n);
    const nextLo = Math.max(0, point.whole - ell + floorOffset(point.shift, f) + 1);
    const nextHi = Math.min(n, point.whole + ell + ceilOffset(point.shift, f) - 1);
    const w = i === 2 || i === 2 * n + 2 ? weights.edge : i % 2 === 1 ? weights.wide : weights.narrow;
    const next = new Float64Array(n + 1);
    let max = 0;
    for (let j = nextLo; j <= nextHi; j++) {
      let s = 0;
      for (let c = lo; c <= Math.min(j, hi); c++) s += row[c]! * w[j - c]!;
      next[j] = s;
      max = Math.max(max, s);
    }
    if (max > 0 && max < SCALE_DOWN) {
      for (let j = nextLo; j <= nextHi; j++) next[j]! *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
    [row, lo, hi] = [next, nextLo, nextHi];
  }
  let p = row[n]!;
  for (let r = 1; r <= n; r++) {
    if (Math.abs(p) > SCALE_UP) {
      p *= SCALE_DOWN;
      exponent += SCALE_EXPONENT;
    }
    p *= r;
  }
  return ldexp(p, exponent);
}

type Shift = 'none' | 'plusG' | 'minusG';

/** The i-th breakpoint (1-based) as whole + shift, shift ∈ {0, +g, −g}. */
function breakpoint(i: number, n: number): { whole: number; shift: Shift } {
  if (i === 1) return { whole: 0, shift: 'none' };
  if (i === 2 * n + 2) return { whole: n, shift: 'none' };
  return i % 2 === 0 ? { whole: i / 2 - 1, shift: 'plusG' } : { whole: (i - 1) / 2, shift: 'minusG' };
}

/** floor(shift − f), worked out exactly for each case so rounding cannot move a bound. */
function floorOffset(shift: Shift, f: number): number {
  if (f === 0) return 0;
  if (shift === 'plusG' && f <= 0.5) return 0; // g = f
  return -1;
}

/** ceil(shift + f), exactly. */
function ceilOffset(shift: Shift, f: number): number {
  if (f === 0) return 0;
  if (shift === 'minusG' && f <= 0.5) return 0; // g = f
  return 1;
}
