// The exports of build/core.wasm (assembly/index.ts). Pointers are byte
// offsets into `memory`; counts are element counts; fn codes are positions in
// UNARY_FNS / BINARY_FNS / REDUCE_FNS.

export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  _initialize(): void;
  /** Byte offset of the calling thread's 64-slot i32 block strided calls read shapes/strides from (and keep their odometer in). */
  metaPtr(): number;
  /** First byte above the core's static data. */
  heapBase(): number;
  matmulWorkspaceBytes(): number;
  unary(fn: number, x: number, out: number, n: number, param: number): void;
  binary(fn: number, a: number, b: number, out: number, rank: number, meta: number): void;
  /** xRowBytes: bytes between inner rows of x, 0 when contiguous (a thread's band of columns sets it). */
  reduce(fn: number, x: number, out: number, outSize: number, rank: number, meta: number, xRowBytes: number): void;
  matmul(a: number, b: number, out: number, batch: number, m: number, k: number, n: number, meta: number, work: number): void;
  copy(x: number, out: number, rank: number, meta: number): void;
  gather(x: number, idx: number, out: number, outer: number, axisLen: number, inner: number, nIdx: number): void;
  scatterAdd(g: number, idx: number, out: number, outer: number, axisLen: number, inner: number, nIdx: number): void;
  bspline(x: number, grid: number, out: number, nPoints: number, nIn: number, nKnots: number, k: number, deriv: number, work: number): void;
  /** Scratch bytes bspline needs. */
  bsplineWorkspaceBytes(nIn: number, nKnots: number, k: number): number;
  fill(out: number, n: number, value: number): void;
  /**
   * mode 0 'y' | 1 's' | 2 'w'; basis 0 'bspline' | 1 'tanhPoly'; null buffers pass ptr 0 (and hasS 0);
   * [inBegin, inEnd): the inputs whose part of out mode 'w' writes on the per-input path (0, nIn: all).
   */
  basisContract(
    mode: number, basis: number, x: number, table: number, w: number, a: number, s: number, hasS: number, out: number,
    nPoints: number, nIn: number, nOut: number, nBasis: number, nTable: number, k: number, deriv: number, perEdge: number,
    inBegin: number, inEnd: number, work: number,
  ): void;
  /** Scratch bytes basisContract needs (returned as f64). */
  basisContractWorkspaceBytes(basis: number, nIn: number, nOut: number, nBasis: number, k: number, perEdge: number): number;
  /** In-place Jacobi sweeps on a (n×n) accumulating into v; a !== v. */
  jacobiSweeps(a: number, v: number, n: number, sweeps: number, work: number): void;
  /** Scratch bytes jacobiSweeps needs for an n×n matrix. */
  jacobiWorkspaceBytes(n: number): number;
  /** In-place Householder tridiagonalization of a (n×n, lower triangle) writing tau[0..n); a !== tau. */
  tridiagonalize(a: number, tau: number, n: number, work: number, thread: number, nThreads: number): void;
  /** Scratch bytes tridiagonalize needs for an n×n matrix. */
  tridiagonalizeWorkspaceBytes(n: number, nThreads: number): number;
  /** z (n×m) ← Q·z with the reflectors in (a, tau); z distinct from both. */
  householderApply(a: number, tau: number, z: number, n: number, m: number, work: number): void;
  /** Scratch bytes householderApply needs (returned as f64). */
  householderApplyWorkspaceBytes(n: number, m: number): number;
}

/** Slots in the metadata area (i32); enough for 3 stride arrays + shape at MAX_RANK. */
export const META_SLOTS = 64;
