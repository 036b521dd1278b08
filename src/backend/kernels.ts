// The closed set of numeric kernels every backend implements.
//
// The autodiff graph (src/graph) only ever asks a backend to run one of these
// calls; gradients are written in terms of other calls, so a backend never
// knows about differentiation. Each call is a plain object whose fields are
// buffers and integers, which keeps the two backends (WGSL, AssemblyScript)
// and the plain-TypeScript reference (test/reference/kernels.ts) in step.
//
// Conventions shared by all kernels:
// - buffers hold row-major element arrays; `length` counts elements;
// - shapes and strides are in elements; a stride of 0 broadcasts;
// - ranks are at most MAX_RANK (shorter shapes are passed as they are);
// - integer data (indices, labels) is stored as floating-point values.

import type { DeviceBuffer } from './buffer.js';

export const MAX_RANK = 6;

/** Element-wise functions of one argument. `powi` uses `KernelUnary.param` as an integer exponent. */
export const UNARY_FNS = [
  'neg', 'exp', 'log', 'sin', 'cos', 'tanh', 'sigmoid', 'silu',
  'relu', 'step', 'square', 'sqrt', 'abs', 'powi', 'recip',
] as const;
export type UnaryFn = (typeof UNARY_FNS)[number];

/** Element-wise functions of two broadcast arguments. */
export const BINARY_FNS = ['add', 'sub', 'mul', 'div'] as const;
export type BinaryFn = (typeof BINARY_FNS)[number];

export const REDUCE_FNS = ['sum', 'max'] as const;
export type ReduceFn = (typeof REDUCE_FNS)[number];

/**
 * out[i] = fn(x[i]) for i < n.
 * step(x) = x > 0 ? 1 : 0; relu(x) = max(x, 0); silu(x) = x·sigmoid(x);
 * powi(x) = x^param (param an integer, may be negative or 0 → 1);
 * recip(x) = 1/x; sigmoid(x) = 1/(1+exp(-x)).
 */
export interface KernelUnary {
  kind: 'unary';
  fn: UnaryFn;
  x: DeviceBuffer;
  out: DeviceBuffer;
  n: number;
  param: number;
}

/**
 * out[idx] = fn(a[Σ idx_d·aStrides_d], b[Σ idx_d·bStrides_d]) for every
 * multi-index idx of outShape (row-major). Broadcasting is expressed by zero strides.
 */
export interface KernelBinary {
  kind: 'binary';
  fn: BinaryFn;
  a: DeviceBuffer;
  b: DeviceBuffer;
  out: DeviceBuffer;
  outShape: number[];
  aStrides: number[];
  bStrides: number[];
}

/**
 * Reduces a contiguous row-major input of shape `inShape` over the axes whose
 * `reduceAxes[d]` is 1. The output is contiguous over the kept axes (the
 * reduced axes removed, order kept). fn 'sum' adds, 'max' takes the maximum
 * (-Infinity for an empty reduction never happens: reduced extents are ≥ 1).
 */
export interface KernelReduce {
  kind: 'reduce';
  fn: ReduceFn;
  x: DeviceBuffer;
  out: DeviceBuffer;
  inShape: number[];
  reduceAxes: number[]; // 0/1 per axis, same length as inShape
}

/**
 * Batched matrix product out[b, i, j] = Σ_k A[b, i, k] · B[b, k, j]
 * with out contiguous [batch, m, n] and operands addressed by strides:
 * A[b,i,k] = a[b·aStrides[0] + i·aStrides[1] + k·aStrides[2]], likewise B with bStrides.
 * A batch stride of 0 reuses one matrix for every batch entry; transposes are swapped strides.
 */
export interface KernelMatmul {
  kind: 'matmul';
  a: DeviceBuffer;
  b: DeviceBuffer;
  out: DeviceBuffer;
  batch: number;
  m: number;
  k: number;
  n: number;
  aStrides: [number, number, number];
  bStrides: [number, number, number];
}

/**
 * Strided copy: for every multi-index idx of `shape`,
 * out[outOffset + Σ idx_d·outStrides_d] = x[xOffset + Σ idx_d·xStrides_d].
 * Elements of `out` not addressed are left untouched (concat writes each part in turn).
 * Covers transpose, slice, broadcast-to and concat.
 */
export interface KernelCopy {
  kind: 'copy';
  x: DeviceBuffer;
  out: DeviceBuffer;
  shape: number[];
  xStrides: number[];
  xOffset: number;
  outStrides: number[];
  outOffset: number;
}

/**
 * Gather along one axis. x is viewed as [outer, axisLen, inner], idx holds
 * nIdx integer positions in [0, axisLen); out is [outer, nIdx, inner] with
 * out[o, j, r] = x[o, idx[j], r]. Indices are validated before the call.
 */
export interface KernelGather {
  kind: 'gather';
  x: DeviceBuffer;
  idx: DeviceBuffer;
  out: DeviceBuffer;
  outer: number;
  axisLen: number;
  inner: number;
  nIdx: number;
}

/**
 * The adjoint of gather: g is [outer, nIdx, inner], out is [outer, axisLen, inner]
 * and is fully overwritten with out[o, a, r] = Σ_{j: idx[j] = a} g[o, j, r].
 */
export interface KernelScatterAdd {
  kind: 'scatterAdd';
  g: DeviceBuffer;
  idx: DeviceBuffer;
  out: DeviceBuffer;
  outer: number;
  axisLen: number;
  inner: number;
  nIdx: number;
}

/**
 * B-spline basis (Cox–de Boor, half-open intervals; ../shared/fixtures/README.md §3).
 * x is [nPoints, nIn]; grid is [nIn, nKnots] (one knot row per input);
 * out is [nPoints, nIn, nKnots - 1 - k] with the `deriv`-th x-derivative of
 * B_m(x[p, i]; grid[i, :]) of degree k. deriv > k gives zeros. Outside
 * [t_0, t_last) everything is 0; at a knot the right-sided derivative is taken.
 */
export interface KernelBSpline {
  kind: 'bspline';
  x: DeviceBuffer;
  grid: DeviceBuffer;
  out: DeviceBuffer;
  nPoints: number;
  nIn: number;
  nKnots: number;
  k: number;
  deriv: number;
}

/**
 * The KAN layer's fused basis contraction, in three modes of one trilinear form
 *
 *   T = Σ_{n,o,i,m} a[n,o] · s[n,i] · W[o,i,m] · B_{o,i,m}(x[n,i])
 *
 * where B_{o,i,m} is basis function m of edge (o,i). Each mode is the partial
 * derivative of T with respect to one factor, so the VJPs of every mode are
 * other modes (plus element-wise products): the family is closed under
 * differentiation, which is what higher-order gradients of KAN layers need.
 *
 *   mode 'y': out[n,o]   = Σ_i s[n,i] Σ_m W[o,i,m] · B_{o,i,m}(x[n,i])     out [nPoints, nOut]
 *   mode 's': out[n,i]   = Σ_o a[n,o] Σ_m W[o,i,m] · B_{o,i,m}(x[n,i])     out [nPoints, nIn]
 *   mode 'w': out[o,i,m] = Σ_n a[n,o] · s[n,i] · B_{o,i,m}(x[n,i])         out [nOut, nIn, nBasis]
 *
 * `s` null means all ones; `a` is unused (null) in mode 'y'; `w` is unused (null) in mode 'w'.
 * The basis values are computed on the fly; no [nPoints, nIn, nBasis] array is formed.
 *
 * Bases (`table` is a row-major [nRows, nTable] array):
 * - 'bspline': the `deriv`-th x-derivative of the degree-k B-spline basis (as KernelBSpline)
 *   on knot row r = gridPerEdge ? o·nIn + i : i; nTable = number of knots, nBasis = nTable − k − 1.
 * - 'tanhPoly': B_{o,i,m}(x) = Σ_c table[m, c] · tanh(x)^c (one row per basis function, the same
 *   for every edge; nRows = nBasis). Chebyshev layers use it: the host puts the monomial
 *   coefficients of T_j, or of the d-th x-derivative of T_j(tanh x), in the table. `deriv`, `k`
 *   and `gridPerEdge` are ignored.
 */
export interface KernelBasisContract {
  kind: 'basisContract';
  mode: 'y' | 's' | 'w';
  basis: 'bspline' | 'tanhPoly';
  x: DeviceBuffer;
  table: DeviceBuffer;
  w: DeviceBuffer | null;
  a: DeviceBuffer | null;
  s: DeviceBuffer | null;
  out: DeviceBuffer;
  nPoints: number;
  nIn: number;
  nOut: number;
  nBasis: number;
  nTable: number;
  k: number;
  deriv: number;
  gridPerEdge: boolean;
}

/** A basisContract call's mode, basis and sizes without its buffers (e.g. for describing test cases). */
export type BasisContractSizes = Omit<KernelBasisContract, 'kind' | 'x' | 'table' | 'w' | 'a' | 's' | 'out'>;

/**
 * In-place cyclic Jacobi sweeps on a symmetric n×n matrix, for eigendecompositions.
 * Runs `sweeps` full sweeps; each sweep is m−1 rounds (m = n rounded up to even)
 * of m/2 disjoint index pairs (the parallel round-robin ordering), so all rotations
 * of a round commute and a GPU can apply them at once:
 *   round r, pair j (0 ≤ j < m/2): (P(j), P(m−1−j)) with P(0) = 0 and
 *   P(t) = 1 + ((t − 1 + r) mod (m − 1)) for t ≥ 1; a pair containing the dummy
 *   index n (n odd) is skipped; each pair is ordered p < q.
 * For each pair, from the current a_pp, a_qq, a_pq (all read before any rotation of
 * the round is applied): if a_pq = 0 skip; else θ = (a_qq − a_pp)/(2·a_pq),
 * t = sign(θ)/(|θ| + √(θ² + 1)) (sign(0) = 1), c = 1/√(t² + 1), s = t·c, and with
 * the rotation J (J_pp = J_qq = c, J_pq = s, J_qp = −s) the round sets a ← Jᵀ·a·J
 * (all pairs at once) and v ← v·J.
 * a: [n, n] row-major, overwritten (its diagonal converges to the eigenvalues);
 * v: [n, n], overwritten (start from the identity: its columns become the eigenvectors).
 */
export interface KernelJacobiSweeps {
  kind: 'jacobiSweeps';
  a: DeviceBuffer;
  v: DeviceBuffer;
  n: number;
  sweeps: number;
}

/**
 * Householder reduction of a symmetric n×n matrix to tridiagonal form, T = Qᵀ·A·Q with
 * Q = H_0·H_1·…·H_{n−3}, H_j = I − tau[j]·w_j·w_jᵀ, w_j[j+1] = 1, w_j[i] = 0 for i ≤ j.
 * Reads the lower triangle of `a` ([n, n] row-major) and overwrites it: a[i,i] = T_ii,
 * a[i+1,i] = T_{i+1,i}, and w_j[i] for i > j+1 in a[i, j] (LAPACK's dsytrd 'L' layout).
 * tau: [n], tau[j] for j ≤ n−3, zeros after. (The wasm core's fast path for large eigh;
 * backends without it throw a KanntkError.)
 */
export interface KernelTridiagonalize {
  kind: 'tridiagonalize';
  a: DeviceBuffer;
  tau: DeviceBuffer;
  n: number;
}

/** z ← Q·z with the Q left in (a, tau) by 'tridiagonalize'; z: [n, m] row-major, overwritten. */
export interface KernelHouseholderApply {
  kind: 'householderApply';
  a: DeviceBuffer;
  tau: DeviceBuffer;
  z: DeviceBuffer;
  n: number;
  m: number;
}

/** out[i] = value for i < n. */
export interface KernelFill {
  kind: 'fill';
  out: DeviceBuffer;
  n: number;
  value: number;
}

export type KernelCall =
  | KernelUnary
  | KernelBinary
  | KernelReduce
  | KernelMatmul
  | KernelCopy
  | KernelGather
  | KernelScatterAdd
  | KernelBSpline
  | KernelBasisContract
  | KernelJacobiSweeps
  | KernelTridiagonalize
  | KernelHouseholderApply
  | KernelFill;

export type KernelKind = KernelCall['kind'];

/** Every kernel kind, in the order above. */
export const KERNEL_KINDS: readonly KernelKind[] = [
  'unary', 'binary', 'reduce', 'matmul', 'copy', 'gather', 'scatterAdd', 'bspline',
  'basisContract', 'jacobiSweeps', 'tridiagonalize', 'householderApply', 'fill',
];

/** The index pairs of round r of the parallel round-robin ordering (see KernelJacobiSweeps). */
export function jacobiRoundPairs(n: number, r: number): [number, number][] {
  const m = n + (n % 2);
  const P = (t: number) => (t === 0 ? 0 : 1 + ((t - 1 + r) % (m - 1)));
  const pairs: [number, number][] = [];
  for (let j = 0; j < m / 2; j++) {
    const a = P(j), b = P(m - 1 - j);
    if (a >= n || b >= n) continue;
    pairs.push(a < b ? [a, b] : [b, a]);
  }
  return pairs;
}

/** Row-major (contiguous) strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/** Number of elements of a shape (1 for a scalar []). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The buffers a call reads and the one it writes, for use-after-free checks. */
export function buffersOf(call: KernelCall): { reads: DeviceBuffer[]; write: DeviceBuffer } {
  switch (call.kind) {
    case 'unary': return { reads: [call.x], write: call.out };
    case 'binary': return { reads: [call.a, call.b], write: call.out };
    case 'reduce': return { reads: [call.x], write: call.out };
    case 'matmul': return { reads: [call.a, call.b], write: call.out };
    case 'copy': return { reads: [call.x], write: call.out };
    case 'gather': return { reads: [call.x, call.idx], write: call.out };
    case 'scatterAdd': return { reads: [call.g, call.idx], write: call.out };
    case 'bspline': return { reads: [call.x, call.grid], write: call.out };
    case 'basisContract': {
      const reads = [call.x, call.table, call.w, call.a, call.s].filter((b): b is DeviceBuffer => b !== null);
      return { reads, write: call.out };
    }
    // both a and v are read and written in place; v is listed as read so that it is checked too
    case 'jacobiSweeps': return { reads: [call.v], write: call.a };
    case 'tridiagonalize': return { reads: [call.tau], write: call.a };
    case 'householderApply': return { reads: [call.a, call.tau], write: call.z };
    case 'fill': return { reads: [], write: call.out };
  }
}
