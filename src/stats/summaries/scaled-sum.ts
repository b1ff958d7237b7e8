/**
 * A sum that no finite term can overflow: terms come as x · 2^e and the total is kept as
 * `scaled` · 2^`exponent`. The exponent starts at 0 and rises only when a term would take the
 * scaled total past 2^960 (so that 2^53 such terms still fit), so a sum of ordinary terms is the
 * plain floating-point sum, bit for bit. Read-outs that leave the double range are ±Infinity.
 */
export class ScaledSum {
  scaled = 0;
  exponent = 0;

  /** Adds x · 2^e (x finite). */
  add(x: number, e = 0): this {
    if (x === 0) return this;
    const top = e + Math.floor(Math.log2(Math.abs(x)));
    if (top - this.exponent > HEADROOM) {
      const raised = top - HEADROOM;
      this.scaled = ldexp(this.scaled, this.exponent - raised);
      this.exponent = raised;
    }
    this.scaled += ldexp(x, e - this.exponent);
    return this;
  }

  merge(other: ScaledSum): this {
    return this.add(other.scaled, other.exponent);
  }

  /** The total; ±Infinity beyond the double range. */
  get value(): number {
    return ldexp(this.scaled, this.exponent);
  }

  /** The total divided by n (a mean), without passing through the total. */
  over(n: number): number {
    return ldexp(this.scaled / n, this.exponent);
  }

  /** √(total / n), for a root mean square. */
  sqrtOver(n: number): number {
    const odd = this.exponent % 2 !== 0;
    return ldexp(Math.sqrt((this.scaled * (odd ? 2 : 1)) / n), (this.exponent - (odd ? 1 : 0)) / 2);
  }

  /** The state as stored (a codec's job). */
  load(scaled: number, exponent: number): this {
    this.scaled = scaled;
    this.exponent = exponent;
    return this;
  }
}

const HEADROOM = 960;

/** x · 2^e in steps that cannot overflow or underflow on the way (only the result can). */
export function ldexp(x: number, e: number): number {
  let value = x;
  let rest = e;
  while (rest > 1000 && Number.isFinite(value) && value !== 0) {
    value *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000 && value !== 0) {
    value *= 2 ** -1000;
    rest += 1000;
  }
  return value * 2 ** rest;
}

/** x = m · 2^k with 1 ≤ |m| < 2 (x finite, not 0): for squaring or dividing huge values safely. */
export function splitPow2(x: number): { m: number; k: number } {
  let k = Math.floor(Math.log2(Math.abs(x)));
  let m = ldexp(x, -k);
  if (Math.abs(m) >= 2) {
    m /= 2;
    k += 1;
  } else if (Math.abs(m) < 1) {
    m *= 2;
    k -= 1;
  }
  return { m, k };
}
