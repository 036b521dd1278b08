// The weighted physics-informed loss of the research:
//   L = mean_i (λ_E,i·r_i)² + mean_j (λ_B,j·(u(x_j) − g_j))²
// By default the residual-based attention weights λ are constants inside L
// (jaxKAN's rule: they are updated after the step). With `researchRba` the
// weights are recomputed inside L from the current residuals,
//   λ = γ·λ_prev + η·|r|/max|r|,
// and differentiated with it (the research code applies no stop-gradient).

/** The research's RBA rule: weights from the current residuals, inside the loss and its gradient. */
export interface ResearchRba {
  gamma: number;
  eta: number;
}

import type { Tensor } from '../graph/tensor.js';
import { abs, add, amax, div, mean, mul, square, sub } from '../graph/index.js';
import type { BoundModel } from '../kan/model.js';
import type { PdeDefinition } from './pde-definition.js';
import { pdeResidual } from './residual.js';

export interface PinnBatch {
  /** interior points [N_E, d] and boundary/initial points [N_B, d] */
  interior: Tensor;
  boundary: Tensor;
  /** targets g at the boundary points [N_B, 1] */
  g: Tensor;
  /** RBA weights [N_E, 1] and [N_B, 1] (with researchRba: the previous step's) */
  wE: Tensor;
  wB: Tensor;
  /** recompute the weights inside the loss, as the research does */
  researchRba?: ResearchRba;
}

export interface PinnLossParts {
  loss: Tensor;
  /** r_i [N_E, 1] */
  residual: Tensor;
  /** u(x_j) − g_j [N_B, 1] */
  boundaryResidual: Tensor;
  /** the weights the loss used: the batch's, or with researchRba the recomputed ones */
  wE: Tensor;
  wB: Tensor;
}

/** γ·w + η·|r|/max|r|, differentiable in r (0/0 guarded: all-zero residuals leave γ·w). */
function researchWeights(w: Tensor, r: Tensor, rule: ResearchRba): Tensor {
  const a = abs(r);
  const top = amax(a);
  return add(mul(w, rule.gamma), mul(div(a, add(top, Number.MIN_VALUE)), rule.eta));
}

export function pinnLoss(model: BoundModel, pde: PdeDefinition, batch: PinnBatch, params?: Tensor[]): PinnLossParts {
  const { residual } = pdeResidual(model, pde, batch.interior, { params });
  const boundaryResidual = sub(model.forward(batch.boundary, params), batch.g);
  const rule = batch.researchRba;
  const wE = rule ? researchWeights(batch.wE, residual, rule) : batch.wE;
  const wB = rule ? researchWeights(batch.wB, boundaryResidual, rule) : batch.wB;
  const loss = add(mean(square(mul(wE, residual))), mean(square(mul(wB, boundaryResidual))));
  return { loss, residual, boundaryResidual, wE, wB };
}
