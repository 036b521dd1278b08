// Jacobian rows: per-sample parameter gradients of every output, in one
// backward pass per output column (not one per sample).

import { KanntkError } from '../errors.js';
import type { Tensor } from './tensor.js';
import { grad } from './grad.js';
import { tensor } from './ops/create.js';
import { concat, reshape } from './ops/layout.js';
import { tidy } from './tape.js';

/**
 * J[a, c, :] = ∂ output[a, c] / ∂θ with θ the row-major concatenation of
 * `params` in the given order. output: [N, C]; result: [N, C, P].
 */
export function jacobianRows(output: Tensor, params: Tensor[]): Tensor {
  if (output.rank !== 2) throw new KanntkError(`jacobianRows: output must be [N, C], got [${output.shape}]`);
  const [n, nOut] = output.shape;
  return tidy(() => {
    const columns: Tensor[] = [];
    for (let c = 0; c < nOut; c++) {
      const seed = new Array(n * nOut).fill(0);
      for (let a = 0; a < n; a++) seed[a * nOut + c] = 1;
      const rows = grad(output, params, { perSample: true, seeds: [tensor(output.backend, seed, [n, nOut])] });
      columns.push(reshape(concat(rows.map((r) => reshape(r, [n, -1])), 1), [n, 1, -1]));
    }
    return columns.length === 1 ? columns[0] : concat(columns, 1);
  });
}
