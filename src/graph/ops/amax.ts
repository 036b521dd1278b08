// The maximum over axes as a differentiable function (as jax.numpy.max): the
// gradient goes to the entries that attain the maximum, shared equally among
// ties. `max` in reduce.ts stays a constant for grad (softmax shifts want that).

import { Tensor } from '../tensor.js';
import { normalizeAxes } from '../shape.js';
import { noPerSample, recordGrad } from './op.js';
import { max, sum } from './reduce.js';
import { broadcastTo, reshape } from './layout.js';
import { div, mul, sub } from './arithmetic.js';
import { step } from './unary.js';

/** max over `axes` (all when omitted) with a gradient: ∂max/∂x_i = [x_i = max] / #ties. */
export function amax(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'amax');
  const out = max(x, ax, keepDims);
  const keptShape = x.shape.map((d, a) => (ax.includes(a) ? 1 : d));
  return recordGrad(out, 'amax', [x], (g, ps) => {
    noPerSample('amax', ps);
    const m = broadcastTo(reshape(out, keptShape), x.shape);
    // 1 where x attains the maximum: step(m − x) is 0 there and 1 below it
    const attains = sub(1, step(sub(m, x)));
    const share = div(attains, broadcastTo(sum(attains, ax, true), x.shape));
    return [mul(broadcastTo(reshape(g, keptShape), x.shape), share)];
  });
}
