// Test matrices for the eigensolvers: random symmetric matrices, random orthogonal
// matrices and symmetric matrices with a prescribed spectrum, plus the few small
// norms the spectral tests share. All matrices are dense, row-major n×n
// Float64Arrays; every random draw comes from a seeded `Random`, so a failing
// case reproduces from its seed.
import type { Random } from './random.js';

/**
 * A random symmetric n×n matrix with entries uniform in [-1, 1).
 *
 * Draws n·(n+1)/2 values, row by row over the lower triangle (j ≤ i), and mirrors
 * each one, so the result is exactly symmetric.
 */
export function randomSymmetric(n: number, rnd: Random): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = rnd.uniform(-1, 1);
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return a;
}

/**
 * A random orthogonal n×n matrix (row-major): the product Q = H_1·…·H_n of n
 * Householder reflections H_r = I − 2·u·uᵀ, each u a random unit vector
 * (n uniform draws in [-1, 1), normalised). Orthogonal to rounding (~n·ε).
 */
export function randomOrthogonal(n: number, rnd: Random): Float64Array {
  const q = identity(n);
  const qu = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const u = rnd.array(n);
    const norm = Math.hypot(...u);
    for (let i = 0; i < n; i++) u[i] /= norm;
    // Q ← Q·(I − 2uuᵀ) = Q − 2·(Q·u)·uᵀ
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += q[i * n + j] * u[j];
      qu[i] = s;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[i * n + j] -= 2 * qu[i] * u[j];
  }
  return q;
}

/**
 * A = Q·diag(λ)·Qᵀ for an orthogonal Q (row-major n×n, n = λ.length), so column k
 * of Q is the eigenvector of λ[k]. Each entry a_ij = Σ_k q_ik·λ_k·q_jk is computed
 * once for j ≤ i and mirrored, so A is exactly symmetric.
 */
export function withSpectrum(lambda: ArrayLike<number>, Q: Float64Array): Float64Array {
  const n = lambda.length;
  if (Q.length !== n * n) throw new Error(`withSpectrum: Q has ${Q.length} entries, λ needs ${n}×${n}`);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q[i * n + k] * lambda[k] * Q[j * n + k];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/** The n×n identity matrix (row-major). */
export function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}

/** max_i |x_i| (0 for an empty array; NaN if any entry is NaN). */
export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** The Frobenius (Euclidean) norm √(Σ x_i²) of a matrix or vector. */
export function frobenius(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** max_j ‖T·v_j − λ_j·v_j‖ and max |VᵀV − I| for full eigenvectors (rows of `vectors`). */
export function tridiagonalResidualAndOrthogonality(alpha: Float64Array, beta: Float64Array, values: Float64Array, vectors: Float64Array) {
  const m = alpha.length;
  let residual = 0;
  for (let j = 0; j < m; j++) {
    const v = vectors.subarray(j * m, (j + 1) * m);
    let r2 = 0;
    for (let i = 0; i < m; i++) {
      let tv = alpha[i] * v[i];
      if (i > 0) tv += beta[i - 1] * v[i - 1];
      if (i < m - 1) tv += beta[i] * v[i + 1];
      r2 += (tv - values[j] * v[i]) ** 2;
    }
    residual = Math.max(residual, Math.sqrt(r2));
  }
  let orthogonality = 0;
  for (let a = 0; a < m; a++) {
    const va = vectors.subarray(a * m, (a + 1) * m);
    for (let b = a; b < m; b++) {
      const vb = vectors.subarray(b * m, (b + 1) * m);
      let s = 0;
      for (let i = 0; i < m; i++) s += va[i] * vb[i];
      orthogonality = Math.max(orthogonality, Math.abs(s - (a === b ? 1 : 0)));
    }
  }
  return { residual, orthogonality };
}
