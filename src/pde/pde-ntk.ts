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
import { ntk, type NtkMethod } from '../ntk/ntk.js';
import { guardMemory } from '../ntk/memory-guard.js';
import { KanntkError } from '../errors.js';
import type { PdeDefinition } from './pde-definition.js';
import { pdeResidual } from './residual.js';
import type { HostArray } from '../host-array.js';

const ones = (n: number) => new Array(n).fill(1);

export interface PdeNtkOptions {
  /** Per-point weights λ (RBA); default all ones. */
  weights?: ArrayLike<number>;
}

/** Weighted residual NTK K_EE [N_E, N_E] on the host. */
export async function residualNtk(model: BoundModel, pde: PdeDefinition, interior: HostArray, options: PdeNtkOptions = {}): Promise<HostArray<Float64Array>> {
  const n = interior.shape[0];
  const w = options.weights ?? ones(n);
  if (w.length !== n) throw new KanntkError(`K_EE: ${w.length} weights for ${n} interior points`);
  guardMemory(model.backend, `the residual Jacobian of ${n} points × ${model.model.nParams} parameters`, n * model.model.nParams, 3 * n * model.model.nParams);
  return tidy(async () => {
    const x = tensor(model.backend, interior.data, interior.shape, { name: 'interior points' });
    const { residual } = pdeResidual(model, pde, x);
    const J = reshape(jacobianRows(residual, model.params), [n, -1]);
    const Jw = mul(J, tensor(model.backend, w, [n, 1]));
    return { shape: [n, n], data: await matmul(Jw, Jw, { transposeB: true }).data() };
  });
}

/** Weighted boundary NTK K_BB [N_B, N_B] on the host; `method` as for ntk() (structured by default). */
export async function boundaryNtk(model: BoundModel, boundary: HostArray, options: PdeNtkOptions & { method?: NtkMethod } = {}): Promise<HostArray<Float64Array>> {
  const n = boundary.shape[0];
  const w = options.weights ?? ones(n);
  if (w.length !== n) throw new KanntkError(`K_BB: ${w.length} weights for ${n} boundary points`);
  const K = await ntk(model, boundary, { method: options.method ?? 'auto' });
  return { shape: [n, n], data: Float64Array.from(K.data, (v, idx) => v * w[Math.floor(idx / n)] * w[idx % n]) };
}

