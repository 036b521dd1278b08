// The error function and its relatives (erf, erfc, erfcx) and inverses
// (erfinv, erfcinv); accuracy in special-functions.ts.

import { SPECIAL_FUNCTION_THRESHOLDS } from './special-function-thresholds.js';
import { exactSquare, expMinusSquare, expSquare } from './double-double.js';

const SQRT_PI = 1.7724538509055160273;
const HALF_SQRT_PI = 0.88622692545275801365;
const TWO_OVER_SQRT_PI = 1.1283791670955125739;
const ERF_SERIES_MAX = SPECIAL_FUNCTION_THRESHOLDS.erfSeriesMax;

// Error function.
//
// |x| ≤ 0.75: Maclaurin series erf(x) = (2/√π)·Σ_{n≥0} (−1)ⁿ x^{2n+1} / (n!(2n+1)),
//   summed from the smallest term (the terms never exceed |x| ≤ 1.2·(√π/2)|erf x|).
// x > 0.75: erfc(x) = (2x/√π)·e^{−x²}·K with the even contraction of
//   Laplace's continued fraction
//   K = 1/(2x²+1 − 1·2/(2x²+5 − 3·4/(2x²+9 − …))),
//   evaluated backward from depth 20 + 120/x² (≈ 230 at x = 0.75, 25 at x = 5).
//   erfcx(x) = e^{x²}·erfc(x) = (2x/√π)·K needs no exp.

const erfTerms = new Float64Array(64);

export function erfSeries(x: number): number {
  const t = x * x;
  let p = x;
  erfTerms[0] = x;
  let n = 1;
  for (; n < 63; n++) {
    p *= -t / n;
    const term = p / (2 * n + 1);
    erfTerms[n] = term;
    if (Math.abs(term) < 1e-18 * Math.abs(x)) break;
  }
  // add the small terms first
  let sum = 0;
  for (let i = Math.min(n, 62); i >= 0; i--) sum += erfTerms[i]!;
  return TWO_OVER_SQRT_PI * sum;
}

/**
 * erfcx(x) = (2x/√π)·K(x) for x ≥ ~0.5: the continued fraction evaluated backward
 * from a fixed depth (the forward Lentz product accumulates ~1e-15 of rounding
 * error over ~150 steps; the backward recurrence is stable). The depth
 * 20 + 120/x² is ≥ 1.3× what Lentz needs to converge to 2e-17 at every x ≥ 0.75.
 */
export function erfcxContinuedFraction(x: number): number {
  const t = 2 * x * x;
  const depth = 20 + Math.ceil(120 / (x * x));
  let v = 0;
  for (let n = depth; n >= 2; n--) v = (-(2 * n - 3) * (2 * n - 2)) / (t + (4 * n - 3) + v);
  return (TWO_OVER_SQRT_PI * x) / (t + 1 + v);
}

/** The error function erf(x) = (2/√π)∫₀ˣ e^{−t²} dt. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return x; // keeps −0
  const a = Math.abs(x);
  if (a <= ERF_SERIES_MAX) return erfSeries(x);
  if (a >= 6) return x > 0 ? 1 : -1; // erfc(6) ≈ 2.2e-17 < ulp(1)/2
  const r = 1 - erfcxContinuedFraction(a) * expMinusSquare(a);
  return x > 0 ? r : -r;
}

/** The complementary error function erfc(x) = 1 − erf(x), accurate relative to itself for large x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a <= ERF_SERIES_MAX) return 1 - erfSeries(x);
  let e: number;
  if (a > 27.3) e = 0; // below the smallest subnormal
  else e = erfcxContinuedFraction(a) * expMinusSquare(a);
  return x > 0 ? e : 2 - e;
}

/** The scaled complementary error function erfcx(x) = e^{x²}·erfc(x) (finite for all x ≥ −26.6). */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x > ERF_SERIES_MAX) {
    // for huge x the fraction is ≈ 1/(x√π); avoid overflow of 2x²
    if (x > 1e8) return 1 / (SQRT_PI * x) * (1 - 1 / (2 * x * x));
    return erfcxContinuedFraction(x);
  }
  if (x >= -ERF_SERIES_MAX) return expSquare(x) * (1 - erfSeries(x));
  // x < −0.75: e^{x²}(2 − erfc(|x|)) = 2e^{x²} − erfcx(|x|)
  return 2 * expSquare(x) - erfcxContinuedFraction(-x);
}

// ---------------------------------------------------------------------------
// Inverse error function.
//
// Start: Winitzki's closed form
//   x₀ = sqrt( sqrt(b² − ln(1−y²)/a) − b ),  b = 2/(πa) + ln(1−y²)/2,  a = 0.147,
// (relative error < 2e-3 everywhere), or (√π/2)(y + πy³/12) for small |y|.
// Then Halley's method (cubic convergence) on
//   erf(x) − y      when |y| ≤ 1/2,
//   erfc(x) − w     when |y| > 1/2, w = 1 − |y| (exact in floating point),
// so precision is kept near ±1 where erf(x) − y would cancel. With
// r = F(x)/F'(x) the Halley step for either equation is x ← x − r/(1 + x·r)
// (F''/F' = −2x for both). Halley's error recursion is e ← −(x²+1)/3·e³, so
// once a step is below 1e-9·x the remaining error is < x⁵·1e-27, below
// rounding for every x ≤ 27.3 (w ≥ 5e-324); that step ends the iteration.

function winitzki(w: number, onePlusY: number): number {
  // ln(1 − y²) = ln(w·(1+|y|)) computed from w = 1 − |y| without cancellation
  const a = 0.147;
  const l = Math.log(w) + Math.log(onePlusY);
  const b = 2 / (Math.PI * a) + l / 2;
  return Math.sqrt(Math.sqrt(b * b - l / a) - b);
}

/** Solve erfc(x) = w for w ∈ (0, 1/2]: x ≥ 0.476. */
function erfcinvSmall(w: number): number {
  let x = winitzki(w, 2 - w);
  for (let i = 0; i < 12; i++) {
    // r = (erfc(x) − w)/(−(2/√π)e^{−x²}) = −(√π/2)·erfcx(x)·(1 − w/erfc(x))
    let r: number;
    if (x > ERF_SERIES_MAX) {
      const ex = erfcxContinuedFraction(x);
      const e = ex * expMinusSquare(x);
      if (e > 1e-290) r = -HALF_SQRT_PI * ex * (1 - w / e);
      else {
        // subnormal w: compare logarithms, ln erfc(x) = ln erfcx(x) − x²
        const [sh, sl] = exactSquare(x);
        const d = Math.log(w) - Math.log(ex) + sh + sl;
        r = HALF_SQRT_PI * ex * Math.expm1(d);
      }
    } else {
      r = -HALF_SQRT_PI * expSquare(x) * (1 - erfSeries(x) - w);
    }
    const dx = r / (1 + x * r);
    x -= dx;
    if (Math.abs(dx) <= 1e-9 * x) break;
  }
  return x;
}

/** Solve erf(x) = y for y ∈ (0, 1/2]. */
function erfinvSmall(y: number): number {
  let x: number;
  if (y < 0.1) x = HALF_SQRT_PI * (y + (Math.PI / 12) * y * y * y);
  else x = winitzki(1 - y, 1 + y);
  for (let i = 0; i < 12; i++) {
    const r = HALF_SQRT_PI * expSquare(x) * (erfSeries(x) - y);
    const dx = r / (1 + x * r);
    x -= dx;
    if (Math.abs(dx) <= 1e-9 * x) break;
  }
  return x;
}

/**
 * The inverse error function: erf(erfinv(y)) = y for y ∈ (−1, 1); ±∞ at ±1,
 * NaN outside [−1, 1]. Near ±1 it solves erfc(x) = 1 − |y| (exact), so the
 * result is as accurate as the double y allows (|erfinv(y)| ≤ 5.87 for |y| < 1).
 */
export function erfinv(y: number): number {
  if (Number.isNaN(y) || y < -1 || y > 1) return NaN;
  if (y === 1) return Infinity;
  if (y === -1) return -Infinity;
  if (y === 0) return y;
  const a = Math.abs(y);
  const x = a <= SPECIAL_FUNCTION_THRESHOLDS.erfinvErfcMin ? erfinvSmall(a) : erfcinvSmall(1 - a);
  return y > 0 ? x : -x;
}

/**
 * The inverse complementary error function: erfc(erfcinv(w)) = w for w ∈ (0, 2);
 * +∞ at 0, −∞ at 2, NaN outside [0, 2]. Accurate for subnormal w as well.
 */
export function erfcinv(w: number): number {
  if (Number.isNaN(w) || w < 0 || w > 2) return NaN;
  if (w === 0) return Infinity;
  if (w === 2) return -Infinity;
  if (w <= 0.5) return erfcinvSmall(w);
  if (w >= 1.5) return -erfcinvSmall(2 - w); // 2 − w exact
  return erfinv(1 - w); // 1 − w exact for w ∈ [0.5, 1.5]
}
