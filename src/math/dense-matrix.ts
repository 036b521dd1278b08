// Small dense linear algebra on the host in f64 (row-major n×n): products and
// LU solves for the matrix exponential and similar host numerics, where n is
// modest (tens to hundreds) and a backend round trip would cost more.

import { KanntkError } from '../errors.js';

/** C = A·B for row-major A (p×q) and B (q×r) (i-k-j order: the inner loop runs along rows). */
export function matmul(a: Float64Array, b: Float64Array, p: number, q: number, r: number): Float64Array {
  const c = new Float64Array(p * r);
  for (let i = 0; i < p; i++) {
    const ci = i * r;
    for (let k = 0; k < q; k++) {
      const aik = a[i * q + k];
      if (aik === 0) continue;
      const bk = k * r;
      for (let j = 0; j < r; j++) c[ci + j] += aik * b[bk + j];
    }
  }
  return c;
}

/** C = A·B for n×n row-major A and B. */
export const matmulSquare = (a: Float64Array, b: Float64Array, n: number): Float64Array => matmul(a, b, n, n, n);

/** X with A·X = B (n×n each) by LU with partial pivoting; throws when A is singular to working precision. */
export function solveSquare(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const lu = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(lu[r * n + col]) > Math.abs(lu[pivot * n + col])) pivot = r;
    const p = lu[pivot * n + col];
    if (p === 0 || !Number.isFinite(p)) throw new KanntkError(`solveSquare: the matrix is singular (no pivot in column ${col})`);
    if (pivot !== col) {
      for (let j = 0; j < n; j++) {
        [lu[col * n + j], lu[pivot * n + j]] = [lu[pivot * n + j], lu[col * n + j]];
        [x[col * n + j], x[pivot * n + j]] = [x[pivot * n + j], x[col * n + j]];
      }
    }
    for (let r = col + 1; r < n; r++) {
      const f = lu[r * n + col] / p;
      if (f === 0) continue;
      for (let j = col; j < n; j++) lu[r * n + j] -= f * lu[col * n + j];
      for (let j = 0; j < n; j++) x[r * n + j] -= f * x[col * n + j];
    }
  }
  for (let col = n - 1; col >= 0; col--) {
    const p = lu[col * n + col];
    for (let j = 0; j < n; j++) x[col * n + j] /= p;
    for (let r = 0; r < col; r++) {
      const f = lu[r * n + col];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) x[r * n + j] -= f * x[col * n + j];
    }
  }
  return x;
}

/** max over columns of the column sums of |A| (the 1-norm). */
export function norm1(a: Float64Array, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]);
    best = Math.max(best, s);
  }
  return best;
}
