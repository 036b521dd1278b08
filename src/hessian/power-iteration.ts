// Power iteration with deflation, the simple option for the top Hessian eigenpairs
// (what PyHessian's `eigenvalues()` does): v ← A·v/‖A·v‖, kept orthogonal to the pairs
// already found, eigenvalue = Rayleigh quotient vᵀA·v. It converges to the eigenvalue of
// largest MAGNITUDE in the remaining subspace, at the rate |λ₂/λ₁| per step, so it is
// slow when the top eigenvalues are close and finds a negative eigenvalue first when
// that one dominates. Lanczos (top-eigen.ts) is faster and exact at both ends; use it
// unless power iteration is what is being reproduced.

import { KanntkError } from '../errors.js';
import { createSeededRandom } from '../math/random.js';
import { axpy, dot, norm2, scaleInPlace } from '../spectral/dense-host.js';
import type { LinearOperator } from '../spectral/lanczos.js';

export interface PowerIterationOptions {
  /** Number of eigenpairs (default 1), found one after the other with deflation. */
  k?: number;
  /** Iterations allowed per eigenpair (default 100). */
  maxIterations?: number;
  /** Stop when |λ_t − λ_{t−1}| ≤ tol·|λ_t| (default 1e-6). */
  tol?: number;
  /** Seed of the random start vectors (default 0). */
  seed?: number;
}

export interface PowerIterationResult {
  /** Rayleigh quotients, in the order found (≈ descending |λ|). */
  values: Float64Array;
  /** Unit vectors matching values. */
  vectors: Float64Array[];
  /** ‖A·x − λ·x‖ at the last iterate of each pair (a true residual). */
  residuals: Float64Array;
  /** Iterations used per pair. */
  iterations: number[];
  /** Per pair: the relative-change test was met before maxIterations. */
  converged: boolean[];
  /** Operator applications in total. */
  applications: number;
}

function deflate(v: Float64Array, found: readonly Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) for (const q of found) axpy(-dot(q, v), q, v);
}

/** Top-|λ| eigenpairs of a symmetric operator by power iteration with deflation; see the file header. */
export async function powerIteration(op: LinearOperator, options: PowerIterationOptions = {}): Promise<PowerIterationResult> {
  const n = op.size;
  const { k = 1, maxIterations = 100, tol = 1e-6, seed = 0 } = options;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new KanntkError(`powerIteration: k must be an integer in [1, ${n}], got ${String(k)}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new KanntkError(`powerIteration: maxIterations must be a positive integer, got ${String(maxIterations)}`);
  if (!(tol >= 0)) throw new KanntkError(`powerIteration: tol must be a non-negative number, got ${String(tol)}`);
  const rng = createSeededRandom(seed).fork('power-iteration');
  const values: number[] = [];
  const vectors: Float64Array[] = [];
  const residuals: number[] = [];
  const iterations: number[] = [];
  const converged: boolean[] = [];
  let applications = 0;

  for (let pair = 0; pair < k; pair++) {
    const v = rng.fork(pair).fillNormal(new Float64Array(n));
    deflate(v, vectors);
    scaleInPlace(v, 1 / norm2(v));
    let lambda = NaN;
    let residual = NaN;
    let done = false;
    let t = 0;
    while (t < maxIterations) {
      t++;
      const w = Float64Array.from(await op.apply(v));
      applications++;
      deflate(w, vectors);
      const next = dot(v, w);
      // residual of the current iterate: ‖A·v − λ·v‖ (in the deflated space)
      const r = Float64Array.from(w);
      axpy(-next, v, r);
      residual = norm2(r);
      const change = Math.abs(next - lambda);
      lambda = next;
      const wn = norm2(w);
      if (wn === 0) {
        done = true; // v is in the null space: λ = 0 exactly
        break;
      }
      if (change <= tol * Math.abs(lambda)) {
        done = true;
        break;
      }
      v.set(w);
      scaleInPlace(v, 1 / wn);
    }
    values.push(lambda);
    vectors.push(v);
    residuals.push(residual);
    iterations.push(t);
    converged.push(done);
  }
  return { values: Float64Array.from(values), vectors, residuals: Float64Array.from(residuals), iterations, converged, applications };
}
