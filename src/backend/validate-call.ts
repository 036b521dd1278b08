// The kernel contract of kernels.ts, checked on the host before any backend
// runs a call. Backends differ only in what they can do (KernelLimits): which
// kernel kinds they run, how large an array may be, the fixed-size arrays of
// a GPU kernel. Neither kind of backend can afford an unchecked call: the WASM
// core reads raw memory without bounds checks, and a GPU kernel that reads past
// a buffer is silently clamped. A failed check throws a KanntkError naming the
// call kind, the argument and the values.

import { KanntkError } from '../errors.js';
import type { DeviceBuffer } from './buffer.js';
import {
  MAX_RANK, UNARY_FNS, BINARY_FNS, REDUCE_FNS, KERNEL_KINDS, buffersOf, contiguousStrides, sizeOf,
  type KernelCall, type KernelKind, type KernelBasisContract,
} from './kernels.js';

/** Counts, extents and strides travel as 32-bit integers to every backend. */
export const I32_MAX = 2 ** 31 - 1;

/** What a backend can do, as far as the checks of a call are concerned. */
export interface KernelLimits {
  /** The backend's name, for messages and buffer ownership. */
  backend: string;
  /** Kernel kinds it runs; a call of another kind is refused with a message naming the fallback. */
  kernels: ReadonlySet<KernelKind>;
  /** Largest buffer in elements. */
  maxElements: number;
  /** Largest index value an index buffer holds exactly (2^24 for f32 storage). */
  maxIndex?: number;
  /** Fixed-size arrays inside GPU kernels (absent: no such limit). */
  maxBsplineKnots?: number;
  maxBasisDegree?: number;
  maxBasisValues?: number;
  maxJacobiN?: number;
}

/** Reads the host copy of an index buffer, where the backend can (the values of gather/scatterAdd indices). */
export type IndexView = (buf: DeviceBuffer) => ArrayLike<number>;

function fail(kind: string, message: string): never {
  throw new KanntkError(`${kind}: ${message}`);
}

function count(kind: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > I32_MAX) fail(kind, `${name} = ${value} is not a non-negative integer`);
}

function strides(kind: string, name: string, values: readonly number[], rank: number): void {
  if (!Array.isArray(values) || values.length !== rank) {
    fail(kind, `${name} must have ${rank} entries, got ${Array.isArray(values) ? values.length : typeof values}`);
  }
  values.forEach((s, d) => {
    if (!Number.isInteger(s) || Math.abs(s) > I32_MAX) fail(kind, `${name}[${d}] = ${s} is not an integer`);
  });
}

function shape(kind: string, name: string, extents: readonly number[], limits: KernelLimits): void {
  if (!Array.isArray(extents)) fail(kind, `${name} must be an array`);
  if (extents.length > MAX_RANK) fail(kind, `${name} has rank ${extents.length}, more than MAX_RANK = ${MAX_RANK}`);
  extents.forEach((e, d) => count(kind, `${name}[${d}]`, e));
  elements(kind, `${name} [${extents.join(', ')}]`, sizeOf(extents), limits);
}

function elements(kind: string, what: string, n: number, limits: KernelLimits): void {
  if (n > Math.min(I32_MAX, limits.maxElements)) fail(kind, `${what} has ${n} elements, more than the ${limits.backend} backend's ${Math.min(I32_MAX, limits.maxElements)}`);
}

function fits(kind: string, role: string, buf: DeviceBuffer, needed: number): void {
  if (buf.length < needed) fail(kind, `${role} (buffer #${buf.id}) holds ${buf.length} elements, the call needs ${needed}`);
}

/** A strided walk of `extents` from `offset` stays inside buf. */
function span(kind: string, role: string, buf: DeviceBuffer, extents: readonly number[], stride: readonly number[], offset: number): void {
  if (sizeOf(extents) === 0) return; // nothing is touched
  let lo = offset, hi = offset;
  extents.forEach((e, d) => {
    const reach = (e - 1) * stride[d];
    if (reach < 0) lo += reach;
    else hi += reach;
  });
  if (lo < 0 || hi >= buf.length) {
    fail(kind, `${role} (buffer #${buf.id}, ${buf.length} elements) is addressed at [${lo}, ${hi}] by shape [${extents}] and strides [${stride}]`);
  }
}

function notAliased(kind: string, out: DeviceBuffer, inputs: (DeviceBuffer | null)[]): void {
  if (inputs.includes(out)) fail(kind, `out (buffer #${out.id}) must not also be an input`);
}

function maximum(kind: string, name: string, value: number, max: number | undefined, constant: string, limits: KernelLimits): void {
  if (max !== undefined && value > max) fail(kind, `${name} = ${value} exceeds the ${limits.backend} kernel's maximum of ${max} (${constant})`);
}

/** Throws a KanntkError naming the problem if `call` cannot run safely on a backend with `limits`. */
export function validateCall(call: KernelCall, limits: KernelLimits, indexView?: IndexView): void {
  const kind = call.kind;
  if (!KERNEL_KINDS.includes(kind)) throw new KanntkError(`unknown kernel kind '${kind}' (known: ${KERNEL_KINDS.join(', ')})`);
  if (!limits.kernels.has(kind)) {
    fail(kind, `the ${limits.backend} backend does not run this kernel (ask backend.supports('${kind}') first)`);
  }
  const { reads, write } = buffersOf(call);
  for (const buf of [...reads, write]) buf.assertUsable(limits.backend);
  switch (call.kind) {
    case 'unary': {
      if (!UNARY_FNS.includes(call.fn)) fail(kind, `unknown function '${call.fn}'`);
      count(kind, 'n', call.n);
      if (call.fn === 'powi' && !Number.isInteger(call.param)) fail(kind, `powi exponent ${call.param} is not an integer`);
      fits(kind, 'x', call.x, call.n);
      fits(kind, 'out', call.out, call.n);
      return;
    }
    case 'binary': {
      if (!BINARY_FNS.includes(call.fn)) fail(kind, `unknown function '${call.fn}'`);
      shape(kind, 'outShape', call.outShape, limits);
      const rank = call.outShape.length;
      strides(kind, 'aStrides', call.aStrides, rank);
      strides(kind, 'bStrides', call.bStrides, rank);
      span(kind, 'a', call.a, call.outShape, call.aStrides, 0);
      span(kind, 'b', call.b, call.outShape, call.bStrides, 0);
      fits(kind, 'out', call.out, sizeOf(call.outShape));
      // in place is safe only when the aliased input is read exactly where out is written
      const own = contiguousStrides(call.outShape);
      const sameLayout = (s: number[]) => sizeOf(call.outShape) <= 1 || s.every((v, d) => call.outShape[d] === 1 || v === own[d]);
      if ((call.out === call.a && !sameLayout(call.aStrides)) || (call.out === call.b && !sameLayout(call.bStrides))) {
        fail(kind, `out (buffer #${call.out.id}) is also an input with a different layout`);
      }
      return;
    }
    case 'reduce': {
      if (!REDUCE_FNS.includes(call.fn)) fail(kind, `unknown function '${call.fn}'`);
      shape(kind, 'inShape', call.inShape, limits);
      const axes = call.reduceAxes;
      if (!Array.isArray(axes) || axes.length !== call.inShape.length) fail(kind, `reduceAxes must have ${call.inShape.length} entries (one per axis)`);
      axes.forEach((r, d) => {
        if (r !== 0 && r !== 1) fail(kind, `reduceAxes[${d}] = ${r}, expected 0 or 1`);
        if (r === 1 && call.inShape[d] === 0) fail(kind, `axis ${d} is reduced over an empty extent`);
      });
      notAliased(kind, call.out, [call.x]);
      fits(kind, 'x', call.x, sizeOf(call.inShape));
      fits(kind, 'out', call.out, sizeOf(call.inShape.filter((_, d) => !axes[d])));
      return;
    }
    case 'matmul': {
      for (const name of ['batch', 'm', 'k', 'n'] as const) count(kind, name, call[name]);
      strides(kind, 'aStrides', call.aStrides, 3);
      strides(kind, 'bStrides', call.bStrides, 3);
      notAliased(kind, call.out, [call.a, call.b]);
      span(kind, 'a', call.a, [call.batch, call.m, call.k], call.aStrides, 0);
      span(kind, 'b', call.b, [call.batch, call.k, call.n], call.bStrides, 0);
      elements(kind, 'the output', call.batch * call.m * call.n, limits);
      fits(kind, 'out', call.out, call.batch * call.m * call.n);
      return;
    }
    case 'copy': {
      shape(kind, 'shape', call.shape, limits);
      const rank = call.shape.length;
      strides(kind, 'xStrides', call.xStrides, rank);
      strides(kind, 'outStrides', call.outStrides, rank);
      count(kind, 'xOffset', call.xOffset);
      count(kind, 'outOffset', call.outOffset);
      notAliased(kind, call.out, [call.x]);
      span(kind, 'x', call.x, call.shape, call.xStrides, call.xOffset);
      span(kind, 'out', call.out, call.shape, call.outStrides, call.outOffset);
      return;
    }
    case 'gather':
    case 'scatterAdd': {
      for (const name of ['outer', 'axisLen', 'inner', 'nIdx'] as const) count(kind, name, call[name]);
      maximum(kind, 'axisLen', call.axisLen, limits.maxIndex, 'the largest index its storage holds exactly', limits);
      const src = call.kind === 'gather' ? call.x : call.g;
      notAliased(kind, call.out, [src, call.idx]);
      fits(kind, 'idx', call.idx, call.nIdx);
      const full = call.outer * call.axisLen * call.inner;
      const picked = call.outer * call.nIdx * call.inner;
      elements(kind, 'the indexed array', Math.max(full, picked), limits);
      fits(kind, call.kind === 'gather' ? 'x' : 'g', src, call.kind === 'gather' ? full : picked);
      fits(kind, 'out', call.out, call.kind === 'gather' ? picked : full);
      if (indexView) {
        const idx = indexView(call.idx);
        for (let j = 0; j < call.nIdx; j++) {
          const v = idx[j];
          if (!Number.isInteger(v) || v < 0 || v >= call.axisLen) fail(kind, `idx[${j}] = ${v} is out of range [0, ${call.axisLen})`);
        }
      }
      return;
    }
    case 'bspline': {
      for (const name of ['nPoints', 'nIn', 'nKnots', 'k', 'deriv'] as const) count(kind, name, call[name]);
      maximum(kind, 'nKnots', call.nKnots, limits.maxBsplineKnots, 'MAX_BSPLINE_KNOTS', limits);
      if (call.nKnots < call.k + 2) fail(kind, `degree ${call.k} needs at least ${call.k + 2} knots, got ${call.nKnots}`);
      notAliased(kind, call.out, [call.x, call.grid]);
      const nBasis = call.nKnots - 1 - call.k;
      elements(kind, 'the output', call.nPoints * call.nIn * nBasis, limits);
      fits(kind, 'x', call.x, call.nPoints * call.nIn);
      fits(kind, 'grid', call.grid, call.nIn * call.nKnots);
      fits(kind, 'out', call.out, call.nPoints * call.nIn * nBasis);
      return;
    }
    case 'basisContract':
      validateBasisContract(call, limits);
      return;
    case 'jacobiSweeps': {
      // a and v are each read and written in place; they must be two buffers
      const { n, sweeps } = call;
      if (!Number.isInteger(n) || n < 1) fail(kind, `n = ${n} is not a positive integer`);
      count(kind, 'sweeps', sweeps);
      maximum(kind, 'n', n, limits.maxJacobiN, 'MAX_JACOBI_N', limits);
      elements(kind, `an n = ${n} matrix`, n * n, limits);
      if (call.a === call.v) fail(kind, `a and v are the same buffer (#${call.a.id}); both are overwritten in place, they must differ`);
      fits(kind, 'a', call.a, n * n);
      fits(kind, 'v', call.v, n * n);
      return;
    }
    case 'tridiagonalize': {
      // a and tau are both written: they must be two buffers
      const { n } = call;
      count(kind, 'n', n);
      elements(kind, `an n = ${n} matrix`, n * n, limits);
      if (call.a === call.tau) fail(kind, `a and tau are the same buffer (#${call.a.id}); both are written, they must differ`);
      fits(kind, 'a', call.a, n * n);
      fits(kind, 'tau', call.tau, n);
      return;
    }
    case 'householderApply': {
      // z is written while a and tau are read
      const { n, m } = call;
      count(kind, 'n', n);
      count(kind, 'm', m);
      elements(kind, `an n = ${n} matrix`, n * n, limits);
      elements(kind, `z [${n}, ${m}]`, n * m, limits);
      if (call.z === call.a) fail(kind, `z (buffer #${call.z.id}) must not also be a (the reflectors)`);
      if (call.z === call.tau) fail(kind, `z (buffer #${call.z.id}) must not also be tau`);
      fits(kind, 'a', call.a, n * n);
      fits(kind, 'tau', call.tau, n);
      fits(kind, 'z', call.z, n * m);
      return;
    }
    case 'fill': {
      count(kind, 'n', call.n);
      fits(kind, 'out', call.out, call.n);
      return;
    }
    default: {
      const unknown: never = call;
      throw new KanntkError(`unknown kernel kind '${(unknown as { kind: string }).kind}'`);
    }
  }
}

function validateBasisContract(call: KernelBasisContract, limits: KernelLimits): void {
  const { mode, basis, nPoints, nIn, nOut, nBasis, nTable } = call;
  const kind = `basisContract (mode '${mode}', ${basis})`;
  if (!['y', 's', 'w'].includes(mode)) fail('basisContract', `mode '${mode}' is not one of y, s, w`);
  if (basis !== 'bspline' && basis !== 'tanhPoly') fail('basisContract', `basis '${basis}' is not one of bspline, tanhPoly`);
  for (const name of ['nPoints', 'nIn', 'nOut', 'nBasis', 'nTable'] as const) count(kind, name, call[name]);
  let nRows: number;
  if (basis === 'bspline') {
    count(kind, 'k', call.k);
    count(kind, 'deriv', call.deriv);
    if (typeof call.gridPerEdge !== 'boolean') fail(kind, `gridPerEdge must be a boolean, got ${call.gridPerEdge}`);
    maximum(kind, 'degree k', call.k, limits.maxBasisDegree, 'MAX_BASIS_CONTRACT_DEGREE', limits);
    maximum(kind, 'nTable (knots per row)', nTable, limits.maxBsplineKnots, 'MAX_BSPLINE_KNOTS', limits);
    if (nTable < call.k + 2) fail(kind, `degree ${call.k} needs at least ${call.k + 2} knots, got nTable = ${nTable}`);
    if (nBasis !== nTable - call.k - 1) fail(kind, `nBasis = ${nBasis}, expected nTable − k − 1 = ${nTable - call.k - 1}`);
    nRows = call.gridPerEdge ? nOut * nIn : nIn;
  } else {
    maximum(kind, 'nBasis', nBasis, limits.maxBasisValues, 'MAX_BASIS_CONTRACT_VALUES', limits);
    maximum(kind, 'nTable', nTable, limits.maxBasisValues, 'MAX_BASIS_CONTRACT_VALUES', limits);
    nRows = nBasis;
  }
  // which operands each mode reads: a is unused in 'y', w in 'w'; s is optional (null = ones)
  const needs = { w: mode !== 'w', a: mode !== 'y' };
  for (const role of ['w', 'a'] as const) {
    if ((call[role] !== null) !== needs[role]) fail(kind, `${role} must be ${needs[role] ? 'a buffer' : 'null'} in mode '${mode}'`);
  }
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
    elements(kind, role, needed, limits);
    if (buf !== null) fits(kind, role, buf, needed);
  }
  notAliased(kind, call.out, [call.x, call.table, call.w, call.a, call.s]);
}
