// Evaluating a PDE's residual on a bound model: u, its input derivatives and r.

import type { Tensor } from '../graph/tensor.js';
import { slice } from '../graph/index.js';
import type { BoundModel } from '../kan/model.js';
import { KanntkError } from '../errors.js';
import { inputDerivatives } from './input-derivatives.js';
import type { PdeDefinition } from './pde-definition.js';

export interface ResidualResult {
  u: Tensor;
  derivatives: Record<string, Tensor>;
  residual: Tensor;
}

export interface ResidualOptions {
  /** Parameter tensors replacing the bound ones (same order as model.params). */
  params?: Tensor[];
  /** Input derivatives to return besides those the residual uses (e.g. 'u_xx'). */
  derivatives?: string[];
}

/** r at points x [N, d] (graph tensors; differentiable w.r.t. the parameters). */
export function pdeResidual(model: BoundModel, pde: PdeDefinition, x: Tensor, options: ResidualOptions = {}): ResidualResult {
  const { params, derivatives: extraDerivatives = [] } = options;
  if (model.model.nIn !== pde.inputs.length || model.model.nOut !== 1) {
    throw new KanntkError(`${pde.name}: the model must map ${pde.inputs.length} inputs (${pde.inputs.join(', ')}) to 1 output, it maps ${model.model.nIn} to ${model.model.nOut}`);
  }
  const u = model.forward(x, params);
  const names = [...new Set([...pde.derivatives, ...extraDerivatives])];
  const d = inputDerivatives(u, x, pde.inputs, names);
  const n = x.shape[0];
  const residual = pde.residual({
    u, d, x,
    input: (name) => {
      const j = pde.inputs.indexOf(name);
      if (j < 0) throw new KanntkError(`${pde.name}: no input named '${name}'`);
      return slice(x, [0, j], [n, 1]);
    },
  });
  return { u, derivatives: d, residual };
}
