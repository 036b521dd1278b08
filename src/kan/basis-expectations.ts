// Exact input-distribution moments of a basis, the inputs of the lecun /
// glorot / glorot_fine σ formulas (fixtures README §6): for x ~ Uniform[−1, 1]
// or N(0, 1), μ0[m] = E[B_m(x)²], μ1[m] = E[B_m'(x)²] and their means over m.
// jaxKAN estimates these by Monte Carlo on 10,000 JAX-PRNG points; we integrate
// instead (Gauss–Legendre, ./quadrature.ts), which is both exact and free of
// any dependence on a random stream. A basis is just "values and x-derivatives
// at x" plus the points where it is only piecewise smooth — splines,
// tanh-Chebyshev and the silu residual all go through the same code.

import { KanntkError } from '../errors.js';
import { bsplineBasis } from './bspline-host.js';
import { detExp, detTanh } from '../math/det-math.js';
import { integrate } from '../math/quadrature.js';

/** The distribution of the input sample x. */
export type SampleDistribution = 'uniform' | 'normal';

/** A family of `size` scalar functions of x, given by values and first derivatives. */
export interface BasisFamily {
  readonly size: number;
  /** Writes B_m(x) into values[m] and dB_m/dx into derivs[m], m < size. */
  evaluate(x: number, values: Float64Array, derivs: Float64Array): void;
  /** Points where the functions are only piecewise smooth (knots); empty for smooth families. */
  readonly breaks: ArrayLike<number>;
}

/** The G+k B-splines of degree k on one knot row (length G+2k+1), half-open conventions (README §3). */
export function splineFamily(knots: ArrayLike<number>, k: number): BasisFamily {
  const row = Float64Array.from(knots);
  const size = row.length - k - 1;
  if (!Number.isInteger(k) || k < 0 || size < 1) throw new KanntkError(`spline basis needs k ≥ 0 and at least k+2 knots, got k=${k}, ${row.length} knots`);
  for (let j = 1; j < row.length; j++) {
    if (!(row[j] > row[j - 1])) throw new KanntkError(`knots must be finite and strictly increasing (knot ${j}: ${row[j - 1]} then ${row[j]})`);
  }
  return {
    size,
    breaks: row,
    evaluate(x, values, derivs) {
      bsplineBasis(x, row, k, 0, values);
      bsplineBasis(x, row, k, 1, derivs);
    },
  };
}

/** Chebyshev polynomials T_d(tanh x), d = 0..D, or d = 1..D when T_0 is dropped (a layer with bias). */
export function chebyshevFamily(D: number, dropT0: boolean): BasisFamily {
  if (!Number.isInteger(D) || D < (dropT0 ? 1 : 0)) throw new KanntkError(`Chebyshev degree D must be an integer ≥ ${dropT0 ? 1 : 0}, got ${D}`);
  const first = dropT0 ? 1 : 0;
  const T = new Float64Array(D + 1);
  const dT = new Float64Array(D + 1);
  return {
    size: D + 1 - first,
    breaks: [],
    evaluate(x, values, derivs) {
      const z = detTanh(x);
      const dz = 1 - z * z;
      // T_{d+1} = 2z·T_d − T_{d−1}, and its z-derivative T'_{d+1} = 2T_d + 2z·T'_d − T'_{d−1}
      T[0] = 1;
      dT[0] = 0;
      if (D >= 1) {
        T[1] = z;
        dT[1] = 1;
      }
      for (let d = 1; d < D; d++) {
        T[d + 1] = 2 * z * T[d] - T[d - 1];
        dT[d + 1] = 2 * T[d] + 2 * z * dT[d] - dT[d - 1];
      }
      for (let d = first; d <= D; d++) {
        values[d - first] = T[d];
        derivs[d - first] = dT[d] * dz;
      }
    },
  };
}

/** The silu residual R(x) = x·sigmoid(x) as a family of one function. */
export const siluFamily: BasisFamily = {
  size: 1,
  breaks: [],
  evaluate(x, values, derivs) {
    const s = 1 / (1 + detExp(-x));
    values[0] = x * s;
    derivs[0] = s + x * s * (1 - s);
  },
};

/** Second moments of a basis under the sample distribution. */
export interface BasisMoments {
  /** E[B²] averaged over the basis functions (and rows) */
  E_B2: number;
  /** E[B'²] averaged likewise */
  E_dB2: number;
  /** [size] E[B_m²] per basis index, averaged over rows */
  mu0: Float64Array;
  /** [size] E[B_m'²] per basis index, averaged over rows */
  mu1: Float64Array;
}

// 1/√(2π)
const INV_SQRT_2PI = 0.3989422804014327;
// N(0,1) is integrated over ±16: beyond, x²·φ(x) < 1e-54
const NORMAL_CUTOFF = 16;

/**
 * E[B_m²] and E[B_m'²] for x ~ Uniform[−1, 1] or N(0, 1), exact up to rounding:
 * 20-point Gauss–Legendre on every knot interval, in panels ≤ 0.5 wide (exact
 * for splines of degree ≤ 19 under the uniform law; spectrally accurate for the
 * smooth integrands — silu, tanh-Chebyshev, anything times the normal density).
 */
export function basisMoments(family: BasisFamily, distribution: SampleDistribution): BasisMoments {
  if (distribution !== 'uniform' && distribution !== 'normal') throw new KanntkError(`sample distribution must be 'uniform' or 'normal', got ${String(distribution)}`);
  const size = family.size;
  const values = new Float64Array(size);
  const derivs = new Float64Array(size);
  const integrand = (x: number, out: Float64Array) => {
    family.evaluate(x, values, derivs);
    const density = distribution === 'uniform' ? 0.5 : INV_SQRT_2PI * detExp(-0.5 * x * x);
    for (let m = 0; m < size; m++) {
      out[m] = density * values[m] * values[m];
      out[size + m] = density * derivs[m] * derivs[m];
    }
  };
  const [a, b] = distribution === 'uniform' ? [-1, 1] : [-NORMAL_CUTOFF, NORMAL_CUTOFF];
  const integral = integrate(integrand, 2 * size, a, b, { breaks: family.breaks, maxPanel: 0.5, order: 20 });
  const mu0 = integral.slice(0, size);
  const mu1 = integral.slice(size);
  return { E_B2: mean(mu0), E_dB2: mean(mu1), mu0, mu1 };
}

/** The moments of several rows (one per knot row) averaged with the given multiplicities, as jaxKAN's sample mean runs over all inputs. */
export function averageMoments(parts: readonly { moments: BasisMoments; count: number }[]): BasisMoments {
  if (parts.length === 0) throw new KanntkError('averageMoments needs at least one part');
  if (parts.length === 1) return parts[0].moments;
  const size = parts[0].moments.mu0.length;
  const total = parts.reduce((s, p) => s + p.count, 0);
  const mu0 = new Float64Array(size);
  const mu1 = new Float64Array(size);
  for (const { moments, count } of parts) {
    for (let m = 0; m < size; m++) {
      mu0[m] += (count / total) * moments.mu0[m];
      mu1[m] += (count / total) * moments.mu1[m];
    }
  }
  return { E_B2: mean(mu0), E_dB2: mean(mu1), mu0, mu1 };
}

function mean(a: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j];
  return s / a.length;
}

/** The std of the sample distribution: the default gain (1/√3 uniform, 1 normal). */
export function defaultGain(distribution: SampleDistribution): number {
  return distribution === 'uniform' ? 1 / Math.sqrt(3) : 1;
}
