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
import { rowRange, type HostArray } from '../host-array.js';
import { jvp, vjp } from '../ntk/jacobian-products.js';

export interface LinearizedStepOptions {
  lr: number;
  /** 'network' (default): f evaluated by the real network at θ_k; 'linearized': by its linearisation at θ0 */
  variant?: 'network' | 'linearized';
  /** rows per pass (the sum over all rows is accumulated on the host); default: all rows in one pass */
  chunk?: number;
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
  const chunk = options.chunk ?? n;
  if (!Number.isInteger(chunk) || chunk < 1) throw new KanntkError(`linearizedStep: chunk must be a whole number ≥ 1, got ${chunk}`);
  const thetaK = await current.readFlatParams();
  // θ_k − θ0 is only needed by the linearised variant
  const displacement = variant === 'linearized' ? (await frozen.readFlatParams()).map((v, p) => thetaK[p] - v) : null;
  const c = new Float64Array(thetaK.length);
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const part = await tidy(async () => {
      const xc = rowRange(x, start, rows), yc = rowRange(yOneHot, start, rows);
      const xt = tensor(frozen.backend, xc.data, xc.shape, { name: 'x' });
      const logits = displacement === null ? current.forward(xt) : add(frozen.forward(xt), jvp(frozen, xt, displacement));
      const e = sub(softmax(logits), tensor(frozen.backend, yc.data, yc.shape));
      return vjp(frozen, xt, e).data();
    });
    for (let p = 0; p < c.length; p++) c[p] += part[p];
  }
  const step = (2 * lr) / n;
  current.setFlatParams(thetaK.map((v, p) => v - step * c[p]));
}
