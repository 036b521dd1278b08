// Ops that move elements without arithmetic: reshape, broadcastTo,
// transpose, slice (and its adjoint, pad), concat.

import { contiguousStrides, sizeOf } from '../../backend/kernels.js';
import { KanntkError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { assertShape, broadcastShapes, broadcastStrides, sameShape } from '../shape.js';
import { backendOf, noPerSample, recordGrad, runKernels } from './op.js';
import { sumTo } from './reduce.js';

/** Same data, new shape (one dimension may be -1). Shares storage: no copy. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  backendOf('reshape', [x]);
  const resolved = resolveShape(shape, x.size, x.shape);
  if (sameShape(resolved, x.shape)) return x;
  const out = new Tensor(x.backend, resolved, x.storage);
  return recordGrad(out, 'reshape', [x], (g, ps) => [reshape(g, ps[0] ? [g.shape[0], ...x.shape] : x.shape)]);
}

function resolveShape(shape: readonly number[], size: number, from: readonly number[]): number[] {
  const free = shape.filter((d) => d === -1).length;
  if (free > 1) throw new KanntkError(`reshape: at most one -1 allowed in [${shape}]`);
  const known = shape.filter((d) => d !== -1);
  assertShape(known, 'reshape');
  const knownSize = sizeOf(known);
  const out = shape.map((d) => (d === -1 ? (knownSize === 0 ? 0 : size / knownSize) : d));
  if (sizeOf(out) !== size || out.some((d) => !Number.isInteger(d))) {
    throw new KanntkError(`reshape: cannot reshape [${from}] (${size} elements) to [${shape}]`);
  }
  return out;
}

/** Repeats x along broadcast axes to reach `shape` (numpy rules). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const backend = backendOf('broadcastTo', [x]);
  const target = broadcastShapes(x.shape, shape, 'broadcastTo');
  if (!sameShape(target, shape)) throw new KanntkError(`broadcastTo: cannot broadcast [${x.shape}] to [${shape}]`);
  if (sameShape(x.shape, shape)) return x;
  const out = runKernels(backend, 'broadcastTo', shape, (o) => ({
    kind: 'copy', x: x.buffer, out: o, shape: [...shape],
    xStrides: broadcastStrides(x.shape, shape), xOffset: 0,
    outStrides: contiguousStrides(shape), outOffset: 0,
  }));
  return recordGrad(out, 'broadcastTo', [x], (g, ps) => [sumTo(g, x.shape, ps[0])]);
}

/** Permutes axes; `perm` defaults to reversing them. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const backend = backendOf('transpose', [x]);
  const p = perm ? [...perm] : [...x.shape.keys()].reverse();
  if (p.length !== x.rank || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
    throw new KanntkError(`transpose: [${p}] is not a permutation of the ${x.rank} axes of [${x.shape}]`);
  }
  const shape = p.map((a) => x.shape[a]);
  const own = contiguousStrides(x.shape);
  const out = runKernels(backend, 'transpose', shape, (o) => ({
    kind: 'copy', x: x.buffer, out: o, shape,
    xStrides: p.map((a) => own[a]), xOffset: 0,
    outStrides: contiguousStrides(shape), outOffset: 0,
  }));
  const inverse = p.map((_, i) => p.indexOf(i));
  return recordGrad(out, 'transpose', [x], (g, ps) => {
    noPerSample('transpose', ps);
    return [transpose(g, inverse)];
  });
}

function checkWindow(op: string, shape: readonly number[], begin: readonly number[], size: readonly number[]): void {
  if (begin.length !== shape.length || size.length !== shape.length) {
    throw new KanntkError(`${op}: begin [${begin}] and size [${size}] must have one entry per axis of [${shape}]`);
  }
  shape.forEach((d, a) => {
    if (!Number.isInteger(begin[a]) || !Number.isInteger(size[a]) || begin[a] < 0 || size[a] < 0 || begin[a] + size[a] > d) {
      throw new KanntkError(`${op}: window begin [${begin}] size [${size}] lies outside shape [${shape}]`);
    }
  });
}

/** The block of x starting at `begin` with extent `size` on every axis (size -1 = to the end). */
export function slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
  const backend = backendOf('slice', [x]);
  const extent = size.map((s, a) => (s === -1 ? x.shape[a] - begin[a] : s));
  checkWindow('slice', x.shape, begin, extent);
  const own = contiguousStrides(x.shape);
  const out = runKernels(backend, 'slice', extent, (o) => ({
    kind: 'copy', x: x.buffer, out: o, shape: extent,
    xStrides: own, xOffset: begin.reduce((s, b, a) => s + b * own[a], 0),
    outStrides: contiguousStrides(extent), outOffset: 0,
  }));
  return recordGrad(out, 'slice', [x], (g, ps) => {
    noPerSample('slice', ps);
    return [padInto(g, x.shape, begin)];
  });
}

/** Zeros of `shape` with x written at offset `begin`: the adjoint of slice. */
export function padInto(x: Tensor, shape: readonly number[], begin: readonly number[]): Tensor {
  const backend = backendOf('pad', [x]);
  checkWindow('pad', shape, begin, x.shape);
  const own = contiguousStrides(shape);
  const out = runKernels(backend, 'pad', shape, (o) => [
    { kind: 'fill', out: o, n: sizeOf(shape), value: 0 },
    {
      kind: 'copy', x: x.buffer, out: o, shape: [...x.shape],
      xStrides: contiguousStrides(x.shape), xOffset: 0,
      outStrides: own, outOffset: begin.reduce((s, b, a) => s + b * own[a], 0),
    },
  ]);
  return recordGrad(out, 'pad', [x], (g, ps) => {
    noPerSample('pad', ps);
    return [slice(g, begin, x.shape)];
  });
}

/** Joins tensors along `axis`; all other extents must agree. */
export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new KanntkError('concat: needs at least one tensor');
  const backend = backendOf('concat', xs);
  const rank = xs[0].rank;
  const ax = axis < 0 ? axis + rank : axis;
  if (ax < 0 || ax >= rank) throw new KanntkError(`concat: axis ${axis} out of range for rank ${rank}`);
  for (const t of xs) {
    if (t.rank !== rank || t.shape.some((d, a) => a !== ax && d !== xs[0].shape[a])) {
      throw new KanntkError(`concat: shapes [${xs[0].shape}] and [${t.shape}] differ off axis ${ax}`);
    }
  }
  const shape = [...xs[0].shape];
  shape[ax] = xs.reduce((s, t) => s + t.shape[ax], 0);
  const own = contiguousStrides(shape);
  const starts: number[] = [];
  xs.reduce((at, t) => (starts.push(at), at + t.shape[ax]), 0);
  const out = runKernels(backend, 'concat', shape, (o) =>
    xs.map((t, i) => ({
      kind: 'copy' as const, x: t.buffer, out: o, shape: [...t.shape],
      xStrides: contiguousStrides(t.shape), xOffset: 0,
      outStrides: own, outOffset: starts[i] * own[ax],
    })),
  );
  return recordGrad(out, 'concat', [...xs], (g, ps) => {
    noPerSample('concat', ps);
    return xs.map((t, i) => {
      const begin = shape.map((_, a) => (a === ax ? starts[i] : 0));
      return slice(g, begin, t.shape);
    });
  });
}
