// Spline ('spline', knots per input) and base ('base', knots per edge) KAN layers:
// y = Σ_i c_spl[o,i]·Σ_m c_basis[o,i,m]·B_m(x_i) + Σ_i c_res[o,i]·silu(x_i) + bias[o].

import type { Backend } from '../../backend/backend.js';
import type { Tensor } from '../../graph/tensor.js';
import { tensor } from '../../graph/ops/create.js';
import { add, mul } from '../../graph/ops/arithmetic.js';
import { reshape } from '../../graph/ops/layout.js';
import { matmul } from '../../graph/ops/matmul.js';
import { silu } from '../../graph/ops/unary.js';
import { contractY } from '../../graph/ops/basis-contract.js';
import { bsplineBasis } from '../../graph/ops/bspline.js';
import { sum } from '../../graph/ops/reduce.js';
import { broadcastTo } from '../../graph/ops/layout.js';
import { keep } from '../../graph/tape.js';
import type { BaseLayerSpec, SplineLayerSpec } from '../layer-types.js';
import type { BoundLayer } from './bound-layer.js';
import { bindParams } from './bind-params.js';

/** The residual branch and bias shared by the KAN layers: + silu(x)·c_resᵀ + bias. */
export function addResidualAndBias(y: Tensor, x: Tensor, p: Record<string, Tensor>): Tensor {
  let out = y;
  if (p.c_res) out = add(out, matmul(silu(x), p.c_res, { transposeB: true }));
  if (p.bias) out = add(out, p.bias);
  return out;
}

/**
 * The same layer from unfused graph ops: the [N, n_in, n_b] basis tensor is
 * materialised and contracted by matmul. Kept as the benchmark baseline of the
 * fused kernel and as an independent check of it.
 */
function unfusedSplineTerm(x: Tensor, W: Tensor, knots: Tensor, spec: SplineLayerSpec | BaseLayerSpec): Tensor {
  const [n] = x.shape, nB = spec.G + spec.k;
  if (spec.type === 'spline') {
    const B = reshape(bsplineBasis(x, knots, spec.k), [n, spec.n_in * nB]);
    return matmul(B, reshape(W, [spec.n_out, spec.n_in * nB]), { transposeB: true });
  }
  const xEdges = reshape(broadcastTo(reshape(x, [n, 1, spec.n_in]), [n, spec.n_out, spec.n_in]), [n, spec.n_out * spec.n_in]);
  const B = reshape(bsplineBasis(xEdges, knots, spec.k), [n, spec.n_out, spec.n_in, nB]);
  return sum(mul(B, W), [2, 3]);
}

export function bindSplineLayer(backend: Backend, spec: SplineLayerSpec | BaseLayerSpec, fused = true): BoundLayer {
  const perEdge = spec.type === 'base';
  const knots = keep(tensor(backend, spec.grid.data, spec.grid.shape, { name: 'grid' }));
  const nBasis = spec.G + spec.k;
  const params = bindParams(backend, spec);
  const basis = { kind: 'bspline' as const, knots, k: spec.k, perEdge, deriv: 0 };
  return {
    spec,
    params,
    basis,
    constants: [knots],
    forward(x, p = params) {
      // 'base' stores c_basis as [n_out·n_in, n_b]: the same memory as [n_out, n_in, n_b]
      const cBasis = perEdge ? reshape(p.c_basis, [spec.n_out, spec.n_in, nBasis]) : p.c_basis;
      const W = p.c_spl ? mul(cBasis, reshape(p.c_spl, [spec.n_out, spec.n_in, 1])) : cBasis;
      const y = fused ? contractY(x, W, null, basis) : unfusedSplineTerm(x, W, knots, spec);
      return addResidualAndBias(y, x, p);
    },
  };
}
