// Products with the model's Jacobian J = ∂f(x)/∂θ ([N·C] × P) without forming it:
// Jᵀ·e is one reverse pass seeded with e; J·u is taken by reverse over reverse
// (g(w) = Jᵀ·w is linear in w, so the reverse pass of g seeded with u gives
// ∂⟨g(w), u⟩/∂w = J·u). Vectors over θ are flat, in the model's param order.

import { grad } from '../graph/grad.js';
import { tensor } from '../graph/ops/create.js';
import type { Tensor } from '../graph/tensor.js';
import type { BoundModel } from '../kan/model.js';

/** Jᵀ·e at the bound parameters: e [N, C] the cotangent of the outputs f(x) [N, C]; returns a flat [P] tensor. */
export function vjp(model: BoundModel, x: Tensor, e: Tensor): Tensor {
  return model.flatParams(grad(model.forward(x), model.params, { seeds: [e] }));
}

/** J·u at the bound parameters for a flat u [P]: the outputs' directional derivative, [N, C]. */
export function jvp(model: BoundModel, x: Tensor, u: Float64Array): Tensor {
  const backend = model.backend;
  const [n] = x.shape;
  const w = tensor(backend, new Float64Array(n * model.model.nOut), [n, model.model.nOut], { name: 'cotangent w' });
  const g = grad(model.forward(x), model.params, { seeds: [w], createGraph: true });
  const seeds = model.model.paramOrder().map((e) => tensor(backend, u.subarray(e.offset, e.offset + e.size), e.shape));
  return grad(g, [w], { seeds })[0];
}
