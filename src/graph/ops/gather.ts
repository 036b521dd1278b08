// Gather along an axis by integer indices, and its adjoint scatterAdd.

import { KanntkError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { backendOf, noPerSample, recordGrad, runKernels } from './op.js';
import { tensor } from './create.js';

/** Integer indices kept on the host too, so that they can be checked before any kernel runs. */
export interface Indices {
  values: readonly number[];
  tensor: Tensor;
}

function layoutAround(shape: readonly number[], axis: number) {
  return {
    outer: shape.slice(0, axis).reduce((s, d) => s * d, 1),
    inner: shape.slice(axis + 1).reduce((s, d) => s * d, 1),
  };
}

function normalizeAxis(axis: number, rank: number, op: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) throw new KanntkError(`${op}: axis ${axis} out of range for rank ${rank}`);
  return a;
}

function indicesFor(x: Tensor, idx: readonly number[] | Indices, axisLen: number, op: string): Indices {
  const values = Array.isArray(idx) ? idx : (idx as Indices).values;
  values.forEach((v, j) => {
    if (!Number.isInteger(v) || v < 0 || v >= axisLen) {
      throw new KanntkError(`${op}: index ${v} at position ${j} is out of range [0, ${axisLen})`);
    }
  });
  if (!Array.isArray(idx)) return idx as Indices;
  return { values, tensor: tensor(x.backend, values, [values.length], { name: `${op} indices` }) };
}

/** out = x with `axis` replaced by the entries idx: out[..., j, ...] = x[..., idx[j], ...]. */
export function gather(x: Tensor, idx: readonly number[] | Indices, axis = 0): Tensor {
  const backend = backendOf('gather', [x]);
  const ax = normalizeAxis(axis, x.rank, 'gather');
  const ix = indicesFor(x, idx, x.shape[ax], 'gather');
  const { outer, inner } = layoutAround(x.shape, ax);
  const shape = x.shape.map((d, a) => (a === ax ? ix.values.length : d));
  const out = runKernels(backend, 'gather', shape, (o) => ({
    kind: 'gather', x: x.buffer, idx: ix.tensor.buffer, out: o,
    outer, axisLen: x.shape[ax], inner, nIdx: ix.values.length,
  }));
  return recordGrad(out, 'gather', [x], (g, ps) => {
    noPerSample('gather', ps);
    return [scatterAdd(g, ix, ax, x.shape[ax])];
  });
}

/** Adjoint of gather: sums g's entries along `axis` into `axisLen` slots given by idx. */
export function scatterAdd(g: Tensor, idx: readonly number[] | Indices, axis: number, axisLen: number): Tensor {
  const backend = backendOf('scatterAdd', [g]);
  const ax = normalizeAxis(axis, g.rank, 'scatterAdd');
  const ix = indicesFor(g, idx, axisLen, 'scatterAdd');
  if (g.shape[ax] !== ix.values.length) {
    throw new KanntkError(`scatterAdd: axis ${ax} of [${g.shape}] has ${g.shape[ax]} entries but there are ${ix.values.length} indices`);
  }
  const { outer, inner } = layoutAround(g.shape, ax);
  const shape = g.shape.map((d, a) => (a === ax ? axisLen : d));
  const out = runKernels(backend, 'scatterAdd', shape, (o) => ({
    kind: 'scatterAdd', g: g.buffer, idx: ix.tensor.buffer, out: o,
    outer, axisLen, inner, nIdx: ix.values.length,
  }));
  return recordGrad(out, 'scatterAdd', [g], (gg, ps) => {
    noPerSample('scatterAdd', ps);
    return [gather(gg, ix, ax)];
  });
}
