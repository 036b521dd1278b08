// Host-side checks of a kernel call before it is queued on the GPU. A GPU kernel
// that reads past a buffer does not fail (robust access clamps), so every index
// range the call implies is checked here against the buffer lengths.
// What cannot be checked here: the *values* of gather/scatterAdd indices, which
// live on the device (the shaders turn a bad gather index into NaN and make
// scatterAdd skip it).

import { KanntkError } from '../../errors.js';
import { MAX_RANK, buffersOf, sizeOf } from '../kernels.js';
import type { KernelCall, KernelBasisContract, KernelJacobiSweeps } from '../kernels.js';
import type { DeviceBuffer } from '../buffer.js';
import {
  MAX_BSPLINE_KNOTS, MAX_BASIS_CONTRACT_DEGREE, MAX_BASIS_CONTRACT_VALUES,
  BASIS_CONTRACT_MODES, BASIS_CONTRACT_BASES, MAX_JACOBI_N,
} from './shader-variants.js';

/** Largest integer an f32 index value represents exactly (gather/scatterAdd positions). */
export const MAX_F32_INDEX = 2 ** 24;

/** What the device allows, for the checks that depend on it. */
export interface DeviceLimits {
  /** Largest storage buffer in bytes (min of maxBufferSize and maxStorageBufferBindingSize). */
  maxBufferBytes: number;
}

/**
 * Throws a KanntkError naming the problem if `call` is not safe to run on backend
 * `backendName` (with `limits`, also if it exceeds what the device allows).
 */
export function validateCall(call: KernelCall, backendName: string, limits?: DeviceLimits): void {
  const { reads, write } = buffersOf(call);
  for (const buf of [...reads, write]) buf.assertUsable(backendName);
  const what = call.kind;
  switch (call.kind) {
    case 'unary':
      count(what, 'n', call.n);
      if (call.fn === 'powi' && !Number.isInteger(call.param)) {
        throw new KanntkError(`unary powi: exponent ${call.param} is not an integer`);
      }
      fits(what, 'x', call.x, call.n);
      fits(what, 'out', call.out, call.n);
      return;
    case 'binary':
      shapeAndStrides(what, call.outShape, { aStrides: call.aStrides, bStrides: call.bStrides });
      span(what, 'a', call.a, call.outShape, call.aStrides, 0);
      span(what, 'b', call.b, call.outShape, call.bStrides, 0);
      fits(what, 'out', call.out, sizeOf(call.outShape));
      return;
    case 'reduce': {
      shapeAndStrides(what, call.inShape, { reduceAxes: call.reduceAxes });
      call.reduceAxes.forEach((flag, d) => {
        if (flag !== 0 && flag !== 1) throw new KanntkError(`reduce: reduceAxes[${d}] = ${flag}, expected 0 or 1`);
        if (flag === 1 && call.inShape[d] === 0) throw new KanntkError(`reduce: axis ${d} reduced over an empty extent`);
      });
      fits(what, 'x', call.x, sizeOf(call.inShape));
      fits(what, 'out', call.out, sizeOf(call.inShape.filter((_, d) => !call.reduceAxes[d])));
      return;
    }
    case 'matmul': {
      for (const [name, v] of [['batch', call.batch], ['m', call.m], ['k', call.k], ['n', call.n]] as const) count(what, name, v);
      if (call.aStrides.length !== 3 || call.bStrides.length !== 3) {
        throw new KanntkError('matmul: aStrides and bStrides must have 3 entries (batch, row, column)');
      }
      strides(what, 'aStrides', call.aStrides);
      strides(what, 'bStrides', call.bStrides);
      span(what, 'a', call.a, [call.batch, call.m, call.k], call.aStrides, 0);
      span(what, 'b', call.b, [call.batch, call.k, call.n], call.bStrides, 0);
      fits(what, 'out', call.out, call.batch * call.m * call.n);
      return;
    }
    case 'copy':
      shapeAndStrides(what, call.shape, { xStrides: call.xStrides, outStrides: call.outStrides });
      count(what, 'xOffset', call.xOffset);
      count(what, 'outOffset', call.outOffset);
      span(what, 'x', call.x, call.shape, call.xStrides, call.xOffset);
      span(what, 'out', call.out, call.shape, call.outStrides, call.outOffset);
      return;
    case 'gather':
    case 'scatterAdd': {
      for (const [name, v] of [['outer', call.outer], ['axisLen', call.axisLen], ['inner', call.inner], ['nIdx', call.nIdx]] as const) {
        count(what, name, v);
      }
      if (call.axisLen > MAX_F32_INDEX) {
        throw new KanntkError(`${what}: axisLen ${call.axisLen} exceeds ${MAX_F32_INDEX}, the largest index f32 stores exactly`);
      }
      const full = call.outer * call.axisLen * call.inner;
      const picked = call.outer * call.nIdx * call.inner;
      fits(what, 'idx', call.idx, call.nIdx);
      if (call.kind === 'gather') {
        fits(what, 'x', call.x, full);
        fits(what, 'out', call.out, picked);
      } else {
        fits(what, 'g', call.g, picked);
        fits(what, 'out', call.out, full);
      }
      return;
    }
    case 'bspline': {
      for (const [name, v] of [['nPoints', call.nPoints], ['nIn', call.nIn], ['nKnots', call.nKnots], ['k', call.k], ['deriv', call.deriv]] as const) {
        count(what, name, v);
      }
      if (call.nKnots > MAX_BSPLINE_KNOTS) {
        throw new KanntkError(
          `bspline: ${call.nKnots} knots per input exceed the WebGPU kernel's maximum of ${MAX_BSPLINE_KNOTS} (MAX_BSPLINE_KNOTS)`,
        );
      }
      if (call.nKnots < call.k + 2) {
        throw new KanntkError(`bspline: degree ${call.k} needs at least ${call.k + 2} knots, got ${call.nKnots}`);
      }
      fits(what, 'x', call.x, call.nPoints * call.nIn);
      fits(what, 'grid', call.grid, call.nIn * call.nKnots);
      fits(what, 'out', call.out, call.nPoints * call.nIn * (call.nKnots - 1 - call.k));
      return;
    }
    case 'basisContract':
      validateBasisContract(call);
      return;
    case 'jacobiSweeps':
      validateJacobiSweeps(call, limits);
      return;
    case 'tridiagonalize':
    case 'householderApply':
      // sequential O(n³) reductions: the CPU core's fast path; eigh uses Jacobi on the GPU
      throw new KanntkError(`webgpu: the '${call.kind}' kernel runs on the wasm backend only (eigh uses the Jacobi method on webgpu)`);
    case 'fill':
      count(what, 'n', call.n);
      fits(what, 'out', call.out, call.n);
      return;
  }
}

function validateBasisContract(call: KernelBasisContract): void {
  const what = `basisContract (mode '${call.mode}', ${call.basis})`;
  if (!(BASIS_CONTRACT_MODES as readonly string[]).includes(call.mode)) {
    throw new KanntkError(`basisContract: mode '${call.mode}' is not one of ${BASIS_CONTRACT_MODES.join(', ')}`);
  }
  if (!(BASIS_CONTRACT_BASES as readonly string[]).includes(call.basis)) {
    throw new KanntkError(`basisContract: basis '${call.basis}' is not one of ${BASIS_CONTRACT_BASES.join(', ')}`);
  }
  const { nPoints, nIn, nOut, nBasis, nTable } = call;
  for (const [name, v] of [['nPoints', nPoints], ['nIn', nIn], ['nOut', nOut], ['nBasis', nBasis], ['nTable', nTable]] as const) {
    count(what, name, v);
  }
  // operands each mode reads; s is optional everywhere (mode 's' does not depend on it)
  const needs = { w: call.mode !== 'w', a: call.mode !== 'y' };
  for (const name of ['w', 'a'] as const) {
    const present = call[name] !== null;
    if (present !== needs[name]) {
      throw new KanntkError(`${what}: ${name} must be ${needs[name] ? 'a buffer' : 'null'} in mode '${call.mode}'`);
    }
  }
  let nRows: number;
  if (call.basis === 'bspline') {
    count(what, 'k', call.k);
    count(what, 'deriv', call.deriv);
    if (call.k > MAX_BASIS_CONTRACT_DEGREE) {
      throw new KanntkError(
        `${what}: degree k = ${call.k} exceeds the WebGPU kernel's maximum of ${MAX_BASIS_CONTRACT_DEGREE} (MAX_BASIS_CONTRACT_DEGREE)`,
      );
    }
    if (nTable > MAX_BSPLINE_KNOTS) {
      throw new KanntkError(
        `${what}: ${nTable} knots per row exceed the WebGPU kernel's maximum of ${MAX_BSPLINE_KNOTS} (MAX_BSPLINE_KNOTS)`,
      );
    }
    if (nTable < call.k + 2) {
      throw new KanntkError(`${what}: degree ${call.k} needs at least ${call.k + 2} knots, got nTable = ${nTable}`);
    }
    if (nBasis !== nTable - call.k - 1) {
      throw new KanntkError(`${what}: nBasis = ${nBasis}, expected nTable − k − 1 = ${nTable - call.k - 1}`);
    }
    nRows = call.gridPerEdge ? nOut * nIn : nIn;
  } else {
    for (const [name, v] of [['nBasis', nBasis], ['nTable', nTable]] as const) {
      if (v > MAX_BASIS_CONTRACT_VALUES) {
        throw new KanntkError(
          `${what}: ${name} = ${v} exceeds the WebGPU kernel's maximum of ${MAX_BASIS_CONTRACT_VALUES} (MAX_BASIS_CONTRACT_VALUES)`,
        );
      }
    }
    nRows = nBasis;
  }
  fits(what, 'table', call.table, nRows * nTable);
  fits(what, 'x', call.x, nPoints * nIn);
  if (call.s) fits(what, 's', call.s, nPoints * nIn);
  if (call.a) fits(what, 'a', call.a, nPoints * nOut);
  if (call.w) fits(what, 'w', call.w, nOut * nIn * nBasis);
  const outSize = call.mode === 'y' ? nPoints * nOut : call.mode === 's' ? nPoints * nIn : nOut * nIn * nBasis;
  fits(what, 'out', call.out, outSize);
}

function validateJacobiSweeps(call: KernelJacobiSweeps, limits: DeviceLimits | undefined): void {
  const what = 'jacobiSweeps';
  const { n, sweeps } = call;
  if (!Number.isSafeInteger(n) || n < 1) throw new KanntkError(`${what}: n = ${n} is not a positive integer`);
  count(what, 'sweeps', sweeps);
  if (call.a === call.v) {
    throw new KanntkError(`${what}: a and v are the same buffer (#${call.a.id}); both are overwritten in place, they must differ`);
  }
  if (n > MAX_JACOBI_N) {
    throw new KanntkError(`${what}: n = ${n} exceeds the WebGPU kernel's maximum of ${MAX_JACOBI_N} (MAX_JACOBI_N, u32 indexing)`);
  }
  const bytes = n * n * Float32Array.BYTES_PER_ELEMENT;
  if (limits && bytes > limits.maxBufferBytes) {
    throw new KanntkError(
      `${what}: n = ${n} needs ${n * n} f32 elements (${bytes} bytes) per matrix, over the device limit of ` +
        `${limits.maxBufferBytes} bytes (min of maxBufferSize and maxStorageBufferBindingSize)`,
    );
  }
  fits(what, 'a', call.a, n * n);
  fits(what, 'v', call.v, n * n);
}

function count(what: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new KanntkError(`${what}: ${name} = ${value} is not a non-negative integer`);
  }
}

function strides(what: string, name: string, values: readonly number[]): void {
  values.forEach((v, d) => {
    if (!Number.isSafeInteger(v)) throw new KanntkError(`${what}: ${name}[${d}] = ${v} is not an integer`);
  });
}

/** Checks rank ≤ MAX_RANK, integer extents, and that every per-axis array matches the rank. */
function shapeAndStrides(what: string, shape: readonly number[], perAxis: Record<string, readonly number[]>): void {
  if (shape.length > MAX_RANK) throw new KanntkError(`${what}: rank ${shape.length} exceeds MAX_RANK = ${MAX_RANK}`);
  shape.forEach((extent, d) => count(what, `shape[${d}]`, extent));
  for (const [name, values] of Object.entries(perAxis)) {
    if (values.length !== shape.length) {
      throw new KanntkError(`${what}: ${name} has ${values.length} entries for rank ${shape.length}`);
    }
    strides(what, name, values);
  }
}

function fits(what: string, name: string, buf: DeviceBuffer, needed: number): void {
  if (needed > buf.length) {
    throw new KanntkError(`${what}: ${name} (buffer #${buf.id}) holds ${buf.length} elements, the call needs ${needed}`);
  }
}

/** Checks that offset + Σ idx_d·strides_d stays inside buf for every multi-index of shape. */
function span(what: string, name: string, buf: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): void {
  if (shape.some((extent) => extent === 0)) return; // nothing is touched
  let lo = offset;
  let hi = offset;
  shape.forEach((extent, d) => {
    const reach = (extent - 1) * strides[d];
    if (reach < 0) lo += reach;
    else hi += reach;
  });
  if (lo < 0 || hi >= buf.length) {
    throw new KanntkError(
      `${what}: ${name} (buffer #${buf.id}, ${buf.length} elements) is addressed at [${lo}, ${hi}] by shape [${shape}] and strides [${strides}]`,
    );
  }
}
