// Losses as graph ops, so they can be differentiated to any order.

import { KanntkError } from '../errors.js';
import type { Tensor } from '../graph/tensor.js';
import { tensor } from '../graph/ops/create.js';
import { mul, sub } from '../graph/ops/arithmetic.js';
import { mean, sum } from '../graph/ops/reduce.js';
import { square } from '../graph/ops/unary.js';
import { logSoftmax } from '../graph/ops/softmax.js';
import { neg } from '../graph/ops/unary.js';

export type LossName = 'mse' | 'ce';

/** Mean over all N·C entries of (pred − target)². */
export function mseLoss(pred: Tensor, target: Tensor): Tensor {
  if (pred.shape.join() !== target.shape.join()) {
    throw new KanntkError(`mse: prediction [${pred.shape}] and target [${target.shape}] differ in shape`);
  }
  return mean(square(sub(pred, target)));
}

/** One-hot rows [N, C] from integer labels in [0, C). */
export function oneHot(labels: ArrayLike<number>, nClasses: number): Float64Array {
  const out = new Float64Array(labels.length * nClasses);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= nClasses) {
      throw new KanntkError(`cross-entropy: label ${c} at row ${i} is not an integer in [0, ${nClasses})`);
    }
    out[i * nClasses + c] = 1;
  }
  return out;
}

/** Softmax cross-entropy: mean over rows of logsumexp(logits) − logits[label]. labels: N integers. */
export function crossEntropyLoss(logits: Tensor, labels: ArrayLike<number>): Tensor {
  if (logits.rank !== 2 || logits.shape[0] !== labels.length) {
    throw new KanntkError(`cross-entropy: logits must be [N, C] with N = ${labels.length} labels, got [${logits.shape}]`);
  }
  const [n, c] = logits.shape;
  const targets = tensor(logits.backend, oneHot(labels, c), [n, c], { name: 'labels' });
  return neg(mean(sum(mul(targets, logSoftmax(logits)), 1)));
}
