// Reductions over axes: sum, mean, max; and sumTo, which undoes broadcasting
// in VJPs (the single place where "reduce a gradient back to its source shape" lives).

import { KanntkError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { normalizeAxes } from '../shape.js';
import { backendOf, noPerSample, recordGrad, runKernels } from './op.js';
import { broadcastTo, reshape } from './layout.js';
import { mulScalar } from './arithmetic.js';

function reduceRaw(x: Tensor, fn: 'sum' | 'max', axes: number[], keepDims: boolean, op: string): Tensor {
  const backend = backendOf(op, [x]);
  const keptShape = x.shape.map((d, a) => (axes.includes(a) ? 1 : d));
  const outShape = keepDims ? keptShape : x.shape.filter((_, a) => !axes.includes(a));
  if (axes.length === 0) return reshape(x, outShape);
  if (fn === 'max' && axes.some((a) => x.shape[a] === 0)) throw new KanntkError(`${op}: max over an empty axis`);
  return runKernels(backend, op, outShape, (out) => ({
    kind: 'reduce', fn, x: x.buffer, out,
    inShape: [...x.shape], reduceAxes: x.shape.map((_, a) => (axes.includes(a) ? 1 : 0)),
  }));
}

/** Sum over `axes` (all axes when omitted). */
export function sum(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'sum');
  const out = reduceRaw(x, 'sum', ax, keepDims, 'sum');
  if (ax.length === 0) return out;
  const keptShape = x.shape.map((d, a) => (ax.includes(a) ? 1 : d));
  return recordGrad(out, 'sum', [x], (g, ps) => {
    noPerSample('sum', ps);
    return [broadcastTo(reshape(g, keptShape), x.shape)];
  });
}

/** Mean over `axes` (all axes when omitted). */
export function mean(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'mean');
  const count = ax.reduce((n, a) => n * x.shape[a], 1);
  if (count === 0) throw new KanntkError(`mean: no elements to average in shape [${x.shape}]`);
  return mulScalar(sum(x, ax, keepDims), 1 / count);
}

/** Maximum over `axes`. Treated as a constant by grad (used for stable softmax shifts). */
export function max(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  return reduceRaw(x, 'max', normalizeAxes(axes, x.rank, 'max'), keepDims, 'max');
}

/**
 * Sums a broadcast gradient g back to `shape`. With perSample, axis 0 of g is
 * the batch and is kept: the result is [N, ...shape].
 */
export function sumTo(g: Tensor, shape: readonly number[], perSample = false): Tensor {
  const lead = g.rank - shape.length;
  if (lead < 0) throw new KanntkError(`sumTo: gradient of rank ${g.rank} cannot reduce to [${shape}]`);
  const axes: number[] = [];
  for (let a = 0; a < g.rank; a++) {
    const target = a < lead ? 1 : shape[a - lead];
    if (perSample && a === 0) {
      if (target !== 1) throw new KanntkError(`per-sample gradients: parameter of shape [${shape}] spans the batch axis`);
      continue;
    }
    if (target === 1 && (g.shape[a] !== 1 || a < lead)) axes.push(a);
  }
  const reduced = axes.length > 0 ? sum(g, axes, true) : g;
  return reshape(reduced, perSample ? [g.shape[0], ...shape] : shape);
}
