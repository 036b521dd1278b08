// The weighted physics-informed loss of the research:
//   L = mean_i (λ_E,i·r_i)² + mean_j (λ_B,j·(u(x_j) − g_j))²
// with the residual-based attention weights λ held constant inside L.

import type { Tensor } from '../graph/tensor.js';
import { add, mean, mul, square, sub } from '../graph/index.js';
import type { BoundModel } from '../kan/model.js';
import type { PdeDefinition } from './pde-definition.js';
import { pdeResidual } from './residual.js';

export interface PinnBatch {
  /** interior points [N_E, d] and boundary/initial points [N_B, d] */
  interior: Tensor;
  boundary: Tensor;
  /** targets g at the boundary points [N_B, 1] */
  g: Tensor;
  /** RBA weights [N_E, 1] and [N_B, 1] */
  wE: Tensor;
  wB: Tensor;
}

export interface PinnLossParts {
  loss: Tensor;
  /** r_i [N_E, 1] */
  residual: Tensor;
  /** u(x_j) − g_j [N_B, 1] */
  boundaryResidual: Tensor;
}

export function pinnLoss(model: BoundModel, pde: PdeDefinition, batch: PinnBatch, params?: Tensor[]): PinnLossParts {
  const { residual } = pdeResidual(model, pde, batch.interior, { params });
  const boundaryResidual = sub(model.forward(batch.boundary, params), batch.g);
  const loss = add(mean(square(mul(batch.wE, residual))), mean(square(mul(batch.wB, boundaryResidual))));
  return { loss, residual, boundaryResidual };
}
