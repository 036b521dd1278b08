// Double-double helpers for the special functions: exact squares (Dekker's
// split), e^(±x²) without the error of rounding x², and sin/cos of π/2 times a
// double-double with exact argument reduction; sinPi.

// Error-free transformations (Dekker): x = hi + lo with hi holding ≤ 26 bits,
// so hi·hi is exact and x² = hi² + (2·hi·lo + lo²) to ~2⁻¹⁰⁶ relative.

const SPLITTER = 134217729; // 2^27 + 1

/** x² as an unevaluated sum [hi, lo] (for |x| < 1e150). */
export function exactSquare(x: number): [number, number] {
  const c = SPLITTER * x;
  const xh = c - (c - x);
  const xl = x - xh;
  const hi = x * x;
  const lo = xh * xh - hi + 2 * xh * xl + xl * xl;
  return [hi, lo];
}

/** e^{−x²} with the rounding error of x² removed (≈ 1–2 ulp instead of x²·ulp). */
export function expMinusSquare(x: number): number {
  const c = SPLITTER * x;
  const xh = c - (c - x);
  const xl = x - xh;
  // xh·xh is exact; the remainder is tiny relative to 1
  return Math.exp(-xh * xh) * Math.exp(-(2 * xh * xl + xl * xl));
}

/** e^{+x²}, same construction. */
export function expSquare(x: number): number {
  const c = SPLITTER * x;
  const xh = c - (c - x);
  const xl = x - xh;
  return Math.exp(xh * xh) * Math.exp(2 * xh * xl + xl * xl);
}

// sin and cos of (π/2)·(hi + lo), reducing hi mod 4 exactly so that a large
// argument keeps its full precision (hi + lo is a double-double, e.g. z²).
export function sinCosHalfPi(hi: number, lo: number): [number, number] {
  let r = hi % 4; // exact
  const n = Math.round(r);
  r = r - n + lo; // r − n is exact; |r| ≤ 1/2 + |lo|
  const a = (Math.PI / 2) * r;
  const s = Math.sin(a);
  const c = Math.cos(a);
  switch (((n % 4) + 4) % 4) {
    case 0: return [s, c];
    case 1: return [c, -s];
    case 2: return [-s, -c];
    default: return [-c, s];
  }
}

/** sin(πx) with exact argument reduction: 0 at every integer, exact ±1 at half-integers. */
export function sinPi(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (x === 0) return x;
  if (Math.abs(x) >= 4503599627370496) return 0; // ≥ 2⁵²: an integer
  const s = sinCosHalfPi(2 * x, 0)[0];
  return s === 0 ? 0 : s;
}
