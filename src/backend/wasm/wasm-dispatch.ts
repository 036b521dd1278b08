// Translates a validated KernelCall into one call of the core: buffers become
// byte offsets, strided shapes are merged (strided-layout.ts) and written with
// their strides into the core's metadata area.

import type { DeviceBuffer } from '../buffer.js';
import { UNARY_FNS, BINARY_FNS, REDUCE_FNS, contiguousStrides, sizeOf, type KernelCall } from '../kernels.js';
import type { CoreExports } from './core-exports.js';
import type { WasmMemory, WasmRange } from './wasm-memory.js';
import { mergeDims, type StridedLayout } from './strided-layout.js';
import { basisContractSlices, elementRanges, matmulSlices, outerDimSlices, reduceSlices } from './parallel-split.js';
import type { ParallelOp, ThreadPool } from './thread-pool.js';

/** Codes of KernelBasisContract's mode and basis in the core (assembly/basis-contract.ts). */
export const BASIS_CONTRACT_MODES = ['y', 's', 'w'] as const;
export const BASIS_CODES = ['bspline', 'tanhPoly'] as const;

/** What the dispatcher needs from the backend around it. */
export interface DispatchContext {
  core: CoreExports;
  memory: WasmMemory;
  /** Byte offset of the metadata block (shapes, strides, odometer: META_SLOTS i32) of thread `thread` (0: the caller). */
  metaOf(thread: number): number;
  /** Byte offset of at least `bytes` bytes of scratch for thread `thread` (0: the caller), valid until the next call. */
  workspace(bytes: number, thread?: number): number;
  /** Worker threads sharing the memory, or null (one thread). */
  pool: ThreadPool | null;
  /** Calls with less work than this (about one multiply-add or element each) run on one thread. */
  parallelMinWork: number;
}

/**
 * Cost per element of the element-wise kernels in the units of parallelMinWork: memory-bound
 * copies and sums split only from ~2^17 elements (below that a second thread costs more than it
 * brings), the transcendental unary functions from ~2^14.
 */
const ELEMENT_WORK = 1;
const UNARY_WORK = 8;
/** Matrices from this order on share the tridiagonal reduction's steps between threads (below, barriers cost more). */
const TRIDIAGONAL_MIN_N = 192;

/** Threads a call of `work` should use now: 1 unless the pool is ready and the call is big enough. */
function threadsFor(ctx: DispatchContext, work: number): number {
  return ctx.pool !== null && work >= ctx.parallelMinWork && ctx.pool.ready ? ctx.pool.threads : 1;
}

/**
 * Runs core[op] once per argument list, list t on thread t; with `workBytes`
 * each gets its own workspace as a last argument.
 */
function runSlices(ctx: DispatchContext, op: ParallelOp, slices: number[][], workBytes?: number): void {
  const fn = ctx.core[op] as (...args: number[]) => void;
  const lists = workBytes === undefined ? slices : slices.map((args, t) => [...args, ctx.workspace(workBytes, t)]);
  if (lists.length === 1) fn(...lists[0]);
  else ctx.pool!.run(op, lists, (args) => fn(...args));
}

/** Byte offset of a buffer's first element. */
export function ptrOf(buf: DeviceBuffer): number {
  return (buf.handle as WasmRange).ptr;
}

/** Writes shape then each listed stride array as i32 into a metadata block; returns the rank. */
function writeLayout(ctx: DispatchContext, layout: StridedLayout, ops: number[], meta: number): number {
  const i32 = ctx.memory.i32;
  let slot = meta >>> 2;
  for (const e of layout.shape) i32[slot++] = e;
  for (const op of ops) for (const s of layout.strides[op]) i32[slot++] = s;
  return layout.shape.length;
}

/** Element-wise calls over [0, n): one [begin, end) per thread. */
function elementSlices(ctx: DispatchContext, n: number, weight: number, args: (begin: number, end: number) => number[]): number[][] {
  return elementRanges(n, threadsFor(ctx, n * weight)).map(([b, e]) => args(b, e));
}

/** A strided walk (binary, copy) cut along its outer dim; each slice's layout goes to its thread's metadata block. */
function stridedSlices(
  ctx: DispatchContext, layout: StridedLayout, metaOps: number[], writable: number,
  args: (shift: number[], rank: number, meta: number) => number[],
): number[][] {
  const threads = threadsFor(ctx, sizeOf(layout.shape) * ELEMENT_WORK);
  return outerDimSlices(layout.shape, layout.strides, threads, writable).map((slice, t) => {
    const meta = ctx.metaOf(t);
    return args(slice.shift, writeLayout(ctx, slice, metaOps, meta), meta);
  });
}

/** Runs one call on the core; the call must have passed validateCall. */
export function dispatch(ctx: DispatchContext, call: KernelCall): void {
  const { core } = ctx;
  switch (call.kind) {
    case 'unary': {
      const fn = UNARY_FNS.indexOf(call.fn), x = ptrOf(call.x), out = ptrOf(call.out);
      runSlices(ctx, 'unary', elementSlices(ctx, call.n, UNARY_WORK, (b, e) => [fn, x + b * 8, out + b * 8, e - b, call.param]));
      return;
    }
    case 'binary': {
      const layout = mergeDims(call.outShape, [call.aStrides, call.bStrides, contiguousStrides(call.outShape)]);
      if (layout === null) return;
      const fn = BINARY_FNS.indexOf(call.fn), a = ptrOf(call.a), b = ptrOf(call.b), out = ptrOf(call.out);
      runSlices(ctx, 'binary', stridedSlices(ctx, layout, [0, 1], 2, (shift, rank, meta) => [
        fn, a + shift[0], b + shift[1], out + shift[2], rank, meta,
      ]));
      return;
    }
    case 'reduce': {
      const fn = REDUCE_FNS.indexOf(call.fn);
      const keptShape = call.inShape.filter((_, d) => !call.reduceAxes[d]);
      const outSize = sizeOf(keptShape);
      // out strides: contiguous over the kept axes, 0 on the reduced ones
      const keptStrides = contiguousStrides(keptShape);
      let kept = 0;
      const outStrides = call.inShape.map((_, d) => (call.reduceAxes[d] ? 0 : keptStrides[kept++]));
      const layout = mergeDims(call.inShape, [contiguousStrides(call.inShape), outStrides]);
      if (layout === null) {
        // no input elements: every output is the identity of fn
        core.fill(ptrOf(call.out), outSize, call.fn === 'sum' ? 0 : -Infinity);
        return;
      }
      const x = ptrOf(call.x), out = ptrOf(call.out);
      const threads = threadsFor(ctx, sizeOf(layout.shape) * ELEMENT_WORK);
      const slices = reduceSlices(layout.shape, layout.strides[1], outSize, threads).map((slice, t) => {
        const meta = ctx.metaOf(t);
        const rank = writeLayout(ctx, { shape: slice.shape, strides: [[], slice.outStrides] }, [1], meta);
        return [fn, x + slice.xShift, out + slice.outShift, slice.outSize, rank, meta, slice.xRowBytes];
      });
      runSlices(ctx, 'reduce', slices);
      return;
    }
    case 'matmul': {
      if (call.batch === 0 || call.m === 0 || call.n === 0) return;
      const meta = ctx.metaOf(0);
      const i32 = ctx.memory.i32;
      i32.set(call.aStrides, meta >>> 2);
      i32.set(call.bStrides, (meta >>> 2) + 3);
      const threads = threadsFor(ctx, call.batch * call.m * call.k * call.n);
      const slices = matmulSlices({
        a: ptrOf(call.a), b: ptrOf(call.b), out: ptrOf(call.out), batch: call.batch, m: call.m, k: call.k, n: call.n,
        meta, aStrides: call.aStrides, bStrides: call.bStrides,
      }, threads);
      runSlices(ctx, 'matmul', slices, core.matmulWorkspaceBytes());
      return;
    }
    case 'copy': {
      const layout = mergeDims(call.shape, [call.xStrides, call.outStrides]);
      if (layout === null) return;
      const x = ptrOf(call.x) + call.xOffset * 8, out = ptrOf(call.out) + call.outOffset * 8;
      runSlices(ctx, 'copy', stridedSlices(ctx, layout, [0, 1], 1, (shift, rank, meta) => [x + shift[0], out + shift[1], rank, meta]));
      return;
    }
    case 'gather':
      core.gather(ptrOf(call.x), ptrOf(call.idx), ptrOf(call.out), call.outer, call.axisLen, call.inner, call.nIdx);
      return;
    case 'scatterAdd':
      core.scatterAdd(ptrOf(call.g), ptrOf(call.idx), ptrOf(call.out), call.outer, call.axisLen, call.inner, call.nIdx);
      return;
    case 'bspline': {
      const x = ptrOf(call.x), grid = ptrOf(call.grid), out = ptrOf(call.out);
      const nBasis = Math.max(0, call.nKnots - 1 - call.k);
      const slices = elementSlices(ctx, call.nPoints, call.nIn * (call.k + 1) ** 2 * ELEMENT_WORK, (p0, p1) => [
        x + p0 * call.nIn * 8, grid, out + p0 * call.nIn * nBasis * 8, p1 - p0, call.nIn, call.nKnots, call.k, call.deriv,
      ]);
      runSlices(ctx, 'bspline', slices, core.bsplineWorkspaceBytes(call.nIn, Math.max(1, call.nKnots), call.k));
      return;
    }
    case 'basisContract': {
      const basis = BASIS_CODES.indexOf(call.basis);
      const perEdge = call.basis === 'bspline' && call.gridPerEdge ? 1 : 0;
      // k only shapes the B-spline window; tanhPoly ignores it (and deriv)
      const k = call.basis === 'bspline' ? call.k : 0;
      const deriv = call.basis === 'bspline' ? call.deriv : 0;
      const bytes = core.basisContractWorkspaceBytes(basis, call.nIn, call.nOut, call.nBasis, k, perEdge);
      const opt = (buf: DeviceBuffer | null) => (buf === null ? 0 : ptrOf(buf));
      const window = call.basis === 'bspline' ? k + 1 : call.nBasis;
      const threads = threadsFor(ctx, call.nPoints * call.nIn * call.nOut * window);
      const slices = basisContractSlices({
        mode: BASIS_CONTRACT_MODES.indexOf(call.mode), basis, x: ptrOf(call.x), table: ptrOf(call.table), w: opt(call.w),
        a: opt(call.a), s: opt(call.s), hasS: call.s === null ? 0 : 1, out: ptrOf(call.out),
        nPoints: call.nPoints, nIn: call.nIn, nOut: call.nOut, nBasis: call.nBasis, nTable: call.nTable, k, deriv, perEdge,
      }, threads);
      runSlices(ctx, 'basisContract', slices, Math.max(16, bytes));
      return;
    }
    case 'jacobiSweeps': {
      if (call.n < 2 || call.sweeps === 0) return; // nothing rotates (n = 1 has no pair)
      const work = ctx.workspace(core.jacobiWorkspaceBytes(call.n));
      core.jacobiSweeps(ptrOf(call.a), ptrOf(call.v), call.n, call.sweeps, work);
      return;
    }
    case 'tridiagonalize': {
      if (call.n === 0) return;
      // every thread runs the whole reduction on one shared workspace, sharing each step's row pass
      // (its work grows as n³; below TRIDIAGONAL_MIN_N only a lowered parallelMinWork, in tests, cuts it)
      const threads = threadsFor(ctx, call.n >= TRIDIAGONAL_MIN_N ? Infinity : call.n);
      const bytes = core.tridiagonalizeWorkspaceBytes(call.n, threads);
      const work = ctx.workspace(bytes);
      ctx.memory.i32.fill(0, (work + bytes - 32) >>> 2, (work + bytes) >>> 2); // the barrier's counters
      const a = ptrOf(call.a), tau = ptrOf(call.tau);
      runSlices(ctx, 'tridiagonalize', Array.from({ length: threads }, (_, t) => [a, tau, call.n, work, t, threads]));
      return;
    }
    case 'householderApply': {
      if (call.n < 3 || call.m === 0) return; // no reflectors (Q = I) or nothing to apply them to
      const work = ctx.workspace(core.householderApplyWorkspaceBytes(call.n, call.m));
      core.householderApply(ptrOf(call.a), ptrOf(call.tau), ptrOf(call.z), call.n, call.m, work);
      return;
    }
    case 'fill': {
      const out = ptrOf(call.out);
      runSlices(ctx, 'fill', elementSlices(ctx, call.n, 1, (b, e) => [out + b * 8, e - b, call.value]));
      return;
    }
  }
}
