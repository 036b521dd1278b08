// Eigenvalues and eigenvectors of a real symmetric tridiagonal matrix T by the
// implicit QL method with Wilkinson shifts (the tql2/tqli scheme), in f64 on the host.
//
// T has diagonal α[0..m−1] and off-diagonal β[0..m−2] (β[i] couples rows i and i+1).
// One QL sweep on the unreduced block [l..mm] is a chain of Givens rotations that
// chases the bulge from the bottom up; the shift is the eigenvalue of the leading 2×2
// block nearest α[l] (Wilkinson), which gives cubic convergence in practice.
// A coupling e[i] is set to zero once |e[i]| ≤ ε·(|d[i]| + |d[i+1]|), the usual
// relative criterion, so small eigenvalues of graded matrices keep relative accuracy.
//
// Eigenvectors: the rotations act on the right of Z (start I, T = Z·Λ·Zᵀ), and every
// row of Z evolves on its own. So any subset of rows (components) can be tracked at
// O(m) cost per sweep: Lanczos needs only the last row (residual bounds β_m·|z_mj|),
// Gauss quadrature only the first; full eigenvectors cost O(m³).
//
// The matrix is scaled by a power of two (exact) so the largest entry is in [1, 2):
// no overflow in the shift, no spurious underflow in the rotations.

import { KanntkError } from '../errors.js';

const EPS = 2 ** -52;
/** Absolute deflation floor for the scaled matrix (largest entry ~1). */
const TINY = 2 ** -1000;
/** QL iterations allowed per eigenvalue; 2–3 is typical, tqli's 30 is far from binding. */
const MAX_ITERATIONS = 60;

export type TridiagonalEigenOptions = {
  /**
   * Which eigenvector components to compute: 'none' (default, eigenvalues only),
   * 'all' (full eigenvectors), or a list of row indices, e.g. [m − 1] for Lanczos
   * residual bounds or [0] for Gauss-quadrature weights.
   */
  components?: 'none' | 'all' | readonly number[];
};

export type TridiagonalEigenResult = {
  /** The m eigenvalues, sorted descending. */
  values: Float64Array;
  /**
   * m × r, row-major: row j holds the requested components of the unit eigenvector of
   * values[j] (r = m and row j is the whole eigenvector for 'all'); null for 'none'.
   * The sign of each eigenvector is whatever the rotations produced.
   */
  vectors: Float64Array | null;
  /** r, the number of components per eigenvector (0 for 'none'). */
  components: number;
};

/** Eigen-decomposition of the symmetric tridiagonal matrix with diagonal alpha (m) and off-diagonal beta (m−1); eigenvalues descending. */
export function tridiagonalEigen(
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
  options: TridiagonalEigenOptions = {},
): TridiagonalEigenResult {
  const m = alpha.length;
  if (m === 0) throw new KanntkError('tridiagonalEigen: the matrix is empty (alpha has length 0)');
  if (beta.length !== m - 1) {
    throw new KanntkError(`tridiagonalEigen: beta must have length m−1 = ${m - 1} for alpha of length ${m}, got ${beta.length}`);
  }
  let maxAbs = 0;
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(alpha[i])) throw new KanntkError(`tridiagonalEigen: alpha[${i}] is ${alpha[i]}`);
    maxAbs = Math.max(maxAbs, Math.abs(alpha[i]));
  }
  for (let i = 0; i < m - 1; i++) {
    if (!Number.isFinite(beta[i])) throw new KanntkError(`tridiagonalEigen: beta[${i}] is ${beta[i]}`);
    maxAbs = Math.max(maxAbs, Math.abs(beta[i]));
  }
  const rows = componentRows(options.components ?? 'none', m);
  const r = rows === null ? 0 : rows.length;

  // z[j·r + q] = component rows[q] of the j-th (unsorted) eigenvector
  let z: Float64Array | null = null;
  if (rows !== null) {
    z = new Float64Array(m * r);
    for (let q = 0; q < r; q++) z[rows[q] * r + q] = 1;
  }

  const d = new Float64Array(m);
  const e = new Float64Array(m); // e[m−1] = 0 always
  const scale = maxAbs === 0 ? 1 : 2 ** -Math.floor(Math.log2(maxAbs));
  for (let i = 0; i < m; i++) d[i] = alpha[i] * scale;
  for (let i = 0; i < m - 1; i++) e[i] = beta[i] * scale;

  for (let l = 0; l < m; l++) {
    let iterations = 0;
    for (;;) {
      // the first negligible coupling at or below l ends the unreduced block [l..mm]
      let mm = l;
      for (; mm < m - 1; mm++) {
        const ae = Math.abs(e[mm]);
        if (ae <= EPS * (Math.abs(d[mm]) + Math.abs(d[mm + 1])) || ae <= TINY) break;
      }
      if (mm === l) break;
      if (++iterations > MAX_ITERATIONS) {
        throw new KanntkError(`tridiagonalEigen: no convergence for eigenvalue ${l} of ${m} after ${MAX_ITERATIONS} QL iterations`);
      }
      // Wilkinson shift μ = d[l] − e[l]/(g ± √(g²+1)); the sweep starts from d[mm] − μ
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let rad = Math.abs(g) > 1e150 ? Math.abs(g) : Math.sqrt(g * g + 1);
      g = d[mm] - d[l] + e[l] / (g + (g >= 0 ? rad : -rad));
      let s = 1;
      let c = 1;
      let p = 0;
      let underflow = false;
      for (let i = mm - 1; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        rad = norm2(f, g);
        e[i + 1] = rad;
        if (rad === 0) {
          // the rotation underflowed: the block splits here; undo the pending shift and restart
          d[i + 1] -= p;
          e[mm] = 0;
          underflow = true;
          break;
        }
        s = f / rad;
        c = g / rad;
        g = d[i + 1] - p;
        rad = (d[i] - g) * s + 2 * c * b;
        p = s * rad;
        d[i + 1] = g + p;
        g = c * rad - b;
        if (z !== null) {
          const oi = i * r;
          const oj = oi + r;
          for (let q = 0; q < r; q++) {
            const zj = z[oj + q];
            const zi = z[oi + q];
            z[oj + q] = s * zi + c * zj;
            z[oi + q] = c * zi - s * zj;
          }
        }
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[mm] = 0;
    }
  }

  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => d[b] - d[a] || a - b);
  const values = new Float64Array(m);
  for (let j = 0; j < m; j++) values[j] = d[order[j]] / scale;
  let vectors: Float64Array | null = null;
  if (z !== null) {
    vectors = new Float64Array(m * r);
    for (let j = 0; j < m; j++) vectors.set(z.subarray(order[j] * r, order[j] * r + r), j * r);
  }
  return { values, vectors, components: r };
}

/**
 * √(a² + b²) without Math.hypot's cost (it dominates the sweep); the entries are scaled to
 * at most ~1, so only underflow can hurt, and there the careful hypot takes over.
 */
function norm2(a: number, b: number): number {
  const s = a * a + b * b;
  return s > 1e-290 ? Math.sqrt(s) : Math.hypot(a, b);
}

function componentRows(spec: 'none' | 'all' | readonly number[], m: number): number[] | null {
  if (spec === 'none') return null;
  if (spec === 'all') return Array.from({ length: m }, (_, i) => i);
  if (!Array.isArray(spec)) throw new KanntkError(`tridiagonalEigen: components must be 'none', 'all' or a list of row indices`);
  for (const i of spec) {
    if (!Number.isInteger(i) || i < 0 || i >= m) {
      throw new KanntkError(`tridiagonalEigen: component index ${String(i)} is not a row of a ${m}×${m} matrix`);
    }
  }
  return [...spec];
}
