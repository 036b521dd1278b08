// Where each special function switches between its evaluation methods
// (special-functions.ts), shared with the tests' continuity checks.

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
