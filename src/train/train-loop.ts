// The training loop: full-batch or mini-batch first-order training of a bound
// model, with a loss history, checkpoints (e.g. NTK snapshots) and progress callbacks.

import { KanntkError } from '../errors.js';
import type { Tensor } from '../graph/tensor.js';
import { tensor } from '../graph/ops/create.js';
import { gather } from '../graph/ops/gather.js';
import { add } from '../graph/ops/arithmetic.js';
import { reshape } from '../graph/ops/layout.js';
import { grad } from '../graph/grad.js';
import { keep, tidy } from '../graph/tape.js';
import type { BoundModel } from '../kan/model.js';

import { createSeededRandom, type SeededRandom } from '../math/random.js';
import { lossGraph } from './loss-and-grad.js';
import type { LossName } from './losses.js';
import type { Optimizer } from './optimizers/optimizer.js';
import { adam } from './optimizers/adam.js';
import type { HostArray } from '../host-array.js';

export interface TrainOptions {
  /** Number of optimizer updates. */
  steps: number;
  optimizer?: Optimizer;
  loss?: LossName;
  /** Rows per update; default: all (full batch). */
  batchSize?: number;
  /** Seed of the mini-batch shuffling. */
  seed?: number;
  /** Update counts at which onCheckpoint runs (0 = before the first update). */
  checkpoints?: number[];
  onCheckpoint?: (step: number, model: BoundModel) => Promise<void> | void;
  /** Called after every update with the loss measured before it. */
  onStep?: (step: number, loss: number) => void;
  /** A term added to the loss of every batch, e.g. sparsityPenalty (the reported losses include it). */
  regularizer?: Regularizer;
}

/** A differentiable term of the parameters (and the batch's inputs) added to a loss. */
export type Regularizer = (model: BoundModel, x: Tensor) => Tensor;

export interface TrainResult {
  /** losses[s] = loss at the parameters after s updates (batch loss for mini-batches); length steps + 1. */
  losses: number[];
}


function checkData(model: BoundModel, x: HostArray, y: HostArray, loss: LossName): void {
  if (x.shape.length !== 2 || x.shape[1] !== model.model.nIn) throw new KanntkError(`train: x must be [N, ${model.model.nIn}], got [${x.shape}]`);
  const n = x.shape[0];
  if (loss === 'mse' && (y.shape.length !== 2 || y.shape[0] !== n || y.shape[1] !== model.model.nOut)) {
    throw new KanntkError(`train: y must be [${n}, ${model.model.nOut}], got [${y.shape}]`);
  }
  if (loss === 'ce' && y.data.length !== n) throw new KanntkError(`train: ce needs ${n} integer labels, got ${y.data.length}`);
}

/** Trains `model` in place (its parameter tensors are replaced after every update). */
export async function train(model: BoundModel, data: { x: HostArray; y: HostArray }, options: TrainOptions): Promise<TrainResult> {
  const loss = options.loss ?? 'mse';
  if (!Number.isInteger(options.steps) || options.steps < 0) throw new KanntkError(`train: steps must be a non-negative integer, got ${options.steps}`);
  checkData(model, data.x, data.y, loss);
  const n = data.x.shape[0];
  const batchSize = options.batchSize ?? n;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > n) throw new KanntkError(`train: batchSize must be in [1, ${n}], got ${options.batchSize}`);
  const optimizer = options.optimizer ?? adam();
  const ownsOptimizer = !options.optimizer;
  const checkpoints = new Set(options.checkpoints ?? []);
  const backend = model.backend;
  const x = keep(tensor(backend, data.x.data, data.x.shape, { name: 'input x' }));
  const yMse = loss === 'mse' ? keep(tensor(backend, data.y.data, data.y.shape, { name: 'target y' })) : null;
  const rng = createSeededRandom(options.seed ?? 0);
  let order: number[] = [...Array(n).keys()];
  let cursor = n;

  /** The rows of the next mini-batch (a fresh shuffle per epoch). */
  const nextBatch = (): number[] => {
    if (cursor + batchSize > n) {
      order = rng.permutation(n);
      cursor = 0;
    }
    cursor += batchSize;
    return order.slice(cursor - batchSize, cursor);
  };

  const lossAt = (rows: number[] | null): Tensor => {
    const xb = rows ? gather(x, rows, 0) : x;
    const yb: Tensor | ArrayLike<number> = loss === 'mse' ? (rows ? gather(yMse!, rows, 0) : yMse!) : rows ? rows.map((r) => data.y.data[r]) : data.y.data;
    const L = lossGraph(model, xb, yb, loss);
    return options.regularizer ? add(L, reshape(options.regularizer(model, xb), L.shape)) : L;
  };

  const losses: number[] = [];
  try {
    for (let step = 0; step < options.steps; step++) {
      if (checkpoints.has(step)) await options.onCheckpoint?.(step, model);
      const rows = batchSize === n ? null : nextBatch();
      const value = await tidy(async () => {
        const L = lossAt(rows);
        const next = optimizer.step(model.params, grad(L, model.params));
        model.setParams(next);
        return (await L.data())[0];
      });
      if (!Number.isFinite(value)) throw new KanntkError(`train: the loss became ${value} at step ${step}`);
      losses.push(value);
      options.onStep?.(step + 1, value);
    }
    losses.push(await tidy(async () => (await lossAt(batchSize === n ? null : nextBatch()).data())[0]));
    if (checkpoints.has(options.steps)) await options.onCheckpoint?.(options.steps, model);
  } finally {
    x.dispose();
    yMse?.dispose();
    if (ownsOptimizer) optimizer.dispose();
  }
  return { losses };
}
