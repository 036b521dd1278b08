// Host-side checks of a kernel call before the core runs it. The core reads
// and writes raw memory without bounds checks, so every shape, stride, length
// and index is checked here; a failed check throws a KanntkError naming the
// call kind, the argument and the values.

import { KanntkError } from '../../errors.js';
import type { DeviceBuffer } from '../buffer.js';
import {
  MAX_RANK, UNARY_FNS, BINARY_FNS, REDUCE_FNS, buffersOf, contiguousStrides, sizeOf,
  type KernelCall,
} from '../kernels.js';
import { offsetRange } from './strided-layout.js';

const BACKEND = 'wasm';
/** Counts and strides travel as i32 to the core. */
const I32_MAX = 2 ** 31 - 1;

/** Reads the host copy of a buffer's elements (used for index checks). */
export type HostView = (buf: DeviceBuffer) => Float64Array;

function fail(kind: string, message: string): never {
  throw new KanntkError(`wasm ${kind}: ${message}`);
}

function checkCount(kind: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > I32_MAX) {
    fail(kind, `${name} must be a non-negative integer, got ${value}`);
  }
}

function checkShape(kind: string, name: string, shape: readonly number[]): void {
  if (!Array.isArray(shape)) fail(kind, `${name} must be an array`);
  if (shape.length > MAX_RANK) fail(kind, `${name} has rank ${shape.length} > MAX_RANK ${MAX_RANK}`);
  shape.forEach((e, d) => checkCount(kind, `${name}[${d}]`, e));
  if (sizeOf(shape) > I32_MAX) fail(kind, `${name} [${shape.join(', ')}] has too many elements`);
}

function checkStrides(kind: string, name: string, strides: readonly number[], rank: number): void {
  if (!Array.isArray(strides) || strides.length !== rank) {
    fail(kind, `${name} must have ${rank} entries, got ${Array.isArray(strides) ? strides.length : typeof strides}`);
  }
  strides.forEach((s, d) => {
    if (!Number.isInteger(s) || Math.abs(s) > I32_MAX) fail(kind, `${name}[${d}] must be an integer, got ${s}`);
  });
}

function checkLength(kind: string, role: string, buf: DeviceBuffer, needed: number): void {
  if (buf.length < needed) {
    fail(kind, `${role} buffer #${buf.id} has ${buf.length} elements, the call needs ${needed}`);
  }
}

/** Checks that a strided walk of shape from `offset` stays inside buf. */
function checkStridedAccess(
  kind: string, role: string, buf: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number,
): void {
  if (sizeOf(shape) === 0) return;
  const { min, max } = offsetRange(shape, strides);
  if (offset + min < 0) fail(kind, `${role} strides reach element ${offset + min} < 0`);
  checkLength(kind, role, buf, offset + max + 1);
}

function checkNotAliased(kind: string, out: DeviceBuffer, inputs: DeviceBuffer[]): void {
  if (inputs.includes(out)) fail(kind, `out buffer #${out.id} must not also be an input`);
}

/** Indices must be integers in [0, axisLen). */
function checkIndices(kind: string, idx: Float64Array, nIdx: number, axisLen: number): void {
  for (let j = 0; j < nIdx; j++) {
    const v = idx[j];
    if (!Number.isInteger(v) || v < 0 || v >= axisLen) {
      fail(kind, `idx[${j}] = ${v} is out of range [0, ${axisLen})`);
    }
  }
}

/** Throws a KanntkError if `call` cannot run safely on the wasm backend. */
export function validateCall(call: KernelCall, host: HostView): void {
  const { reads, write } = buffersOf(call);
  for (const buf of [...reads, write]) buf.assertUsable(BACKEND);
  const kind = call.kind;
  switch (call.kind) {
    case 'unary': {
      if (!UNARY_FNS.includes(call.fn)) fail(kind, `unknown function '${call.fn}'`);
      checkCount(kind, 'n', call.n);
      if (call.fn === 'powi' && !Number.isInteger(call.param)) fail(kind, `powi exponent must be an integer, got ${call.param}`);
      checkLength(kind, 'x', call.x, call.n);
      checkLength(kind, 'out', call.out, call.n);
      return;
    }
    case 'binary': {
      if (!BINARY_FNS.includes(call.fn)) fail(kind, `unknown function '${call.fn}'`);
      checkShape(kind, 'outShape', call.outShape);
      const rank = call.outShape.length;
      checkStrides(kind, 'aStrides', call.aStrides, rank);
      checkStrides(kind, 'bStrides', call.bStrides, rank);
      checkStridedAccess(kind, 'a', call.a, call.outShape, call.aStrides, 0);
      checkStridedAccess(kind, 'b', call.b, call.outShape, call.bStrides, 0);
      checkLength(kind, 'out', call.out, sizeOf(call.outShape));
      // in place is safe only when the aliased input is read exactly where out is written
      const own = contiguousStrides(call.outShape);
      const sameLayout = (s: number[]) => sizeOf(call.outShape) <= 1 || s.every((v, d) => call.outShape[d] === 1 || v === own[d]);
      if ((call.out === call.a && !sameLayout(call.aStrides)) || (call.out === call.b && !sameLayout(call.bStrides))) {
        fail(kind, `out buffer #${call.out.id} is also an input with a different layout`);
      }
      return;
    }
    case 'reduce': {
      if (!REDUCE_FNS.includes(call.fn)) fail(kind, `unknown function '${call.fn}'`);
      checkShape(kind, 'inShape', call.inShape);
      const axes = call.reduceAxes;
      if (!Array.isArray(axes) || axes.length !== call.inShape.length) {
        fail(kind, `reduceAxes must have ${call.inShape.length} entries (one per axis)`);
      }
      axes.forEach((r, d) => {
        if (r !== 0 && r !== 1) fail(kind, `reduceAxes[${d}] must be 0 or 1, got ${r}`);
      });
      checkNotAliased(kind, call.out, [call.x]);
      checkLength(kind, 'x', call.x, sizeOf(call.inShape));
      checkLength(kind, 'out', call.out, sizeOf(call.inShape.filter((_, d) => !axes[d])));
      return;
    }
    case 'matmul': {
      for (const name of ['batch', 'm', 'k', 'n'] as const) checkCount(kind, name, call[name]);
      checkStrides(kind, 'aStrides', call.aStrides, 3);
      checkStrides(kind, 'bStrides', call.bStrides, 3);
      checkNotAliased(kind, call.out, [call.a, call.b]);
      checkStridedAccess(kind, 'a', call.a, [call.batch, call.m, call.k], call.aStrides, 0);
      checkStridedAccess(kind, 'b', call.b, [call.batch, call.k, call.n], call.bStrides, 0);
      checkLength(kind, 'out', call.out, call.batch * call.m * call.n);
      if (call.batch * call.m * call.n > I32_MAX) fail(kind, 'output has too many elements');
      return;
    }
    case 'copy': {
      checkShape(kind, 'shape', call.shape);
      const rank = call.shape.length;
      checkStrides(kind, 'xStrides', call.xStrides, rank);
      checkStrides(kind, 'outStrides', call.outStrides, rank);
      checkCount(kind, 'xOffset', call.xOffset);
      checkCount(kind, 'outOffset', call.outOffset);
      checkNotAliased(kind, call.out, [call.x]);
      checkStridedAccess(kind, 'x', call.x, call.shape, call.xStrides, call.xOffset);
      checkStridedAccess(kind, 'out', call.out, call.shape, call.outStrides, call.outOffset);
      return;
    }
    case 'gather':
    case 'scatterAdd': {
      for (const name of ['outer', 'axisLen', 'inner', 'nIdx'] as const) checkCount(kind, name, call[name]);
      const src = call.kind === 'gather' ? call.x : call.g;
      checkNotAliased(kind, call.out, [src, call.idx]);
      checkLength(kind, 'idx', call.idx, call.nIdx);
      const full = call.outer * call.axisLen * call.inner;
      const picked = call.outer * call.nIdx * call.inner;
      if (full > I32_MAX || picked > I32_MAX) fail(kind, 'too many elements');
      checkLength(kind, call.kind === 'gather' ? 'x' : 'g', src, call.kind === 'gather' ? full : picked);
      checkLength(kind, 'out', call.out, call.kind === 'gather' ? picked : full);
      checkIndices(kind, host(call.idx), call.nIdx, call.axisLen);
      return;
    }
    case 'bspline': {
      for (const name of ['nPoints', 'nIn', 'nKnots', 'k', 'deriv'] as const) checkCount(kind, name, call[name]);
      if (call.nKnots < call.k + 1) fail(kind, `nKnots ${call.nKnots} < k + 1 = ${call.k + 1}`);
      checkNotAliased(kind, call.out, [call.x, call.grid]);
      const nBasis = call.nKnots - 1 - call.k;
      checkLength(kind, 'x', call.x, call.nPoints * call.nIn);
      checkLength(kind, 'grid', call.grid, call.nIn * call.nKnots);
      checkLength(kind, 'out', call.out, call.nPoints * call.nIn * nBasis);
      if (call.nPoints * call.nIn * nBasis > I32_MAX) fail(kind, 'output has too many elements');
      return;
    }
    case 'basisContract': {
      const { mode, basis, nPoints, nIn, nOut, nBasis, nTable } = call;
      if (!['y', 's', 'w'].includes(mode)) fail(kind, `unknown mode '${mode}'`);
      if (basis !== 'bspline' && basis !== 'tanhPoly') fail(kind, `unknown basis '${basis}'`);
      for (const name of ['nPoints', 'nIn', 'nOut', 'nBasis', 'nTable'] as const) checkCount(kind, name, call[name]);
      const spline = basis === 'bspline';
      if (spline) {
        checkCount(kind, 'k', call.k);
        checkCount(kind, 'deriv', call.deriv);
        if (typeof call.gridPerEdge !== 'boolean') fail(kind, `gridPerEdge must be a boolean, got ${call.gridPerEdge}`);
        if (nTable < call.k + 2) fail(kind, `bspline needs nTable >= k + 2 = ${call.k + 2} knots, got ${nTable}`);
        if (nBasis !== nTable - call.k - 1) {
          fail(kind, `bspline nBasis must be nTable - k - 1 = ${nTable - call.k - 1}, got ${nBasis}`);
        }
      }
      // which operands each mode reads: a is unused in 'y', w in 'w', s in 's' (∂T/∂s has no s)
      const need = { w: mode !== 'w', a: mode !== 'y', s: mode !== 's' };
      for (const role of ['w', 'a'] as const) {
        if (need[role] && call[role] === null) fail(kind, `mode '${mode}' needs ${role}, got null`);
        if (!need[role] && call[role] !== null) fail(kind, `mode '${mode}' does not use ${role}; pass null`);
      }
      if (!need.s && call.s !== null) fail(kind, `mode 's' does not use s (it is the variable); pass null`);
      const nRows = spline ? (call.gridPerEdge ? nOut * nIn : nIn) : nBasis;
      const outLen = mode === 'y' ? nPoints * nOut : mode === 's' ? nPoints * nIn : nOut * nIn * nBasis;
      const sizes: Array<[string, DeviceBuffer | null, number]> = [
        ['x', call.x, nPoints * nIn],
        ['table', call.table, nRows * nTable],
        ['w', call.w, nOut * nIn * nBasis],
        ['a', call.a, nPoints * nOut],
        ['s', call.s, nPoints * nIn],
        ['out', call.out, outLen],
      ];
      for (const [role, buf, needed] of sizes) {
        if (needed > I32_MAX) fail(kind, `${role} would have ${needed} elements, more than ${I32_MAX}`);
        if (buf !== null) checkLength(kind, role, buf, needed);
      }
      checkNotAliased(kind, call.out, [call.x, call.table, call.w, call.a, call.s].filter((b): b is DeviceBuffer => b !== null));
      return;
    }
    case 'jacobiSweeps': {
      // a and v are each read and written in place; they must be two buffers
      const { n, sweeps } = call;
      if (!Number.isInteger(n) || n < 1) fail(kind, `n must be an integer >= 1, got ${n}`);
      if (n * n > I32_MAX) fail(kind, `n = ${n} is too large (n² = ${n * n} elements)`);
      checkCount(kind, 'sweeps', sweeps);
      if (call.a === call.v) fail(kind, `a and v must be different buffers, both are #${call.a.id}`);
      checkLength(kind, 'a', call.a, n * n);
      checkLength(kind, 'v', call.v, n * n);
      return;
    }
    case 'tridiagonalize': {
      // a and tau are both written: they must be two buffers
      const { n } = call;
      checkCount(kind, 'n', n);
      if (n * n > I32_MAX) fail(kind, `n = ${n} is too large (n² = ${n * n} elements)`);
      if (call.a === call.tau) fail(kind, `a and tau must be different buffers, both are #${call.a.id}`);
      checkLength(kind, 'a', call.a, n * n);
      checkLength(kind, 'tau', call.tau, n);
      return;
    }
    case 'householderApply': {
      // z is written while a and tau are read
      const { n, m } = call;
      checkCount(kind, 'n', n);
      checkCount(kind, 'm', m);
      if (n * n > I32_MAX) fail(kind, `n = ${n} is too large (n² = ${n * n} elements)`);
      if (n * m > I32_MAX) fail(kind, `z [${n}, ${m}] has too many elements`);
      if (call.z === call.a) fail(kind, `z buffer #${call.z.id} must not also be a (the reflectors)`);
      if (call.z === call.tau) fail(kind, `z buffer #${call.z.id} must not also be tau`);
      checkLength(kind, 'a', call.a, n * n);
      checkLength(kind, 'tau', call.tau, n);
      checkLength(kind, 'z', call.z, n * m);
      return;
    }
    case 'fill': {
      checkCount(kind, 'n', call.n);
      checkLength(kind, 'out', call.out, call.n);
      return;
    }
    default: {
      const unknown: never = call;
      throw new KanntkError(`wasm: unknown kernel kind '${(unknown as { kind: string }).kind}'`);
    }
  }
}
