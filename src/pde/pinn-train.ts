// Training a PINN: Adam (or any optimizer) on the weighted loss, with the
// residual-based attention weights updated after every step.

import { KanntkError } from '../errors.js';
import type { Tensor } from '../graph/tensor.js';
import { grad, keep, tidy } from '../graph/index.js';
import { tensor } from '../graph/ops/create.js';
import type { BoundModel } from '../kan/model.js';

import type { Optimizer } from '../train/optimizers/optimizer.js';
import { adam } from '../train/optimizers/adam.js';
import type { PdeDefinition } from './pde-definition.js';
import { pinnLoss } from './pinn-loss.js';
import { rbaUpdate, type RbaOptions } from './rba.js';
import type { HostArray } from '../host-array.js';

export interface PinnTrainOptions {
  steps: number;
  optimizer?: Optimizer;
  /** RBA settings, or false for constant unit weights */
  rba?: RbaOptions | false;
  /**
   * 'jaxkan' (default): the weights are constants in the loss and updated after each step from
   * that step's residuals. 'research': as the research code, the step's loss recomputes them from
   * its residuals, λ = γ·λ + η·|r|/max|r|, and its gradient flows through them (no stop-gradient).
   */
  rbaRule?: 'jaxkan' | 'research';
  /** initial weights (default 1) */
  wE?: ArrayLike<number>;
  wB?: ArrayLike<number>;
  checkpoints?: number[];
  onCheckpoint?: (step: number, model: BoundModel, weights: { wE: Float64Array; wB: Float64Array }) => Promise<void> | void;
  onStep?: (step: number, loss: number) => void;
}

export interface PinnTrainResult {
  /** loss before each update, and after the last: length steps + 1 */
  losses: number[];
  wE: Float64Array;
  wB: Float64Array;
}

export async function trainPinn(model: BoundModel, pde: PdeDefinition, points: { interior: HostArray; boundary: HostArray }, options: PinnTrainOptions): Promise<PinnTrainResult> {
  if (!Number.isInteger(options.steps) || options.steps < 0) throw new KanntkError(`trainPinn: steps must be a non-negative integer, got ${options.steps}`);
  const backend = model.backend;
  const nE = points.interior.shape[0], nB = points.boundary.shape[0];
  const optimizer = options.optimizer ?? adam({ lr: 1e-3 });
  const rba = options.rba === undefined ? {} : options.rba;
  const rule = options.rbaRule ?? 'jaxkan';
  if (rule !== 'jaxkan' && rule !== 'research') throw new KanntkError(`trainPinn: unknown rbaRule '${String(rule)}' (expected jaxkan or research)`);
  const research = rba && rule === 'research' ? { gamma: rba.gamma ?? 0.999, eta: rba.eta ?? 0.01 } : undefined;
  let wE: Float64Array = Float64Array.from(options.wE ?? new Array(nE).fill(1));
  let wB: Float64Array = Float64Array.from(options.wB ?? new Array(nB).fill(1));
  const checkpoints = new Set(options.checkpoints ?? []);
  const held: Tensor[] = [];
  const hold = (t: Tensor) => (held.push(keep(t)), t);
  const interior = hold(tensor(backend, points.interior.data, points.interior.shape, { name: 'interior points' }));
  const boundary = hold(tensor(backend, points.boundary.data, points.boundary.shape, { name: 'boundary points' }));
  const g = hold(tensor(backend, pde.boundaryValues(points.boundary.data, nB), [nB, 1]));
  const losses: number[] = [];
  const evaluate = (update: boolean) =>
    tidy(async () => {
      const batch = { interior, boundary, g, wE: tensor(backend, wE, [nE, 1]), wB: tensor(backend, wB, [nB, 1]), researchRba: research };
      const parts = pinnLoss(model, pde, batch);
      if (update) model.setParams(optimizer.step(model.params, grad(parts.loss, model.params)));
      const [loss, r, rb] = await Promise.all([parts.loss.data(), parts.residual.data(), parts.boundaryResidual.data()]);
      // only the research rule changes the weights inside the loss: read them back only then
      const used = research ? await Promise.all([parts.wE.data(), parts.wB.data()]) : null;
      return { loss: loss[0], r, rb, used };
    });
  try {
    for (let step = 0; step < options.steps; step++) {
      if (checkpoints.has(step)) await options.onCheckpoint?.(step, model, { wE, wB });
      const { loss, r, rb, used } = await evaluate(true);
      if (!Number.isFinite(loss)) throw new KanntkError(`trainPinn: the loss became ${loss} at step ${step}`);
      losses.push(loss);
      // the weights follow the residuals of the parameters the loss was taken at
      if (research) {
        // the research rule already recomputed them inside this step's loss
        [wE, wB] = used!;
      } else if (rba) {
        wE = rbaUpdate(wE, r, rba);
        wB = rbaUpdate(wB, rb, rba);
      }
      options.onStep?.(step + 1, loss);
    }
    losses.push((await evaluate(false)).loss);
    if (checkpoints.has(options.steps)) await options.onCheckpoint?.(options.steps, model, { wE, wB });
  } finally {
    for (const t of held) t.dispose();
    if (!options.optimizer) optimizer.dispose();
  }
  return { losses, wE, wB };
}
