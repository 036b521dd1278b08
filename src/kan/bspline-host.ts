// The B-spline basis on the host (plain f64), with the conventions of the
// fixtures README §3: Cox–de Boor on half-open knot intervals [t_j, t_{j+1}),
// so derivatives at a knot are right-sided and everything is 0 at and beyond the
// last knot; derivatives use the degree-(k−1) recurrence
// d/dx N_m^k = k/(t_{m+k}−t_m)·N_m^{k−1} − k/(t_{m+k+1}−t_{m+1})·N_{m+1}^{k−1}.
// Used where a host evaluation is needed (initialisation expectations); the
// backends have their own kernels.

import { KanntkError } from '../errors.js';

/**
 * The G+k basis functions of degree k on one knot row (length G+2k+1), or their
 * deriv-th x-derivatives, at x. Writes out[m], m = 0 .. nKnots−k−2, and returns out.
 */
export function bsplineBasis(
  x: number,
  knots: ArrayLike<number>,
  k: number,
  deriv = 0,
  out: Float64Array = new Float64Array(Math.max(0, knots.length - k - 1)),
): Float64Array {
  const nk = knots.length;
  const nb = nk - k - 1;
  if (!Number.isInteger(k) || k < 0 || nb < 1) throw new KanntkError(`B-spline needs degree k ≥ 0 and at least k+2 knots, got k=${k} with ${nk} knots`);
  if (!Number.isInteger(deriv) || deriv < 0) throw new KanntkError(`derivative order must be a non-negative integer, got ${deriv}`);
  if (out.length < nb) throw new KanntkError(`output has ${out.length} slots, the basis has ${nb} functions`);
  if (deriv > k) {
    out.fill(0, 0, nb);
    return out;
  }
  // degree-0 indicators on half-open intervals, then Cox–de Boor up to degree k − deriv
  const N = new Float64Array(nk - 1);
  for (let j = 0; j < nk - 1; j++) N[j] = knots[j] <= x && x < knots[j + 1] ? 1 : 0;
  for (let K = 1; K <= k - deriv; K++) {
    for (let j = 0; j < nk - 1 - K; j++) {
      const left = ((x - knots[j]) / (knots[j + K] - knots[j])) * N[j];
      const right = ((knots[j + K + 1] - x) / (knots[j + K + 1] - knots[j + 1])) * N[j + 1];
      N[j] = left + right;
    }
  }
  // then the derivative recurrence, raising the degree back to k once per derivative
  for (let K = k - deriv + 1; K <= k; K++) {
    for (let j = 0; j < nk - 1 - K; j++) {
      N[j] = (K / (knots[j + K] - knots[j])) * N[j] - (K / (knots[j + K + 1] - knots[j + 1])) * N[j + 1];
    }
  }
  for (let m = 0; m < nb; m++) out[m] = N[m];
  return out;
}
