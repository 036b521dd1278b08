// Loss and its gradient for a bound model, returned on the host in flat parameter order.

import type { Tensor } from '../graph/tensor.js';
import { tensor } from '../graph/ops/create.js';
import { grad } from '../graph/grad.js';
import { tidy } from '../graph/tape.js';
import { add } from '../graph/ops/arithmetic.js';
import { reshape } from '../graph/ops/layout.js';
import type { BoundModel } from '../kan/model.js';
import { crossEntropyLoss, mseLoss, type LossName } from './losses.js';
import { KanntkError } from '../errors.js';
import type { HostArray } from '../host-array.js';

/** The graph of the loss for targets y ([N, n_out] values for mse, N integer labels for ce). */
export function lossGraph(model: BoundModel, x: Tensor, y: Tensor | ArrayLike<number>, loss: LossName, params?: Tensor[]): Tensor {
  const pred = model.forward(x, params);
  if (loss === 'mse') return mseLoss(pred, y as Tensor);
  if (loss === 'ce') return crossEntropyLoss(pred, y as ArrayLike<number>);
  throw new KanntkError(`unknown loss '${loss}' (expected mse or ce)`);
}

/** Loss value and ∂loss/∂θ (flat, param order) at the model's current parameters; loss 'mse' (default) or 'ce' (y: labels). */
export async function lossAndGrad(model: BoundModel, x: HostArray, y: HostArray, options: { loss?: LossName; regularizer?: (model: BoundModel, x: Tensor) => Tensor } = {}): Promise<{ loss: number; grad: Float64Array }> {
  const backend = model.backend;
  const loss = options.loss ?? 'mse';
  return tidy(async () => {
    const xt = tensor(backend, x.data, x.shape, { name: 'input x' });
    const target = loss === 'mse' ? tensor(backend, y.data, y.shape, { name: 'target y' }) : y.data;
    const data = lossGraph(model, xt, target, loss);
    const L = options.regularizer ? add(data, reshape(options.regularizer(model, xt), data.shape)) : data;
    const grads = grad(L, model.params);
    const flat = model.flatParams(grads);
    const [lv, gv] = await Promise.all([L.data(), flat.data()]);
    return { loss: lv[0], grad: gv };
  });
}
