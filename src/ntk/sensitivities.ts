// What the structured NTK needs from one pass through the network: every
// layer's input h^ℓ and the output sensitivities δ^ℓ = ∂f_c/∂y^ℓ (per sample),
// obtained for all layers at once by one backward pass per output column c.

import type { Tensor } from '../graph/tensor.js';
import { grad } from '../graph/grad.js';
import { slice, sum } from '../graph/index.js';
import type { BoundModel } from '../kan/model.js';

export interface LayerTrace {
  /** inputs h^ℓ [n, n_in] of every layer */
  inputs: Tensor[];
  /** sensitivities[c][ℓ] = ∂f_c/∂y^ℓ [n, n_out(ℓ)] */
  sensitivities: Tensor[][];
}

export function traceLayers(model: BoundModel, x: Tensor): LayerTrace {
  const inputs: Tensor[] = [];
  const outputs: Tensor[] = [];
  let h = x;
  for (const layer of model.layers) {
    inputs.push(h);
    h = layer.forward(h);
    outputs.push(h);
  }
  const [n, nOut] = h.shape;
  // samples are independent, so ∂(Σ_a f_c(x_a))/∂y^ℓ[a] = ∂f_c(x_a)/∂y^ℓ[a]
  const sensitivities = Array.from({ length: nOut }, (_, c) => grad(sum(slice(h, [0, c], [n, 1])), outputs));
  return { inputs, sensitivities };
}
