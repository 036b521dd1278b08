// The weighted NTK blocks of a PINN (the research's K_EE and K_BB):
//   K_EE = J_E·J_Eᵀ, rows λ_E,i·∂r_i/∂θ over interior points (plain Jacobian path:
//          the residual holds input derivatives, outside the structured assembly);
//   K_BB = J_B·J_Bᵀ, rows λ_B,j·∂(u(x_j) − g_j)/∂θ = diag(λ_B)·K_u·diag(λ_B), with K_u the
//          model's NTK at the boundary points (structured path by default).

import type { Tensor } from '../graph/tensor.js';
import { matmul, mul, reshape, tidy } from '../graph/index.js';
import { tensor } from '../graph/ops/create.js';
import { jacobianRows } from '../graph/jacobian.js';
import type { BoundModel } from '../kan/model.js';
import type { JsonArray } from '../kan/layer-types.js';
import { ntk, type NtkMethod } from '../ntk/ntk.js';
import { guardMemory } from '../ntk/memory-guard.js';
import { KanntkError } from '../errors.js';
import type { PdeDefinition } from './pde-definition.js';
import { pdeResidual } from './residual.js';

const ones = (n: number) => new Array(n).fill(1);

/** Weighted residual NTK K_EE [N_E, N_E] on the host. */
export async function residualNtk(pde: PdeDefinition, model: BoundModel, interior: JsonArray, wE?: ArrayLike<number>): Promise<Float64Array> {
  const n = interior.shape[0];
  const w = wE ?? ones(n);
  if (w.length !== n) throw new KanntkError(`K_EE: ${w.length} weights for ${n} interior points`);
  guardMemory(model.backend, `the residual Jacobian of ${n} points × ${model.model.nParams} parameters`, n * model.model.nParams, 3 * n * model.model.nParams);
  return tidy(async () => {
    const x = tensor(model.backend, interior.data, interior.shape, { name: 'interior points' });
    const { residual } = pdeResidual(pde, model, x);
    const J = reshape(jacobianRows(residual, model.params), [n, -1]);
    const Jw = mul(J, tensor(model.backend, w, [n, 1]));
    return (await matmul(Jw, Jw, { transposeB: true }).data()) as Float64Array;
  });
}

/** Weighted boundary NTK K_BB [N_B, N_B] on the host. */
export async function boundaryNtk(model: BoundModel, boundary: JsonArray, wB?: ArrayLike<number>, method: NtkMethod = 'structured'): Promise<Float64Array> {
  const n = boundary.shape[0];
  const w = wB ?? ones(n);
  if (w.length !== n) throw new KanntkError(`K_BB: ${w.length} weights for ${n} boundary points`);
  const K = await ntk(model, boundary, { method });
  return Float64Array.from(K.data, (v, idx) => v * w[Math.floor(idx / n)] * w[idx % n]);
}

