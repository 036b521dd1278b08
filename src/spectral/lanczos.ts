// Matrix-free Lanczos for symmetric operators, with full re-orthogonalisation
// (the process; extreme eigenpairs built on it are in ./eigsh.ts). The operator may run on any
// backend (it is async); everything else is host-side f64.
//
// The process: v₁ = start/‖start‖, and for j = 1, 2, …
//   w = A·v_j − β_{j−1}·v_{j−1};  α_j = v_j·w;  w −= α_j·v_j;
//   w −= V·(Vᵀw) twice (classical Gram–Schmidt, "twice is enough", Kahan/Parlett),
//   β_j = ‖w‖;  v_{j+1} = w/β_j
// so A·V_m = V_m·T_m + β_m·v_{m+1}·e_mᵀ with T_m = tridiag(β, α, β). Without
// re-orthogonalisation ('none') the basis loses orthogonality as Ritz values converge
// and T grows spurious copies ("ghosts"); that mode is for quadrature, not for eigsh.
//
// Invariant subspace: the run stops when β_j ≤ 100·u·‖A‖est (u = the operator's unit
// roundoff, 2⁻⁵³ for f64, so ≈ 1.1e-14·‖A‖est), where ‖A‖est = max_j ‖A·v_j‖ ≤ ‖A‖.
// Past that point w is rounding noise, not a new direction.
//
// Ritz pair (θ_j, x_j = V_m·s_j) from T_m·s_j = θ_j·s_j has residual
//   ‖A·x_j − θ_j·x_j‖ = β_m·|s_mj|
// (exact while V_m is orthonormal), so convergence is checked from T alone.
//
//
// Eigenpairs with locking, restarts and a multiplicity check: ./eigsh.ts.

import { KanntkError } from '../errors.js';
import { createSeededRandom } from '../math/random.js';
import { axpy, dot, matVec, norm2, scaleInPlace } from './dense-host.js';

/** A symmetric linear operator on R^size; apply may run on any backend. */
export type LinearOperator = {
  readonly size: number;
  /** A·v for v of length size; must not keep or modify v. */
  apply(v: Float64Array): Promise<Float64Array>;
  /** Unit roundoff of apply (2⁻⁵³ for f64, the default; 2⁻²⁴ for f32): sets the breakdown test and the noise floor. */
  readonly roundoff?: number;
};

const F64_ROUNDOFF = 2 ** -53;
/** β ≤ BREAKDOWN·u·‖A‖est means the Krylov space is invariant up to rounding. */
const BREAKDOWN = 100;

/** A dense symmetric size-n operator (row-major n×n matrix), for tests and small problems; rejects non-symmetric input. */
export function denseOperator(matrix: Float64Array, n: number): LinearOperator {
  if (!Number.isInteger(n) || n < 1) throw new KanntkError(`denseOperator: size must be a positive integer, got ${String(n)}`);
  if (matrix.length !== n * n) throw new KanntkError(`denseOperator: matrix has ${matrix.length} entries, expected n·n = ${n * n}`);
  let maxAbs = 0;
  for (let i = 0; i < matrix.length; i++) {
    if (!Number.isFinite(matrix[i])) throw new KanntkError(`denseOperator: entry (${Math.floor(i / n)}, ${i % n}) is ${matrix[i]}`);
    maxAbs = Math.max(maxAbs, Math.abs(matrix[i]));
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(matrix[i * n + j] - matrix[j * n + i]) > 1e-12 * maxAbs) {
        throw new KanntkError(`denseOperator: matrix is not symmetric at (${i}, ${j}): ${matrix[i * n + j]} vs ${matrix[j * n + i]}`);
      }
    }
  }
  return { size: n, apply: async (v) => matVec(matrix, n, v) };
}

export function checkOperator(op: LinearOperator, who: string): number {
  if (!Number.isInteger(op.size) || op.size < 1) throw new KanntkError(`${who}: operator size must be a positive integer, got ${String(op.size)}`);
  const u = op.roundoff ?? F64_ROUNDOFF;
  if (!(u > 0 && u < 1)) throw new KanntkError(`${who}: operator roundoff must be in (0, 1), got ${String(op.roundoff)}`);
  return u;
}

export function checkVector(v: Float64Array, n: number, what: string): void {
  if (v.length !== n) throw new KanntkError(`${what} has length ${v.length}, expected the operator size ${n}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(v[i])) throw new KanntkError(`${what}[${i}] is ${v[i]}`);
}

/** Two passes of classical Gram–Schmidt of w against the orthonormal sets; returns the first-pass coefficient on `track` (or 0). */
export function orthogonalize(w: Float64Array, sets: readonly (readonly Float64Array[])[], track?: Float64Array): number {
  let tracked = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (const set of sets) {
      const coefficients = set.map((q) => dot(q, w));
      for (let i = 0; i < set.length; i++) {
        axpy(-coefficients[i], set[i], w);
        if (pass === 0 && set[i] === track) tracked = coefficients[i];
      }
    }
  }
  return tracked;
}

/** One Lanczos run: the three-term recurrence, optionally re-orthogonalised against its basis and a locked set. */
export class LanczosRun {
  readonly alpha: number[] = [];
  /** beta[j] = ‖w‖ after step j+1: T's off-diagonal for j < steps−1, the residual norm β_m for the last. */
  readonly beta: number[] = [];
  /** v₁…v_m (kept only with full re-orthogonalisation). */
  readonly basis: Float64Array[] = [];
  normEstimate = 0;
  invariant = false;
  private current: Float64Array;
  private previous: Float64Array | null = null;

  constructor(
    private readonly op: LinearOperator,
    start: Float64Array, // unit norm, orthogonal to `locked`
    private readonly locked: readonly Float64Array[],
    private readonly full: boolean,
    private readonly roundoff: number,
  ) {
    this.current = start;
  }

  get steps(): number {
    return this.alpha.length;
  }

  async step(): Promise<void> {
    if (this.invariant) throw new Error('LanczosRun.step after breakdown');
    const v = this.current;
    if (this.full) this.basis.push(v);
    const out = await this.op.apply(v);
    checkVector(out, this.op.size, `operator output at Lanczos step ${this.steps + 1}`);
    const w = Float64Array.from(out);
    this.normEstimate = Math.max(this.normEstimate, norm2(w));
    if (this.previous !== null) axpy(-this.beta[this.beta.length - 1], this.previous, w);
    let a = dot(v, w);
    axpy(-a, v, w);
    if (this.full) a += orthogonalize(w, [this.locked, this.basis], v);
    const b = norm2(w);
    this.alpha.push(a);
    this.beta.push(b);
    if (b <= BREAKDOWN * this.roundoff * this.normEstimate) {
      this.invariant = true;
      return;
    }
    this.previous = v;
    this.current = scaleInPlace(w, 1 / b);
  }
}

export type LanczosOptions = {
  /** Number of Lanczos steps m (clipped to the operator size). */
  steps: number;
  /** Start vector (any nonzero norm); default: seeded N(0, I). */
  start?: Float64Array;
  /** Seed of the random start vector (default 0). */
  seed?: number;
  /** 'full' (default): two Gram–Schmidt passes against all previous vectors; 'none': plain three-term recurrence, O(size) memory. */
  reorthogonalize?: 'full' | 'none';
};

export type LanczosResult = {
  /** Diagonal of T_m (length steps). */
  alpha: Float64Array;
  /** Off-diagonal of T_m (length steps − 1). */
  beta: Float64Array;
  /** β_m = ‖A·v_m − α_m·v_m − β_{m−1}·v_{m−1}‖ after orthogonalisation: A·V = V·T + β_m·v_{m+1}·e_mᵀ. */
  residualNorm: number;
  /** Steps that ran: fewer than asked when the Krylov space became invariant. */
  steps: number;
  /** True when the run stopped because β fell to the breakdown level (exact Ritz values). */
  invariant: boolean;
  /** The orthonormal Lanczos vectors v₁…v_m (with 'full' only). */
  basis?: Float64Array[];
  /** max_j ‖A·v_j‖, a lower bound on ‖A‖₂. */
  normEstimate: number;
};

/** Runs m Lanczos steps on a symmetric operator and returns T_m = tridiag(beta, alpha, beta) (and the basis with full re-orthogonalisation). */
export async function lanczos(op: LinearOperator, options: LanczosOptions): Promise<LanczosResult> {
  const roundoff = checkOperator(op, 'lanczos');
  const { steps, seed = 0, reorthogonalize = 'full' } = options;
  if (!Number.isInteger(steps) || steps < 1) throw new KanntkError(`lanczos: steps must be a positive integer, got ${String(steps)}`);
  if (reorthogonalize !== 'full' && reorthogonalize !== 'none') {
    throw new KanntkError(`lanczos: reorthogonalize must be 'full' or 'none', got ${String(reorthogonalize)}`);
  }
  const n = op.size;
  let start: Float64Array;
  if (options.start !== undefined) {
    checkVector(options.start, n, 'lanczos: start vector');
    start = Float64Array.from(options.start);
  } else {
    start = createSeededRandom(seed).fork('lanczos-start').fillNormal(new Float64Array(n));
  }
  const s = norm2(start);
  if (s === 0) throw new KanntkError('lanczos: start vector is zero');
  scaleInPlace(start, 1 / s);
  const run = new LanczosRun(op, start, [], reorthogonalize === 'full', roundoff);
  const m = Math.min(steps, n);
  while (run.steps < m && !run.invariant) await run.step();
  const result: LanczosResult = {
    alpha: Float64Array.from(run.alpha),
    beta: Float64Array.from(run.beta.slice(0, run.steps - 1)),
    residualNorm: run.beta[run.steps - 1],
    steps: run.steps,
    invariant: run.invariant,
    normEstimate: run.normEstimate,
  };
  if (reorthogonalize === 'full') result.basis = run.basis;
  return result;
}
