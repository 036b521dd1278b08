// The extreme eigenpairs of a Hessian (or any symmetric operator): the k largest and
// the k smallest, by Lanczos with full re-orthogonalisation and locking (eigsh in
// src/spectral/eigsh.ts). The smallest eigenvalue of a loss Hessian is usually
// negative away from a minimum; its eigenvector is the direction of steepest descent
// of the curvature.
//
// Tolerance: eigsh stops when ‖H·x − θ·x‖ ≤ tol·|θ|max. On an f32 backend the HVP
// itself carries a relative error (measured on WebGPU: 1.2e-7 for the fixture models,
// 2.7e-7 for the big [2,32,32,32,1] KAN on 4000 points), so a residual near 1e-10 is
// never reached; the default is therefore max(1e-10, 1000·u) (u = the operator's
// roundoff), i.e. 1e-10 in f64 and ≈ 6e-5 in f32, a wide margin above that error.

import { KanntkError } from '../errors.js';
import { eigsh, type EigshResult } from '../spectral/eigsh.js';
import type { LinearOperator } from '../spectral/lanczos.js';

export interface HessianEigenOptions {
  /** Number of largest eigenpairs (default 1; 0 for none). */
  top?: number;
  /** Number of smallest eigenpairs (default 0). */
  bottom?: number;
  /** Residual tolerance relative to |θ|max (default: see the file header). */
  tol?: number;
  /** Seed of the random start vectors (default 0); the same seed gives the same result on wasm. */
  seed?: number;
  /** Largest Lanczos basis per run (eigsh's maxSteps). */
  maxSteps?: number;
}

/** Eigenpairs of one end of the spectrum. */
export interface EigenEnd {
  /** Eigenvalues: descending for the top end, ascending (smallest first) for the bottom end. */
  values: Float64Array;
  /** Unit eigenvectors (flat, param order), sign fixed so the largest-|·| component is positive. */
  vectors: Float64Array[];
  /** ‖H·x − θ·x‖ bounds. */
  residuals: Float64Array;
}

export interface HessianEigenResult {
  top?: EigenEnd;
  bottom?: EigenEnd;
  /** Every pair met the tolerance. */
  converged: boolean;
  /** Hessian-vector products used. */
  applications: number;
  /** Eigenvalues of smaller magnitude than this are below what the arithmetic resolves. */
  noiseFloor: number;
}

/** The default residual tolerance for an operator with unit roundoff u. */
export function defaultEigenTolerance(op: LinearOperator): number {
  return Math.max(1e-10, 1000 * (op.roundoff ?? 2 ** -53));
}

function checkCount(value: number, n: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > n) throw new KanntkError(`${what} must be an integer in [0, ${n}] (the number of parameters), got ${String(value)}`);
}

function end(result: EigshResult, from: number, count: number, ascending: boolean): EigenEnd {
  const idx = Array.from({ length: count }, (_, i) => from + i);
  if (ascending) idx.reverse();
  return {
    values: Float64Array.from(idx.map((i) => result.values[i])),
    vectors: idx.map((i) => result.vectors[i]),
    residuals: Float64Array.from(idx.map((i) => result.residuals[i])),
  };
}

/** The `top` largest and `bottom` smallest eigenpairs of a symmetric operator (e.g. a HessianOperator). */
export async function hessianEigenpairs(op: LinearOperator, options: HessianEigenOptions = {}): Promise<HessianEigenResult> {
  const n = op.size;
  const { top = 1, bottom = 0, seed = 0, maxSteps } = options;
  checkCount(top, n, 'top');
  checkCount(bottom, n, 'bottom');
  if (top + bottom === 0) throw new KanntkError('ask for at least one eigenpair (top or bottom)');
  const tol = options.tol ?? defaultEigenTolerance(op);
  if (!(tol >= 0)) throw new KanntkError(`tol must be a non-negative number, got ${String(tol)}`);
  const common = { tol, seed, ...(maxSteps !== undefined ? { maxSteps } : {}) };

  if (top + bottom > n) {
    // the two ends overlap: the whole spectrum, then cut
    const all = await eigsh(op, { ...common, k: n, which: 'largest' });
    return {
      top: top > 0 ? end(all, 0, top, false) : undefined,
      bottom: bottom > 0 ? end(all, n - bottom, bottom, true) : undefined,
      converged: all.converged,
      applications: all.applications,
      noiseFloor: all.noiseFloor,
    };
  }
  if (top > 0 && top === bottom) {
    // one Krylov space serves both ends
    const both = await eigsh(op, { ...common, k: top, which: 'both' });
    return {
      top: end(both, 0, top, false),
      bottom: end(both, both.values.length - bottom, bottom, true),
      converged: both.converged,
      applications: both.applications,
      noiseFloor: both.noiseFloor,
    };
  }
  const hi = top > 0 ? await eigsh(op, { ...common, k: top, which: 'largest' }) : null;
  const lo = bottom > 0 ? await eigsh(op, { ...common, k: bottom, which: 'smallest' }) : null;
  return {
    top: hi ? end(hi, 0, top, false) : undefined,
    bottom: lo ? end(lo, 0, bottom, true) : undefined,
    converged: (hi?.converged ?? true) && (lo?.converged ?? true),
    applications: (hi?.applications ?? 0) + (lo?.applications ?? 0),
    noiseFloor: Math.max(hi?.noiseFloor ?? 0, lo?.noiseFloor ?? 0),
  };
}

/** The smallest eigenvalue and its unit eigenvector. */
export async function minEigenpair(op: LinearOperator, options: Omit<HessianEigenOptions, 'top' | 'bottom'> = {}): Promise<{ value: number; vector: Float64Array; residual: number; converged: boolean }> {
  const r = await hessianEigenpairs(op, { ...options, top: 0, bottom: 1 });
  return { value: r.bottom!.values[0], vector: r.bottom!.vectors[0], residual: r.bottom!.residuals[0], converged: r.converged };
}
