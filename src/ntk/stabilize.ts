// The stabilised kernel of the research code: (K + Kᵀ)/2 + ε·I with ε = 1e-12·trace/n.

import type { Tensor } from '../graph/tensor.js';
import { add, mul, transpose } from '../graph/index.js';
import { tensor } from '../graph/ops/create.js';
import { KanntkError } from '../errors.js';

/** Host version: returns the stabilised copy and the jitter ε. */
export function stabilizeHost(K: ArrayLike<number>, n: number): { matrix: Float64Array; jitter: number } {
  if (K.length !== n * n) throw new KanntkError(`stabilize: expected ${n}×${n} = ${n * n} values, got ${K.length}`);
  const out = new Float64Array(n * n);
  let trace = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = (K[i * n + j] + K[j * n + i]) / 2;
    trace += out[i * n + i];
  }
  const jitter = (1e-12 * trace) / n;
  for (let i = 0; i < n; i++) out[i * n + i] += jitter;
  return { matrix: out, jitter };
}

/** Graph version on the backend; `trace` is the trace of K (known from the host or a read). */
export function stabilize(K: Tensor, trace: number): Tensor {
  const n = K.shape[0];
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = (1e-12 * trace) / n;
  return add(mul(add(K, transpose(K)), 0.5), tensor(K.backend, eye, [n, n]));
}
