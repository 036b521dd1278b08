// Chebyshev polynomials on [−1, 1]: the Chebyshev–Lobatto points, the
// values ↔ coefficients transforms (a DCT-I through one complex FFT of length
// 2N), and Clenshaw evaluation. Coefficient vectors c have length N+1 and mean
// u(x) = Σ_{k=0..N} c_k·T_k(x).

import { KanntkError } from '../../errors.js';
import { fft } from './fft.js';

/** The N+1 Chebyshev–Lobatto points x_j = cos(jπ/N), j = 0..N (descending from 1 to −1). */
export function chebyshevPoints(n: number): Float64Array {
  const x = new Float64Array(n + 1);
  // sin form: exactly antisymmetric and exactly 0 in the middle
  for (let j = 0; j <= n; j++) x[j] = Math.sin((Math.PI * (n - 2 * j)) / (2 * n));
  return x;
}

/** The DCT-I: Y_k = y_0 + (−1)^k·y_N + 2·Σ_{j=1}^{N−1} y_j·cos(πjk/N), k = 0..N. */
function dct1(y: Float64Array): Float64Array {
  const n = y.length - 1;
  if (n < 1 || (n & (n - 1)) !== 0) throw new KanntkError(`chebyshev: degree ${n} is not a power of two`);
  const re = new Float64Array(2 * n), im = new Float64Array(2 * n);
  for (let j = 0; j <= n; j++) re[j] = y[j];
  for (let j = 1; j < n; j++) re[2 * n - j] = y[j];
  fft(re, im);
  return re.subarray(0, n + 1);
}

/** Chebyshev coefficients (length N+1) of the interpolant through values at chebyshevPoints(N); N a power of two. */
export function valuesToCoefficients(values: Float64Array): Float64Array {
  const n = values.length - 1;
  const c = Float64Array.from(dct1(values));
  for (let k = 0; k <= n; k++) c[k] /= n;
  c[0] /= 2;
  c[n] /= 2;
  return c;
}

/** Values at chebyshevPoints(N) of Σ c_k·T_k; the inverse of valuesToCoefficients. */
export function coefficientsToValues(c: Float64Array): Float64Array {
  const n = c.length - 1;
  const y = new Float64Array(n + 1);
  y[0] = c[0];
  y[n] = c[n];
  for (let k = 1; k < n; k++) y[k] = c[k] / 2;
  return Float64Array.from(dct1(y));
}

/** Σ_k c_k·T_k(x) by Clenshaw's recurrence (backward-stable for x ∈ [−1, 1]). */
export function chebyshevEvaluate(c: ArrayLike<number>, x: number): number {
  let b1 = 0, b2 = 0;
  const x2 = 2 * x;
  for (let k = c.length - 1; k >= 1; k--) {
    const b0 = c[k] + x2 * b1 - b2;
    b2 = b1;
    b1 = b0;
  }
  return c[0] + x * b1 - b2;
}
