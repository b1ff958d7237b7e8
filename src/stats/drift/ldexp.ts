/** x · 2^e without overflowing 2^e itself (e may exceed the double exponent range). */
export function ldexp(x: number, e: number): number {
  let result = x;
  let rest = e;
  while (rest > 512) {
    result *= 2 ** 512;
    rest -= 512;
  }
  while (rest < -512) {
    result *= 2 ** -512;
    rest += 512;
  }
  return result * 2 ** rest;
}

/** Rescaling step for long products: multiplying by 2^±128 is exact. */
export const SCALE_EXPONENT = 128;
export const SCALE_UP = 2 ** SCALE_EXPONENT;
export const SCALE_DOWN = 2 ** -SCALE_EXPONENT;
