// Fresnel integrals S and C; accuracy in special-functions.ts.

import { SPECIAL_FUNCTION_THRESHOLDS } from './special-function-thresholds.js';
import { exactSquare, sinCosHalfPi } from './double-double.js';


const FRESNEL_SERIES_MAX = SPECIAL_FUNCTION_THRESHOLDS.fresnelSeriesMax;
const FRESNEL_ASYMPTOTIC_MIN = SPECIAL_FUNCTION_THRESHOLDS.fresnelAsymptoticMin;

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

export function fresnelSeries(z: number): [number, number] {
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
export function fresnelAuxContinuedFraction(z: number): [number, number] {
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
export function fresnelAuxAsymptotic(z: number): [number, number] {
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
