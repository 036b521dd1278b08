// Derivatives of the network output u with respect to its inputs, from the
// graph (each is a differentiable tensor, so d(loss)/dθ flows through them).
// Names follow the inputs: with inputs (t, x), 'u_t', 'u_x', 'u_xx', 'u_tx', 'u_xxx'…

import { KanntkError } from '../errors.js';
import type { Tensor } from '../graph/tensor.js';
import { grad } from '../graph/grad.js';
import { slice, sum } from '../graph/index.js';

/** Parses 'u_xx' into the input indices [ix, ix] given the input names. */
export function parseDerivative(name: string, inputs: readonly string[]): number[] {
  const m = /^u_([a-z]+)$/.exec(name);
  if (!m) throw new KanntkError(`derivative '${name}': expected u_ followed by input names, e.g. u_${inputs[0]}${inputs[0]}`);
  return [...m[1]].map((c) => {
    const i = inputs.indexOf(c);
    if (i < 0) throw new KanntkError(`derivative '${name}': '${c}' is not an input (inputs: ${inputs.join(', ')})`);
    return i;
  });
}

/**
 * u and the requested derivatives at points x [N, d]: { u, u_t, u_xx, … }, each [N, 1].
 * Shared lower orders are computed once (u_x is reused for u_xx and u_xt).
 */
export function inputDerivatives(u: Tensor, x: Tensor, inputs: readonly string[], names: readonly string[]): Record<string, Tensor> {
  if (x.rank !== 2 || x.shape[1] !== inputs.length) throw new KanntkError(`derivatives: points must be [N, ${inputs.length}] (${inputs.join(', ')}), got [${x.shape}]`);
  if (u.rank !== 2 || u.shape[1] !== 1 || u.shape[0] !== x.shape[0]) throw new KanntkError(`derivatives: u must be [${x.shape[0]}, 1], got [${u.shape}]`);
  const n = x.shape[0];
  const out: Record<string, Tensor> = { u };
  // derivative by index path, e.g. "0.1" = d²u/dt dx; built from its prefix
  const cache = new Map<string, Tensor>([['', u]]);
  const byPath = (path: number[]): Tensor => {
    const key = path.join('.');
    const hit = cache.get(key);
    if (hit) return hit;
    const lower = byPath(path.slice(0, -1));
    const [gx] = grad(sum(lower), [x], { createGraph: true });
    // one gradient gives every first derivative of `lower`: cache all of them
    inputs.forEach((_, j) => cache.set([...path.slice(0, -1), j].join('.'), slice(gx, [0, j], [n, 1])));
    return cache.get(key)!;
  };
  for (const name of names) {
    // mixed derivatives commute: sort the path so u_tx and u_xt share work
    out[name] = byPath(parseDerivative(name, inputs).sort((a, b) => a - b));
  }
  return out;
}
