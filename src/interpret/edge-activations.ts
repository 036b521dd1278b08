// Every edge's function value φ_oi(x_i) of every KAN layer, as graph tensors
// (differentiable, for the sparsity regulariser) — the numeric branch
// ext·Σ_m c_m·B_m(x_i) + c_res·silu(x_i) under the edge mask, plus the
// closed-form edges. A layer's output is Σ_i φ_oi(x_i) + bias_o.

import { KanntkError } from '../errors.js';
import type { Tensor } from '../graph/tensor.js';
import { add, mul } from '../graph/ops/arithmetic.js';
import { reshape } from '../graph/ops/layout.js';
import { matmul } from '../graph/ops/matmul.js';
import { sum } from '../graph/ops/reduce.js';
import { silu } from '../graph/ops/unary.js';
import { tensor } from '../graph/ops/create.js';
import { basisValues, basisIsPerEdge } from '../graph/ops/basis-values.js';
import type { BoundLayer } from '../kan/layers/registry.js';
import type { BoundModel } from '../kan/model.js';
import { symbolicEdgeValues, type EdgeDecorations } from '../kan/layers/edge-decorations.js';

export interface LayerActivations {
  /** the layer's input h [N, n_in] */
  input: Tensor;
  /** φ [N, n_out, n_in] */
  phi: Tensor;
}

/** φ [N, n_out, n_in] of one KAN layer at its input h. */
export function layerEdgeActivations(layer: BoundLayer, h: Tensor): Tensor {
  const { spec, params: p, basis } = layer;
  if (!basis || !p.c_basis) throw new KanntkError(`edge activations: '${spec.type}' layers have no per-edge functions (KAN layers only)`);
  const [n, nIn] = h.shape, nOut = spec.n_out;
  const B = basisValues(h, basis, nOut);
  const nB = B.shape[B.rank - 1];
  const coef = reshape(p.c_basis, [1, nOut, nIn, nB]);
  let phi = sum(mul(basisIsPerEdge(basis) ? B : reshape(B, [n, 1, nIn, nB]), coef), 3);
  const ext = p.c_spl ?? p.c_ext;
  if (ext) phi = mul(phi, reshape(ext, [1, nOut, nIn]));
  if (p.c_res) phi = add(phi, mul(reshape(silu(h), [n, 1, nIn]), reshape(p.c_res, [1, nOut, nIn])));
  const d = spec as unknown as EdgeDecorations;
  if (d.edge_mask) phi = mul(phi, tensor(h.backend, d.edge_mask.data, [1, nOut, nIn]));
  if (d.symbolic?.length) {
    // each closed-form edge's values [N, 1] placed at (out, in) by a one-hot row
    let sym: Tensor | null = null;
    symbolicEdgeValues(h, p.symbolic_affine, d.symbolic).forEach((y, k) => {
      const place = new Float64Array(nOut * nIn);
      place[d.symbolic![k].out * nIn + d.symbolic![k].in] = 1;
      const term = matmul(y, tensor(h.backend, place, [1, nOut * nIn]));
      sym = sym ? add(sym, term) : term;
    });
    phi = add(phi, reshape(sym!, [n, nOut, nIn]));
  }
  return phi;
}

/** The inputs and edge values of every layer on x (KAN layers only). */
export function edgeActivations(model: BoundModel, x: Tensor): LayerActivations[] {
  const out: LayerActivations[] = [];
  let h = x;
  for (const layer of model.layers) {
    out.push({ input: h, phi: layerEdgeActivations(layer, h) });
    h = layer.forward(h);
  }
  return out;
}
