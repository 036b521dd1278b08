// B-spline basis and its x-derivatives (KernelBSpline), spec: bsplineRef in
// test/reference/kernels.ts. The whole Cox–de Boor triangle is evaluated in
// the reference's operation order (not just the k+1 non-zero functions), so
// results agree bit for bit, including the NaNs of degenerate inputs.

/**
 * out[p, i, m] = d^deriv/dx^deriv B_m(x[p, i]; grid[i, :]) of degree k.
 * @param x byte offset of [nPoints, nIn] f64
 * @param grid byte offset of [nIn, nKnots] f64 knot rows
 * @param out byte offset of [nPoints, nIn, nKnots - 1 - k] f64
 * @param work byte offset of nKnots f64 of scratch
 */
export function bspline(
  x: usize, grid: usize, out: usize, nPoints: i32, nIn: i32, nKnots: i32, k: i32, deriv: i32, work: usize,
): void {
  const nBasis = nKnots - 1 - k;
  if (nBasis <= 0) return;
  const basisBytes = <usize>nBasis << 3;
  let px = x;
  let po = out;
  for (let p = 0; p < nPoints; p++) {
    for (let i = 0; i < nIn; i++) {
      if (deriv > k) {
        memory.fill(po, 0, basisBytes);
      } else {
        evaluateBasis(load<f64>(px), grid + <usize>i * (<usize>nKnots << 3), nKnots, k, deriv, work);
        memory.copy(po, work, basisBytes);
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
