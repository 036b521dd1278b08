// The research benchmark functions f1…f5 (KAN_Initialization_Schemes,
// src/functions.py) on 2-D inputs x = (x0, x1), in float64. The study samples
// them on [−1, 1]²; the special functions come from ./special-functions.ts.
//
//   f1 = x0·x1
//   f2 = exp(sin(π·x0) + x1²)
//   f3 = I1(x0) + exp(I1e(x1)) + sin(x0·x1)
//   f4 = S(z)·C(z),  z = f3(x) + erfinv(x1)
//   f5 = x1·s(x0) + erf(x0)·q(x0·x1),  s = 1 if x0 < 0.5 else −1,  q(p) = p if p < 1 else 1/p
//
// Choices that go beyond the formulas:
// * f2 uses sin(π·x0) with exact argument reduction (sinPi), so it is exactly
//   0 at integer x0; the research code's np.sin(np.pi*x0) differs from it by
//   ≤ 1.3e-16 absolute (the rounding of π), i.e. ≤ 1 ulp in f2.
// * f4 at |x1| = 1: erfinv(±1) = ±∞, so z = ±∞ and, since S(±∞) = C(±∞) = ±1/2,
//   f4 = (±1/2)·(±1/2) = 1/4. This is also the limit as |x1| → 1: for large |z|,
//   S·C = 1/4 + O(1/|z|) (oscillating, amplitude ≈ 1/(√2·π·|z|)). For |x1| > 1
//   erfinv is undefined and f4 is NaN (the other functions are polynomial/entire
//   in x and are defined everywhere).
// * f4 is ill-conditioned as |x1| → 1 with respect to perturbations of x1:
//   dz/dx1 = (√π/2)·e^{erfinv(x1)²} (≈ 6 at x1 = 0.95, ≈ 1.4e5 at 1 − 1e-6,
//   ≈ 7.6e14 at 1 − 2⁻⁵³). The input double itself is exact, and erfinv is
//   computed through erfc(x) = 1 − |x1| (exact), so the computed value carries
//   only an error of order ε·|z|·|d(S·C)/dz| — but any reference that rounds x1
//   differently (or evaluates erfinv less carefully) can differ by κ·ε with
//   κ = |x1·∂f4/∂x1 / f4|.

import { KanntkError } from '../errors.js';
import { besselI1, besselI1e, erf, erfinv, fresnel, sinPi } from '../math/special-functions.js';

export type BenchmarkName = 'f1' | 'f2' | 'f3' | 'f4' | 'f5';

export interface BenchmarkFunction {
  /** The formula as written in the research code / fixtures */
  formula: string;
  /** The function at one point (x0, x1) */
  evaluate: (x0: number, x1: number) => number;
}

function f3(x0: number, x1: number): number {
  return besselI1(x0) + Math.exp(besselI1e(x1)) + Math.sin(x0 * x1);
}

function f4(x0: number, x1: number): number {
  const z = f3(x0, x1) + erfinv(x1);
  const [s, c] = fresnel(z); // z = ±∞ at x1 = ±1 gives (±1/2)·(±1/2) = 1/4
  return s * c;
}

export const BENCHMARK_FUNCTIONS: Readonly<Record<BenchmarkName, BenchmarkFunction>> = Object.freeze({
  f1: Object.freeze({
    formula: 'f1(x) = x0*x1',
    evaluate: (x0: number, x1: number) => x0 * x1,
  }),
  f2: Object.freeze({
    formula: 'f2(x) = exp(sin(pi*x0) + x1^2)',
    evaluate: (x0: number, x1: number) => Math.exp(sinPi(x0) + x1 * x1),
  }),
  f3: Object.freeze({
    formula:
      'f3(x) = I1(x0) + exp(I1e(x1)) + sin(x0*x1)   (I1: modified Bessel fn of the first kind, order 1; I1e(z) = exp(-|z|)*I1(z))',
    evaluate: f3,
  }),
  f4: Object.freeze({
    formula:
      'f4(x) = S(z)*C(z), z = f3(x) + erfinv(x1)   (S, C: Fresnel integrals, S(z)=int_0^z sin(pi t^2/2) dt, C(z)=int_0^z cos(pi t^2/2) dt)',
    evaluate: f4,
  }),
  f5: Object.freeze({
    formula: 'f5(x) = x1*s(x0) + erf(x0)*q(x0*x1),  s(x0) = 1 if x0 < 0.5 else -1,  q(p) = p if p < 1 else 1/p',
    evaluate: (x0: number, x1: number) => {
      const s = x0 < 0.5 ? 1 : -1;
      const p = x0 * x1;
      const q = p < 1 ? p : 1 / p;
      return x1 * s + erf(x0) * q;
    },
  }),
});

/** The names f1…f5, in order. */
export const BENCHMARK_FUNCTION_NAMES: readonly BenchmarkName[] = Object.freeze(['f1', 'f2', 'f3', 'f4', 'f5'] as const);

/** The benchmark function called `name`; throws KanntkError listing the known names otherwise. */
export function getBenchmarkFunction(name: string): BenchmarkFunction {
  if (!Object.prototype.hasOwnProperty.call(BENCHMARK_FUNCTIONS, name)) {
    throw new KanntkError(
      `unknown benchmark function ${JSON.stringify(name)}; known: ${BENCHMARK_FUNCTION_NAMES.join(', ')}`,
    );
  }
  return BENCHMARK_FUNCTIONS[name as BenchmarkName];
}

/**
 * Evaluates benchmark function `name` on every row of a row-major [N, 2] array
 * `x` (x[2i] = x0, x[2i+1] = x1 of sample i); returns the N values. `rows`, if
 * given, must equal N. Throws KanntkError for an unknown name or a bad shape.
 */
export function evaluateBenchmarkFunction(name: string, x: ArrayLike<number>, rows?: number): Float64Array {
  const fn = getBenchmarkFunction(name);
  if (x.length % 2 !== 0) throw new KanntkError(`benchmark function input must have shape [N, 2]; got ${x.length} values (odd)`);
  const n = x.length / 2;
  if (rows !== undefined && rows !== n) {
    throw new KanntkError(`benchmark function input must have shape [${rows}, 2] (${2 * rows} values); got ${x.length} values`);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = fn.evaluate(x[2 * i]!, x[2 * i + 1]!);
  return out;
}

/**
 * Evaluates benchmark function `name` on an [N, 2] array in the fixtures'
 * {shape, data} form (row-major); returns the N values. Throws KanntkError for
 * an unknown name or a shape other than [N, 2].
 */
export function evaluateBenchmark(name: string, x: { shape: readonly number[]; data: ArrayLike<number> }): Float64Array {
  getBenchmarkFunction(name); // name first, so a bad name is reported as such
  if (x.shape.length !== 2 || x.shape[1] !== 2) {
    throw new KanntkError(`benchmark function input must have shape [N, 2]; got [${x.shape.join(', ')}]`);
  }
  return evaluateBenchmarkFunction(name, x.data, x.shape[0]);
}
