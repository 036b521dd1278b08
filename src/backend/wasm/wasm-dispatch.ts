// Translates a validated KernelCall into one call of the core: buffers become
// byte offsets, strided shapes are merged (strided-layout.ts) and written with
// their strides into the core's metadata area.

import type { DeviceBuffer } from '../buffer.js';
import { UNARY_FNS, BINARY_FNS, REDUCE_FNS, contiguousStrides, sizeOf, type KernelCall } from '../kernels.js';
import type { CoreExports } from './core-exports.js';
import type { WasmMemory, WasmRange } from './wasm-memory.js';
import { mergeDims, type StridedLayout } from './strided-layout.js';

/** Codes of KernelBasisContract's mode and basis in the core (assembly/basis-contract.ts). */
export const BASIS_CONTRACT_MODES = ['y', 's', 'w'] as const;
export const BASIS_CODES = ['bspline', 'tanhPoly'] as const;

/** What the dispatcher needs from the backend around it. */
export interface DispatchContext {
  core: CoreExports;
  memory: WasmMemory;
  /** Byte offset of the core's metadata area. */
  metaPtr: number;
  /** Byte offset of at least `bytes` bytes of scratch, valid until the next call. */
  workspace(bytes: number): number;
}

/** Byte offset of a buffer's first element. */
export function ptrOf(buf: DeviceBuffer): number {
  return (buf.handle as WasmRange).ptr;
}

/** Writes shape then each stride array as i32 into the metadata area; returns the rank. */
function writeLayout(ctx: DispatchContext, layout: StridedLayout, ops: number[]): number {
  const i32 = ctx.memory.i32;
  let slot = ctx.metaPtr >>> 2;
  for (const e of layout.shape) i32[slot++] = e;
  for (const op of ops) for (const s of layout.strides[op]) i32[slot++] = s;
  return layout.shape.length;
}

/** Runs one call on the core; the call must have passed validateCall. */
export function dispatch(ctx: DispatchContext, call: KernelCall): void {
  const { core, metaPtr } = ctx;
  switch (call.kind) {
    case 'unary':
      core.unary(UNARY_FNS.indexOf(call.fn), ptrOf(call.x), ptrOf(call.out), call.n, call.param);
      return;
    case 'binary': {
      const layout = mergeDims(call.outShape, [call.aStrides, call.bStrides, contiguousStrides(call.outShape)]);
      if (layout === null) return;
      const rank = writeLayout(ctx, layout, [0, 1]);
      core.binary(BINARY_FNS.indexOf(call.fn), ptrOf(call.a), ptrOf(call.b), ptrOf(call.out), rank, metaPtr);
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
      const rank = writeLayout(ctx, layout, [1]);
      core.reduce(fn, ptrOf(call.x), ptrOf(call.out), outSize, rank, metaPtr);
      return;
    }
    case 'matmul': {
      if (call.batch === 0 || call.m === 0 || call.n === 0) return;
      const i32 = ctx.memory.i32;
      const slot = metaPtr >>> 2;
      i32.set(call.aStrides, slot);
      i32.set(call.bStrides, slot + 3);
      const work = ctx.workspace(core.matmulWorkspaceBytes());
      core.matmul(ptrOf(call.a), ptrOf(call.b), ptrOf(call.out), call.batch, call.m, call.k, call.n, metaPtr, work);
      return;
    }
    case 'copy': {
      const layout = mergeDims(call.shape, [call.xStrides, call.outStrides]);
      if (layout === null) return;
      const rank = writeLayout(ctx, layout, [0, 1]);
      core.copy(ptrOf(call.x) + call.xOffset * 8, ptrOf(call.out) + call.outOffset * 8, rank, metaPtr);
      return;
    }
    case 'gather':
      core.gather(ptrOf(call.x), ptrOf(call.idx), ptrOf(call.out), call.outer, call.axisLen, call.inner, call.nIdx);
      return;
    case 'scatterAdd':
      core.scatterAdd(ptrOf(call.g), ptrOf(call.idx), ptrOf(call.out), call.outer, call.axisLen, call.inner, call.nIdx);
      return;
    case 'bspline': {
      const work = ctx.workspace(Math.max(1, call.nKnots) * 8);
      core.bspline(ptrOf(call.x), ptrOf(call.grid), ptrOf(call.out), call.nPoints, call.nIn, call.nKnots, call.k, call.deriv, work);
      return;
    }
    case 'basisContract': {
      const basis = BASIS_CODES.indexOf(call.basis);
      const perEdge = call.basis === 'bspline' && call.gridPerEdge ? 1 : 0;
      // k only shapes the B-spline window; tanhPoly ignores it (and deriv)
      const k = call.basis === 'bspline' ? call.k : 0;
      const deriv = call.basis === 'bspline' ? call.deriv : 0;
      const bytes = core.basisContractWorkspaceBytes(basis, call.nIn, call.nOut, call.nBasis, k, perEdge);
      const work = ctx.workspace(Math.max(16, bytes));
      const opt = (buf: DeviceBuffer | null) => (buf === null ? 0 : ptrOf(buf));
      core.basisContract(
        BASIS_CONTRACT_MODES.indexOf(call.mode), basis, ptrOf(call.x), ptrOf(call.table), opt(call.w), opt(call.a),
        opt(call.s), call.s === null ? 0 : 1, ptrOf(call.out),
        call.nPoints, call.nIn, call.nOut, call.nBasis, call.nTable, k, deriv, perEdge, work,
      );
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
      const work = ctx.workspace(core.tridiagonalizeWorkspaceBytes(call.n));
      core.tridiagonalize(ptrOf(call.a), ptrOf(call.tau), call.n, work);
      return;
    }
    case 'householderApply': {
      if (call.n < 3 || call.m === 0) return; // no reflectors (Q = I) or nothing to apply them to
      const work = ctx.workspace(core.householderApplyWorkspaceBytes(call.n, call.m));
      core.householderApply(ptrOf(call.a), ptrOf(call.tau), ptrOf(call.z), call.n, call.m, work);
      return;
    }
    case 'fill':
      core.fill(ptrOf(call.out), call.n, call.value);
      return;
  }
}
