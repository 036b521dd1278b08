// B-spline basis and its x-derivatives (KernelBSpline), spec: bsplineRef in
// test/reference/kernels.ts. Rows of strictly increasing knots take the fused
// contraction's window (basis-window.ts: the span μ, then only the k+1
// functions that can be non-zero there, formed by the reference's own
// operations, so the same bits); other rows (repeated knots, where the
// reference's full triangle divides 0 by 0) evaluate the whole Cox–de Boor
// triangle in the reference's operation order, NaNs included.

import { SPLINE_NAN, splineLocal } from './basis-window';

/** Scratch bytes bspline needs: the full triangle, one span scale per knot row, one window. */
export function bsplineWorkspaceBytes(nIn: i32, nKnots: i32, k: i32): i32 {
  return ((nKnots + nIn + k + 1) << 3) + 16;
}

/**
 * out[p, i, m] = d^deriv/dx^deriv B_m(x[p, i]; grid[i, :]) of degree k.
 * @param x byte offset of [nPoints, nIn] f64
 * @param grid byte offset of [nIn, nKnots] f64 knot rows
 * @param out byte offset of [nPoints, nIn, nKnots - 1 - k] f64
 * @param work byte offset of bsplineWorkspaceBytes(nIn, nKnots, k) bytes of scratch
 */
export function bspline(
  x: usize, grid: usize, out: usize, nPoints: i32, nIn: i32, nKnots: i32, k: i32, deriv: i32, work: usize,
): void {
  const nBasis = nKnots - 1 - k;
  if (nBasis <= 0) return;
  const basisBytes = <usize>nBasis << 3;
  const rowBytes = <usize>nKnots << 3;
  if (deriv > k) {
    memory.fill(out, 0, <usize>nPoints * <usize>nIn * basisBytes);
    return;
  }
  // per knot row: the span scale when its knots strictly increase, else -1 (full triangle)
  const scales = work + rowBytes;
  const window = scales + (<usize>nIn << 3);
  for (let i = 0; i < nIn; i++) {
    const kn = grid + <usize>i * rowBytes;
    let increasing = true;
    for (let j = 0; j + 1 < nKnots; j++) {
      if (!(load<f64>(kn + (<usize>j << 3)) < load<f64>(kn + (<usize>(j + 1) << 3)))) increasing = false;
    }
    const scale = <f64>(nKnots - 1) / (load<f64>(kn + (<usize>(nKnots - 1) << 3)) - load<f64>(kn));
    store<f64>(scales + (<usize>i << 3), increasing ? scale : -1.0);
  }
  let px = x;
  let po = out;
  for (let p = 0; p < nPoints; p++) {
    for (let i = 0; i < nIn; i++) {
      const kn = grid + <usize>i * rowBytes;
      const scale = load<f64>(scales + (<usize>i << 3));
      if (scale < 0) {
        evaluateBasis(load<f64>(px), kn, nKnots, k, deriv, work);
        memory.copy(po, work, basisBytes);
      } else {
        const mu = splineLocal(load<f64>(px), kn, nKnots, k, deriv, scale, window);
        if (mu == SPLINE_NAN) {
          for (let m = 0; m < nBasis; m++) store<f64>(po + (<usize>m << 3), NaN);
        } else {
          memory.fill(po, 0, basisBytes);
          if (mu >= 0) {
            // window entry r is B_{μ-k+r}; entries outside [0, nBasis) do not exist
            for (let r = 0; r <= k; r++) {
              const m = mu - k + r;
              if (m >= 0 && m < nBasis) store<f64>(po + (<usize>m << 3), load<f64>(window + (<usize>r << 3)));
            }
          }
        }
      }
      px += 8;
      po += basisBytes;
    }
  }
}

/** Leaves the nKnots-1-k basis values (or derivatives) at t in n[0 ..), in place. */
function evaluateBasis(t: f64, knots: usize, nKnots: i32, k: i32, deriv: i32, n: usize): void {
  // degree-0 indicators on half-open intervals [knot_j, knot_j+1)
  for (let j = 0; j < nKnots - 1; j++) {
    const q = knots + (<usize>j << 3);
    store<f64>(n + (<usize>j << 3), load<f64>(q) <= t && t < load<f64>(q, 8) ? 1.0 : 0.0);
  }
  // raise the degree to k - deriv; n[j] is read before it is overwritten, n[j+1] after
  for (let K = 1; K <= k - deriv; K++) {
    for (let j = 0; j < nKnots - 1 - K; j++) {
      const q = knots + (<usize>j << 3);
      const tj = load<f64>(q);
      const tj1 = load<f64>(q, 8);
      const tjK = load<f64>(q + (<usize>K << 3));
      const tjK1 = load<f64>(q + (<usize>(K + 1) << 3));
      const pn = n + (<usize>j << 3);
      const left = ((t - tj) / (tjK - tj)) * load<f64>(pn);
      const right = ((tjK1 - t) / (tjK1 - tj1)) * load<f64>(pn, 8);
      store<f64>(pn, left + right);
    }
  }
  // then the derivative recurrence, raising the degree each time
  for (let K = k - deriv + 1; K <= k; K++) {
    const kf = <f64>K;
    for (let j = 0; j < nKnots - 1 - K; j++) {
      const q = knots + (<usize>j << 3);
      const tj = load<f64>(q);
      const tj1 = load<f64>(q, 8);
      const tjK = load<f64>(q + (<usize>K << 3));
      const tjK1 = load<f64>(q + (<usize>(K + 1) << 3));
      const pn = n + (<usize>j << 3);
      store<f64>(pn, (kf / (tjK - tj)) * load<f64>(pn) - (kf / (tjK1 - tj1)) * load<f64>(pn, 8));
    }
  }
}
