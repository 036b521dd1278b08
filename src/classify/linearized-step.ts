// One update of the NTK-guided phase ("NTK-1") of the hybrid classifier: the
// Jacobian is frozen at θ0 (the parameters at the switch), the errors come
// from the real network at θ_k:
//   θ_{k+1} = θ_k − (2·lr/N)·Σ_i J_i(θ0)ᵀ·(softmax(f(x_i; θ_k)) − y_i).
// Σ_i J_i(θ0)ᵀ·e_i is one vector–Jacobian product at θ0: no Jacobian is formed.
// The 'linearized' variant takes f(x_i; θ0) + J_i(θ0)·(θ_k − θ0) in place of
// the real network (a Jacobian–vector product at θ0).

import { KanntkError } from '../errors.js';
import { add, softmax, sub } from '../graph/index.js';
import { tensor } from '../graph/ops/create.js';
import { tidy } from '../graph/tape.js';
import type { BoundModel } from '../kan/model.js';
import type { HostArray } from '../host-array.js';
import { jvp, vjp } from '../ntk/jacobian-products.js';

export interface LinearizedStepOptions {
  lr: number;
  /** 'network' (default): f evaluated by the real network at θ_k; 'linearized': by its linearisation at θ0 */
  variant?: 'network' | 'linearized';
}

/**
 * Moves `current` (at θ_k) one NTK-1 step on (x, one-hot y), with the Jacobian of `frozen` (at θ0).
 * Both models have the same network; x is [N, n_in], y [N, C].
 */
export async function linearizedStep(frozen: BoundModel, current: BoundModel, x: HostArray, yOneHot: HostArray, options: LinearizedStepOptions): Promise<void> {
  const { lr } = options;
  const variant = options.variant ?? 'network';
  if (!(lr > 0) || !Number.isFinite(lr)) throw new KanntkError(`linearizedStep: lr must be a positive number, got ${lr}`);
  if (variant !== 'network' && variant !== 'linearized') throw new KanntkError(`linearizedStep: unknown variant '${String(variant)}' (expected network or linearized)`);
  const n = x.shape[0], C = frozen.model.nOut;
  if (frozen.model.nParams !== current.model.nParams || frozen.model.nOut !== current.model.nOut) {
    throw new KanntkError('linearizedStep: the frozen and the current model must be the same network');
  }
  if (yOneHot.shape.length !== 2 || yOneHot.shape[0] !== n || yOneHot.shape[1] !== C) {
    throw new KanntkError(`linearizedStep: one-hot targets must be [${n}, ${C}], got [${yOneHot.shape}]`);
  }
  const thetaK = (await current.toModel()).flatParams();
  // θ0 is only needed for the linearised variant's displacement θ_k − θ0
  const theta0 = variant === 'linearized' ? (await frozen.toModel()).flatParams() : null;
  const c = await tidy(async () => {
    const xt = tensor(frozen.backend, x.data, x.shape, { name: 'x' });
    const logits = variant === 'network'
      ? current.forward(tensor(current.backend, x.data, x.shape))
      : add(frozen.forward(xt), jvp(frozen, xt, thetaK.map((v, p) => v - theta0![p])));
    const e = sub(softmax(logits), tensor(frozen.backend, yOneHot.data, yOneHot.shape));
    return vjp(frozen, xt, e).data();
  });
  const step = (2 * lr) / n;
  current.setFlatParams(thetaK.map((v, p) => v - step * c[p]));
}
