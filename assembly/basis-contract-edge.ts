// The fused KAN contraction with one knot row per edge ('base' layers): one
// basis window per (n, o, i), scalar, in the reference's loop order, so every
// mode adds in the reference's order. Called from basis-contract.ts.

// ---------------------------------------------------------------------------
// Per-edge knot rows (bspline): one basis window per (n, o, i), scalar, in the
// reference's loop order.

/** Σ_m W[e, m]·B_m over the valid part of the window of span mu (b[r] ↔ m = mu-k+r). */
import { SPLINE_NAN, SPLINE_ZERO, nanRows, splineLocal } from './basis-window';

@inline
export function windowDot(we: usize, mu: i32, k: i32, nBasis: i32, b: usize): f64 {
  const mLo = mu - k > 0 ? mu - k : 0;
  const mHi = mu < nBasis - 1 ? mu : nBasis - 1;
  let phi: f64 = 0;
  for (let m = mLo; m <= mHi; m++) phi += load<f64>(we + (<usize>m << 3)) * load<f64>(b + (<usize>(m - mu + k) << 3));
  return phi;
}

export function edgeY(
  x: usize, table: usize, w: usize, s: usize, hasS: i32, out: usize,
  nPoints: i32, nIn: i32, nOut: i32, nBasis: i32, nTable: i32, k: i32, deriv: i32, sc: usize, b: usize,
): void {
  const rowBytes = <usize>nTable << 3;
  for (let n = 0; n < nPoints; n++) {
    const xn = x + (<usize>n * <usize>nIn << 3);
    const sn = s + (<usize>n * <usize>nIn << 3);
    for (let o = 0; o < nOut; o++) {
      let acc: f64 = 0;
      for (let i = 0; i < nIn; i++) {
        const e = o * nIn + i;
        const mu = splineLocal(load<f64>(xn + (<usize>i << 3)), table + <usize>e * rowBytes, nTable, k, deriv, load<f64>(sc + (<usize>e << 3)), b);
        const phi = mu >= 0 ? windowDot(w + (<usize>e * <usize>nBasis << 3), mu, k, nBasis, b) : mu == SPLINE_NAN ? NaN : 0.0;
        acc += (hasS ? load<f64>(sn + (<usize>i << 3)) : 1.0) * phi;
      }
      store<f64>(out + ((<usize>n * <usize>nOut + <usize>o) << 3), acc);
    }
  }
}

export function edgeS(
  x: usize, table: usize, w: usize, a: usize, out: usize,
  nPoints: i32, nIn: i32, nOut: i32, nBasis: i32, nTable: i32, k: i32, deriv: i32, sc: usize, b: usize,
): void {
  const rowBytes = <usize>nTable << 3;
  for (let n = 0; n < nPoints; n++) {
    const xn = x + (<usize>n * <usize>nIn << 3);
    const outRow = out + (<usize>n * <usize>nIn << 3);
    memory.fill(outRow, 0, <usize>nIn << 3);
    for (let o = 0; o < nOut; o++) {
      const av = load<f64>(a + ((<usize>n * <usize>nOut + <usize>o) << 3));
      for (let i = 0; i < nIn; i++) {
        const e = o * nIn + i;
        const mu = splineLocal(load<f64>(xn + (<usize>i << 3)), table + <usize>e * rowBytes, nTable, k, deriv, load<f64>(sc + (<usize>e << 3)), b);
        const phi = mu >= 0 ? windowDot(w + (<usize>e * <usize>nBasis << 3), mu, k, nBasis, b) : mu == SPLINE_NAN ? NaN : 0.0;
        const po = outRow + (<usize>i << 3);
        store<f64>(po, load<f64>(po) + av * phi);
      }
    }
  }
}

export function edgeW(
  x: usize, table: usize, a: usize, s: usize, hasS: i32, out: usize,
  nPoints: i32, nIn: i32, nOut: i32, nBasis: i32, nTable: i32, k: i32, deriv: i32, sc: usize, b: usize,
): void {
  const rowBytes = <usize>nTable << 3;
  memory.fill(out, 0, <usize>nOut * <usize>nIn * <usize>nBasis << 3);
  for (let n = 0; n < nPoints; n++) {
    const xn = x + (<usize>n * <usize>nIn << 3);
    const sn = s + (<usize>n * <usize>nIn << 3);
    for (let o = 0; o < nOut; o++) {
      const av = load<f64>(a + ((<usize>n * <usize>nOut + <usize>o) << 3));
      for (let i = 0; i < nIn; i++) {
        const e = o * nIn + i;
        const mu = splineLocal(load<f64>(xn + (<usize>i << 3)), table + <usize>e * rowBytes, nTable, k, deriv, load<f64>(sc + (<usize>e << 3)), b);
        const oe = out + (<usize>e * <usize>nBasis << 3);
        if (mu == SPLINE_NAN) nanRows(oe, 1, nBasis, 0);
        if (mu < 0) continue;
        const f = av * (hasS ? load<f64>(sn + (<usize>i << 3)) : 1.0);
        const mLo = mu - k > 0 ? mu - k : 0;
        const mHi = mu < nBasis - 1 ? mu : nBasis - 1;
        for (let m = mLo; m <= mHi; m++) {
          const po = oe + (<usize>m << 3);
          store<f64>(po, load<f64>(po) + f * load<f64>(b + (<usize>(m - mu + k) << 3)));
        }
      }
    }
  }
}

