// Chebyshev KAN layer: y = Σ_i c_ext[o,i]·Σ_d c_basis[o,i,·]·T_d(tanh x_i) + residual + bias,
// with T_0 dropped when there is a bias (fixtures README §2.3).

import type { Backend } from '../../backend/backend.js';
import type { Tensor } from '../../graph/tensor.js';
import { tensor } from '../../graph/ops/create.js';
import { mul } from '../../graph/ops/arithmetic.js';
import { reshape } from '../../graph/ops/layout.js';
import { contractY } from '../../graph/ops/basis-contract.js';
import { keep } from '../../graph/tape.js';
import type { ChebyshevLayerSpec } from '../layer-types.js';
import { chebyshevTable } from '../chebyshev-table.js';
import type { BoundLayer } from './bound-layer.js';
import { bindParams } from './bind-params.js';
import { addResidualAndBias } from './spline.js';

export function bindChebyshevLayer(backend: Backend, spec: ChebyshevLayerSpec): BoundLayer {
  const offset = spec.bias ? 1 : 0;
  const constants: Tensor[] = [];
  const tables = new Map<number, Tensor>();
  // tables of the d-th x-derivative, made on first use (PDE residuals ask for d = 1, 2, 3…)
  const table = (deriv: number): Tensor => {
    let t = tables.get(deriv);
    if (!t) {
      const { data, shape } = chebyshevTable(spec.D, offset, deriv);
      t = keep(tensor(backend, data, shape, { name: 'chebyshev table' }));
      tables.set(deriv, t);
      constants.push(t);
    }
    return t;
  };
  const params = bindParams(backend, spec);
  const basis = { kind: 'tanhPoly' as const, table, nBasis: spec.D + 1 - offset, deriv: 0 };
  return {
    spec,
    params,
    basis,
    constants,
    forward(x, p = params) {
      const W = p.c_ext ? mul(p.c_basis, reshape(p.c_ext, [spec.n_out, spec.n_in, 1])) : p.c_basis;
      const y = contractY(x, W, null, basis);
      return addResidualAndBias(y, x, p);
    },
  };
}
