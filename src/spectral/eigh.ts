// All eigenpairs of a dense symmetric matrix by cyclic Jacobi (the
// jacobiSweeps kernel of the backend, round-robin ordering), with the noise
// floor of the backend's precision attached to the result.

import type { Backend } from '../backend/backend.js';
import { KanntkError } from '../errors.js';
import type { HostArray } from '../host-array.js';
import { tensor } from '../graph/ops/create.js';
import { emptyTensor, type Tensor } from '../graph/tensor.js';
import { tidy } from '../graph/tape.js';
import { abs, add, matmul, max, mul, reshape, square, sub, sum } from '../graph/index.js';
import { noiseFloor, UNIT_ROUNDOFF } from './noise-floor.js';
import { tridiagonalEigen } from './tridiagonal-eigen.js';
import { hostMultiply, tridiagonalEigenDc, type Multiply } from './tridiagonal-dc.js';

export interface EighOptions {
  /** Compute eigenvectors too (default true). */
  vectors?: boolean;
  /** Jacobi sweeps at most (default 40). */
  maxSweeps?: number;
  /**
   * 'jacobi': cyclic Jacobi on the backend (high relative accuracy for SPD matrices; every backend).
   * 'tridiagonal': Householder reduction, then implicit QL for eigenvalues or divide and conquer for
   *   eigenpairs (O(n³) once, not per sweep; backends with the tridiagonalize kernel, i.e. wasm).
   * 'auto' (default): tridiagonal where the backend has it, else Jacobi.
   */
  method?: 'auto' | 'jacobi' | 'tridiagonal';
}

export interface EighResult {
  /** eigenvalues, descending */
  values: Float64Array;
  /** eigenvectors[r] is the unit eigenvector of values[r], its largest-|·| component positive */
  vectors?: Float64Array[];
  /** eigenvalues with |λ| below this are not resolved by the precision used */
  noiseFloor: number;
  /** per eigenvalue: |λ| ≥ noiseFloor */
  resolved: boolean[];
  /** Jacobi sweeps run (0 for the tridiagonal method) */
  sweeps: number;
  method: 'jacobi' | 'tridiagonal';
  precision: Backend['info']['precision'];
}

function checkSymmetricInput(data: ArrayLike<number>, n: number): void {
  if (data.length !== n * n) throw new KanntkError(`eigh: expected an ${n}×${n} matrix (${n * n} values), got ${data.length}`);
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) throw new KanntkError(`eigh: entry ${i} is ${data[i]}`);
  let scale = 0, asym = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      scale = Math.max(scale, Math.abs(data[i * n + j]));
      asym = Math.max(asym, Math.abs(data[i * n + j] - data[j * n + i]));
    }
  if (asym > 1e-8 * scale) throw new KanntkError(`eigh: the matrix is not symmetric (max |A − Aᵀ| = ${asym.toExponential(2)}, max |A| = ${scale.toExponential(2)}); symmetrise it first`);
}

/** Columns `order` of the row-major n×n V as unit vectors with their largest-|·| component positive. */
function signFixedColumns(V: Float64Array, n: number, order: number[]): Float64Array[] {
  return order.map((col) => {
    const v = Float64Array.from({ length: n }, (_, r) => V[r * n + col]);
    let big = 0;
    for (let r = 1; r < n; r++) if (Math.abs(v[r]) > Math.abs(v[big])) big = r;
    if (v[big] < 0) for (let r = 0; r < n; r++) v[r] = -v[r];
    return v;
  });
}

/** Sorts Jacobi's eigenpairs descending and fixes eigenvector signs. */
function orderEigenpairs(diag: Float64Array, V: Float64Array | null, n: number): { values: Float64Array; vectors?: Float64Array[] } {
  const order = [...diag.keys()].sort((a, b) => diag[b] - diag[a]);
  const values = Float64Array.from(order, (i) => diag[i]);
  return V ? { values, vectors: signFixedColumns(V, n, order) } : { values };
}

function withFloor(values: Float64Array, vectors: Float64Array[] | undefined, n: number, precision: Backend['info']['precision'], sweeps: number, method: EighResult['method']): EighResult {
  const floor = noiseFloor(precision, Math.max(Math.abs(values[0] ?? 0), Math.abs(values[n - 1] ?? 0)), n);
  return { values, vectors, noiseFloor: floor, resolved: Array.from(values, (l) => Math.abs(l) >= floor), sweeps, method, precision };
}

/** Products below this many multiply-adds stay on the host: moving them to the backend costs more. */
const HOST_MULTIPLY_LIMIT = 1 << 18;

/** The backend's matmul as divide and conquer's `multiply`. */
function backendMultiply(backend: Backend): Multiply {
  return (a, b, p, q, r) => {
    if (p * q * r < HOST_MULTIPLY_LIMIT) return hostMultiply(a, b, p, q, r);
    return tidy(async () => matmul(tensor(backend, a, [p, q]), tensor(backend, b, [q, r])).data());
  };
}

/**
 * Householder tridiagonalisation on the backend; eigenvalues of T by QL on the host, or all its
 * eigenpairs by divide and conquer (products on the backend); eigenvectors back-transformed on the backend.
 */
async function eighTridiagonal(backend: Backend, data: ArrayLike<number>, n: number, wantVectors: boolean): Promise<EighResult> {
  return tidy(async () => {
    const a = tensor(backend, data, [n, n], { name: 'matrix' });
    const tau = tensor(backend, new Float64Array(n), [n]);
    backend.run({ kind: 'tridiagonalize', a: a.buffer, tau: tau.buffer, n });
    const A = await a.data();
    const alpha = Float64Array.from({ length: n }, (_, i) => A[i * n + i]);
    const beta = Float64Array.from({ length: n - 1 }, (_, i) => A[(i + 1) * n + i]);
    if (!wantVectors) return withFloor(tridiagonalEigen(alpha, beta).values, undefined, n, backend.info.precision, 0, 'tridiagonal');
    const t = await tridiagonalEigenDc(alpha, beta, { multiply: backendMultiply(backend) });
    // columns of Z are T's eigenvectors (t.vectors row j = eigenvector j); Q·Z gives A's
    const Z = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) Z[i * n + j] = t.vectors[j * n + i];
    const z = tensor(backend, Z, [n, n]);
    backend.run({ kind: 'householderApply', a: a.buffer, tau: tau.buffer, z: z.buffer, n, m: n });
    const QZ = await z.data();
    return withFloor(t.values, signFixedColumns(QZ, n, [...Array(n).keys()]), n, backend.info.precision, 0, 'tridiagonal');
  });
}

/** Eigendecomposition of a symmetric n×n matrix (row-major host data) on a backend. */
/** `engine`: an Engine or a bound model (anything with a backend). */
export async function eigh(engine: { backend: Backend }, matrix: HostArray, options: EighOptions = {}): Promise<EighResult> {
  const backend = engine.backend;
  const [n, m] = matrix.shape;
  if (matrix.shape.length !== 2 || n !== m) throw new KanntkError(`eigh: expected a square matrix, got shape [${matrix.shape}]`);
  checkSymmetricInput(matrix.data, n);
  const method = options.method ?? 'auto';
  if (!['auto', 'jacobi', 'tridiagonal'].includes(method)) throw new KanntkError(`eigh: unknown method '${method}' (expected auto, jacobi or tridiagonal)`);
  const canTridiagonalize = backend.supports('tridiagonalize') && backend.supports('householderApply');
  const useTridiagonal = method === 'tridiagonal' || (method === 'auto' && canTridiagonalize);
  if (useTridiagonal) {
    if (!canTridiagonalize) throw new KanntkError(`eigh: the ${backend.info.name} backend has no tridiagonal reduction; use method 'jacobi' (or the wasm backend)`);
    return eighTridiagonal(backend, matrix.data, n, options.vectors !== false);
  }
  const precision = backend.info.precision;
  const maxSweeps = options.maxSweeps ?? 40;
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  const a = tensor(backend, matrix.data, [n, n], { name: 'matrix' });
  const v = tensor(backend, eye, [n, n]);
  const identity = tensor(backend, eye, [n, n]);
  // the strictly upper triangle: the rotations read a_pq with p < q, and rounding leaves a small
  // antisymmetric part below that no sweep removes (it stalls at ~√n·u·‖A‖)
  const upper = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) upper[i * n + j] = 1;
  const mask = tensor(backend, upper, [n, n]);
  try {
    const norm2 = (await tidy(() => sum(square(a))).data())[0];
    const u = UNIT_ROUNDOFF[precision];
    // Converged when every upper off-diagonal a_ij² ≤ u²·|a_ii·a_jj| + (u·‖A‖_F/n)²: the first term is the
    // relative criterion that gives SPD matrices small eigenvalues to high relative accuracy,
    // the second the absolute one for indefinite or singular matrices.
    const floor2 = (u * u * norm2) / (n * n);
    const converged = () =>
      tidy(async () => {
        const d = sum(mul(a, identity), 1);
        const scale = add(mul(abs(mul(reshape(d, [n, 1]), reshape(d, [1, n]))), u * u), floor2);
        return (await max(mul(sub(square(a), scale), mask)).data())[0] <= 0;
      });
    let sweeps = 0;
    while (sweeps < maxSweeps && n > 1) {
      backend.run({ kind: 'jacobiSweeps', a: a.buffer, v: v.buffer, n, sweeps: 1 });
      sweeps++;
      if (await converged()) break;
    }
    const A = await a.data();
    const diag = Float64Array.from({ length: n }, (_, i) => A[i * n + i]);
    const { values, vectors } = orderEigenpairs(diag, options.vectors === false ? null : await v.data(), n);
    return withFloor(values, vectors, n, precision, sweeps, 'jacobi');
  } finally {
    for (const t of [a, v, identity, mask]) t.dispose();
  }
}

