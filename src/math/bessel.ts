// Modified Bessel functions of the first kind I0, I1 and their scaled forms
// I0e, I1e; accuracy in special-functions.ts.

import { SPECIAL_FUNCTION_THRESHOLDS } from './special-function-thresholds.js';
import { exactSquare } from './double-double.js';

const INV_SQRT_2PI = 0.39894228040143267794;
const BESSEL_SERIES_MAX = SPECIAL_FUNCTION_THRESHOLDS.besselSeriesMax;

// Modified Bessel functions I0, I1.
//
// |x| ≤ 22: power series Iν(x) = (x/2)^ν Σ_k q^k / (k!(k+ν)!), q = x²/4
//   (positive terms, nested evaluation). The rounding error δ of q would enter every term k
//   times (a systematic error of ≈ δ·x/2); it is removed by a first-order
//   correction q_lo·S'(q) with q_lo the exact rounding error of x²/4.
// |x| > 22: Hankel expansion
//   Iν(x) ≈ e^x/√(2πx) · Σ_k (−1)^k ∏_{j=1..k}(4ν² − (2j−1)²) / (k!·(8x)^k),
//   truncated at its smallest term (< 1e-19 relative for x > 22); the
//   exponentially small companion term ~e^{−2x} is below rounding there.
// For |x| > 709 the e^x factor is applied in two halves (I overflows at ≈ 713.9).

export function besselSeries(x: number, nu: 0 | 1): number {
  const [sh, sl] = exactSquare(x);
  const q = sh / 4;
  const qLo = sl / 4; // sh/4 is exact, so q + qLo = x²/4 to ~2⁻¹⁰⁶
  // S(q) = Σ_k q^k/(k!(k+ν)!) (times ν! = 1). A forward pass finds the number
  // of terms K and q·S'(q) = Σ k·term_k; S itself is then evaluated in nested
  // (Horner) form 1 + q/(1(1+ν))·(1 + q/(2(2+ν))·(1 + …)), which keeps the
  // rounding error at a few ulp independent of K.
  let term = 1;
  let sum = 1;
  let dsum = 0;
  let K = 0;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * (k + nu));
    sum += term;
    dsum += k * term;
    K = k;
    if (term < 1e-17 * sum) break;
  }
  let h = 1;
  for (let k = K; k >= 1; k--) h = 1 + (q / (k * (k + nu))) * h;
  // S(q + qLo) ≈ S(q) + (qLo/q)·q·S'(q)
  if (q !== 0) h += (qLo / q) * dsum;
  return nu === 0 ? h : (x / 2) * h;
}

/** Σ of the Hankel expansion (without the e^x/√(2πx) factor), x > 0. */
export function besselAsymptoticSum(x: number, nu: 0 | 1): number {
  const mu = 4 * nu * nu;
  let term = 1;
  let sum = 1;
  let prev = Infinity;
  for (let k = 1; k < 200; k++) {
    const next = term * (((2 * k - 1) * (2 * k - 1) - mu) / (8 * k * x));
    if (Math.abs(next) >= prev) break; // asymptotic series: stop at the smallest term
    prev = Math.abs(next);
    term = next;
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

function besselI(x: number, nu: 0 | 1, scaled: boolean): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  const sign = nu === 1 && x < 0 ? -1 : 1;
  if (a <= BESSEL_SERIES_MAX) {
    const v = besselSeries(a, nu);
    const r = scaled ? v * Math.exp(-a) : v;
    return nu === 1 && x === 0 ? x : sign * r; // I1(±0) = ±0
  }
  if (a === Infinity) return scaled ? 0 * sign : sign * Infinity;
  const s = besselAsymptoticSum(a, nu) * INV_SQRT_2PI / Math.sqrt(a);
  if (scaled) return sign * s;
  if (a < 700) return sign * Math.exp(a) * s;
  const h = Math.exp(a / 2);
  return sign * (h * s) * h;
}

/** Modified Bessel function of the first kind, order 0 (even). */
export function besselI0(x: number): number { return besselI(x, 0, false); }
/** Exponentially scaled I0: e^{−|x|}·I0(x). */
export function besselI0e(x: number): number { return besselI(x, 0, true); }
/** Modified Bessel function of the first kind, order 1 (odd). */
export function besselI1(x: number): number { return besselI(x, 1, false); }
/** Exponentially scaled I1: e^{−|x|}·I1(x) (odd). */
export function besselI1e(x: number): number { return besselI(x, 1, true); }

/** The Hankel expansion of I_ν(x) itself (unscaled), for the tests' overlap checks. */
export const besselAsymptotic = (x: number, nu: 0 | 1): number => besselAsymptoticSum(x, nu) * INV_SQRT_2PI / Math.sqrt(x) * Math.exp(x);
