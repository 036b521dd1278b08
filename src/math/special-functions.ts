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
// check continuity across them. One file per family: error-function.ts,
// bessel.ts, fresnel.ts, on double-double.ts.

import { exactSquare, sinCosHalfPi } from './double-double.js';
import { erfSeries, erfcxContinuedFraction } from './error-function.js';
import { besselSeries, besselAsymptotic } from './bessel.js';
import { fresnelSeries, fresnelAuxContinuedFraction, fresnelAuxAsymptotic } from './fresnel.js';

export { SPECIAL_FUNCTION_THRESHOLDS } from './special-function-thresholds.js';
export { sinPi } from './double-double.js';
export { erf, erfc, erfcx, erfinv, erfcinv } from './error-function.js';
export { besselI0, besselI0e, besselI1, besselI1e } from './bessel.js';
export { fresnel, fresnelS, fresnelC } from './fresnel.js';

/** The individual evaluation methods, exposed for tests (overlap and continuity checks). */
export const specialFunctionInternals = Object.freeze({
  erfSeries,
  erfcxContinuedFraction,
  besselSeries,
  besselAsymptotic,
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
