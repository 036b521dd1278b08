// Special functions needed by the research benchmark functions f1…f5
// (./benchmark-functions.ts), in plain float64 TypeScript, written from the
// mathematics (series, continued fractions, asymptotic expansions):
//
//   erf, erfc, erfcx   error functions
//   erfinv, erfcinv    their inverses (initial guess + Halley steps)
//   besselI0/I0e, besselI1/I1e   modified Bessel functions of the first kind
//   fresnelS, fresnelC, fresnel  Fresnel integrals ∫₀^z sin/cos(πt²/2) dt
//   sinPi                sin(πx) with exact argument reduction
//
// Accuracy, measured against mpmath at 50 digits (relative error, normal
// results; subnormal results carry their absolute quantisation error):
//   erf               ≤ 2.1e-16 for all x
//   erfc, erfcx       ≤ 5e-16 (erfc until it underflows at x ≈ 26.5; erfcx finite for x ≥ −26.6)
//   erfinv            ≤ 3.1e-16 on (−1, 1), including 1 − |y| = 2⁻⁵³: near ±1 it
//                     solves erfc(x) = 1 − |y| (exact), so it is as accurate as the double y allows
//   erfcinv           ≤ 3.2e-16 for w ∈ (0, 2), subnormal w included
//   I0, I1, I0e, I1e  ≤ 3.1e-16 for |x| ≤ 1.2 (the study's range), ≤ 8e-16 for
//                     |x| ≤ 50 and up to |x| = 713 (I0, I1 overflow beyond ≈ 713.9;
//                     the scaled ones are finite for all x)
//   Fresnel S, C      ≤ 5.6e-16 for 1e-100 ≤ |z| ≤ 1e12 (S underflows for |z| ≲ 1e-103);
//                     S(±∞) = C(±∞) = ±1/2, and ±1/2 for |z| > 1e17 (1/(πz) < ulp/2)
//   sinPi             ≤ 2.2e-16, exactly 0 at integers and ±1 at half-integers
// (sweeps of several thousand points each, including both sides of every switch point).
//
// Branch points are exported in SPECIAL_FUNCTION_THRESHOLDS so the tests can
// check continuity across them.

const SQRT_PI = 1.7724538509055160273;
const HALF_SQRT_PI = 0.88622692545275801365;
const TWO_OVER_SQRT_PI = 1.1283791670955125739;
const INV_SQRT_2PI = 0.39894228040143267794;

/** Where each function switches between its evaluation methods. */
export const SPECIAL_FUNCTION_THRESHOLDS = Object.freeze({
  /** erf/erfc: |x| below → power series for erf; above → continued fraction for erfc */
  erfSeriesMax: 0.75,
  /** erfinv: |y| below → Halley on erf; above → Halley on erfc(x) = 1 − |y| */
  erfinvErfcMin: 0.5,
  /** I0, I1: |x| below → power series; above → Hankel asymptotic expansion */
  besselSeriesMax: 22,
  /** Fresnel: |z| below → power series */
  fresnelSeriesMax: 1.25,
  /** Fresnel: |z| above → asymptotic auxiliary functions f, g; between → continued fraction */
  fresnelAsymptoticMin: 6,
});

const ERF_SERIES_MAX = SPECIAL_FUNCTION_THRESHOLDS.erfSeriesMax;
const BESSEL_SERIES_MAX = SPECIAL_FUNCTION_THRESHOLDS.besselSeriesMax;
const FRESNEL_SERIES_MAX = SPECIAL_FUNCTION_THRESHOLDS.fresnelSeriesMax;
const FRESNEL_ASYMPTOTIC_MIN = SPECIAL_FUNCTION_THRESHOLDS.fresnelAsymptoticMin;

// ---------------------------------------------------------------------------
// Error-free transformations (Dekker): x = hi + lo with hi holding ≤ 26 bits,
// so hi·hi is exact and x² = hi² + (2·hi·lo + lo²) to ~2⁻¹⁰⁶ relative.

const SPLITTER = 134217729; // 2^27 + 1

/** x² as an unevaluated sum [hi, lo] (for |x| < 1e150). */
function exactSquare(x: number): [number, number] {
  const c = SPLITTER * x;
  const xh = c - (c - x);
  const xl = x - xh;
  const hi = x * x;
  const lo = xh * xh - hi + 2 * xh * xl + xl * xl;
  return [hi, lo];
}

/** e^{−x²} with the rounding error of x² removed (≈ 1–2 ulp instead of x²·ulp). */
function expMinusSquare(x: number): number {
  const c = SPLITTER * x;
  const xh = c - (c - x);
  const xl = x - xh;
  // xh·xh is exact; the remainder is tiny relative to 1
  return Math.exp(-xh * xh) * Math.exp(-(2 * xh * xl + xl * xl));
}

/** e^{+x²}, same construction. */
function expSquare(x: number): number {
  const c = SPLITTER * x;
  const xh = c - (c - x);
  const xl = x - xh;
  return Math.exp(xh * xh) * Math.exp(2 * xh * xl + xl * xl);
}

// sin and cos of (π/2)·(hi + lo), reducing hi mod 4 exactly so that a large
// argument keeps its full precision (hi + lo is a double-double, e.g. z²).
function sinCosHalfPi(hi: number, lo: number): [number, number] {
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

// ---------------------------------------------------------------------------
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

function erfSeries(x: number): number {
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
function erfcxContinuedFraction(x: number): number {
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

// ---------------------------------------------------------------------------
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

function besselSeries(x: number, nu: 0 | 1): number {
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
function besselAsymptoticSum(x: number, nu: 0 | 1): number {
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

// ---------------------------------------------------------------------------
// Fresnel integrals S(z) = ∫₀^z sin(πt²/2)dt, C(z) = ∫₀^z cos(πt²/2)dt (odd).
//
// |z| ≤ 1.25: power series C + iS = z·Σ_m (iu)^m / (m!(2m+1)), u = πz²/2.
//   The alternating terms grow to ~e^u/√u at most, costing < 1 digit here.
// |z| > 1.25: auxiliary functions f, g with
//   C = 1/2 + f·sin(θ) − g·cos(θ),  S = 1/2 − f·cos(θ) − g·sin(θ),  θ = πz²/2,
//   where g + i·f = z·J(u) and (from C + iS = (1+i)/2·erf((√π/2)(1−i)z) and
//   Laplace's continued fraction for erfc, even contraction)
//   J = 1/(1 − 2iu − 1·2/(5 − 2iu − 3·4/(9 − 2iu − …)))
//   evaluated backward in complex arithmetic for 1.25 < |z| ≤ 6,
//   and the asymptotic series for |z| > 6 (v = πz²):
//   f ≈ 1/(πz) · Σ_m (−1)^m·1·3⋯(4m−1) / v^{2m},
//   g ≈ 1/(πzv) · Σ_m (−1)^m·1·3⋯(4m+1) / v^{2m},
//   truncated at the smallest term (< e^{−v/2} ≲ 1e-24 relative at z = 6).
// θ is reduced exactly: z² is formed as a double-double and reduced mod 4 in
// units of π/2, so sin θ and cos θ are accurate even for z ~ 1e6 (θ ~ 1.6e12).

function fresnelSeries(z: number): [number, number] {
  const u = (Math.PI / 2) * z * z;
  // p_m = u^m/m!; C collects m even with sign (−1)^{m/2}, S m odd with (−1)^{(m−1)/2}
  let p = 1;
  let c = 1;
  let s = 0;
  for (let m = 1; m < 100; m++) {
    p *= u / m;
    const t = p / (2 * m + 1);
    switch (m & 3) {
      case 0: c += t; break;
      case 1: s += t; break;
      case 2: c -= t; break;
      default: s -= t;
    }
    if (t < 1e-18) break;
  }
  return [z * s, z * c];
}

/**
 * [f, g] by the continued fraction, z > 0, evaluated backward (stable) from
 * depth 10 + 300/u, ≥ 1.4× the depth needed for 1e-17 at every z ≥ 1.
 */
function fresnelAuxContinuedFraction(z: number): [number, number] {
  const u = (Math.PI / 2) * z * z;
  const im = -2 * u; // imaginary part of every b_n = (4n − 3) − 2iu
  const depth = 10 + Math.ceil(300 / u);
  // tail v = a_n/(b_n + v), n = depth … 2, a_n = −(2n−3)(2n−2)
  let vr = 0;
  let vi = 0;
  for (let n = depth; n >= 2; n--) {
    const a = -(2 * n - 3) * (2 * n - 2);
    const xr = 4 * n - 3 + vr;
    const xi = im + vi;
    const m = xr * xr + xi * xi;
    vr = (a * xr) / m;
    vi = (-a * xi) / m;
  }
  // J = 1/(b_1 + v)
  const xr = 1 + vr;
  const xi = im + vi;
  const m = xr * xr + xi * xi;
  const jr = xr / m;
  const ji = -xi / m;
  // g + i·f = z·J
  return [z * ji, z * jr];
}

/** [f, g] by the asymptotic expansions, z ≥ ~5. */
function fresnelAuxAsymptotic(z: number): [number, number] {
  const v = Math.PI * z * z;
  const v2 = v * v;
  let fs = 1, ft = 1, gs = 1, gt = 1;
  let fPrev = Infinity, gPrev = Infinity;
  let fDone = false, gDone = false;
  for (let m = 1; m < 200 && !(fDone && gDone); m++) {
    if (!fDone) {
      const t = -ft * ((4 * m - 3) * (4 * m - 1)) / v2;
      if (Math.abs(t) >= fPrev || Math.abs(t) < 1e-18) fDone = true;
      else { fPrev = Math.abs(t); ft = t; fs += t; }
    }
    if (!gDone) {
      const t = -gt * ((4 * m - 1) * (4 * m + 1)) / v2;
      if (Math.abs(t) >= gPrev || Math.abs(t) < 1e-18) gDone = true;
      else { gPrev = Math.abs(t); gt = t; gs += t; }
    }
  }
  const f = fs / (Math.PI * z);
  const g = gs / (Math.PI * z * v);
  return [f, g];
}

/** Both Fresnel integrals, [S(z), C(z)]. */
export function fresnel(z: number): [number, number] {
  if (Number.isNaN(z)) return [NaN, NaN];
  const a = Math.abs(z);
  const sign = z < 0 ? -1 : 1;
  if (a <= FRESNEL_SERIES_MAX) return fresnelSeries(z); // odd by construction, keeps −0
  if (a === Infinity || a > 1e17) return [sign * 0.5, sign * 0.5]; // f < 1e-17·(1/2)
  const [f, g] = a <= FRESNEL_ASYMPTOTIC_MIN ? fresnelAuxContinuedFraction(a) : fresnelAuxAsymptotic(a);
  const [th, tl] = exactSquare(a);
  const [sn, cs] = sinCosHalfPi(th, tl);
  const c = 0.5 + (f * sn - g * cs);
  const s = 0.5 - (f * cs + g * sn);
  return [sign * s, sign * c];
}

/** Fresnel sine integral S(z) = ∫₀^z sin(πt²/2) dt; S(±∞) = ±1/2. */
export function fresnelS(z: number): number { return fresnel(z)[0]; }
/** Fresnel cosine integral C(z) = ∫₀^z cos(πt²/2) dt; C(±∞) = ±1/2. */
export function fresnelC(z: number): number { return fresnel(z)[1]; }

/** The individual evaluation methods, exposed for tests (overlap and continuity checks). */
export const specialFunctionInternals = Object.freeze({
  erfSeries,
  erfcxContinuedFraction,
  besselSeries,
  besselAsymptotic: (x: number, nu: 0 | 1): number => besselAsymptoticSum(x, nu) * INV_SQRT_2PI / Math.sqrt(x) * Math.exp(x),
  fresnelSeries,
  fresnelAuxContinuedFraction,
  fresnelAuxAsymptotic,
  /** [S, C] from auxiliary functions f, g at z > 0 */
  fresnelFromAux: (z: number, f: number, g: number): [number, number] => {
    const [th, tl] = exactSquare(z);
    const [sn, cs] = sinCosHalfPi(th, tl);
    return [0.5 - (f * cs + g * sn), 0.5 + (f * sn - g * cs)];
  },
});
