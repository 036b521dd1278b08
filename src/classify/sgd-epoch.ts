// The SGD phase of the hybrid classifier, one epoch at a time, as the research
// runs it: a seeded permutation per epoch, batches range(0, N, B) with the last
// partial batch kept, and plain θ ← θ − lr·∇L(batch) with L the mean softmax
// cross-entropy of the batch. And the per-epoch metrics on a whole set.

import { KanntkError } from '../errors.js';
import { grad } from '../graph/grad.js';
import { tensor } from '../graph/ops/create.js';
import { mul, sub } from '../graph/index.js';
import { noGrad, tidy } from '../graph/tape.js';
import type { BoundModel } from '../kan/model.js';
import type { SeededRandom } from '../math/random.js';
import { rowsOf, type HostArray } from '../host-array.js';
import { lossGraph } from '../train/loss-and-grad.js';


/** One epoch of mini-batch SGD on (x, labels); returns the number of updates. */
export async function sgdEpoch(model: BoundModel, x: HostArray, labels: ArrayLike<number>, options: { lr: number; batchSize: number; rng: SeededRandom }): Promise<number> {
  const n = x.shape[0];
  const { lr, batchSize, rng } = options;
  if (labels.length !== n) throw new KanntkError(`sgdEpoch: ${labels.length} labels for ${n} rows`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new KanntkError(`sgdEpoch: the batch size must be a whole number ≥ 1, got ${batchSize}`);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new KanntkError(`sgdEpoch: lr must be a positive number, got ${lr}`);
  const order = rng.permutation(n);
  let updates = 0;
  for (let start = 0; start < n; start += batchSize) {
    const rows = order.slice(start, start + batchSize);
    const xb = rowsOf(x, rows);
    const yb = rows.map((r) => labels[r]);
    await tidy(async () => {
      const loss = lossGraph(model, tensor(model.backend, xb.data, xb.shape), yb, 'ce');
      const g = grad(loss, model.params);
      // the new parameters are leaves: no graph back to this batch
      model.setParams(noGrad(() => model.params.map((p, i) => sub(p, mul(g[i], lr)))));
    });
    updates++;
  }
  return updates;
}

/** Mean softmax cross-entropy and accuracy (argmax agreement) of the model on a whole set, in f64 on the host. */
export async function classifierMetrics(model: BoundModel, x: HostArray, labels: ArrayLike<number>): Promise<{ loss: number; accuracy: number }> {
  const n = x.shape[0], C = model.model.nOut;
  const logits = await tidy(async () => noGrad(() => model.forward(tensor(model.backend, x.data, x.shape))).data());
  let loss = 0, correct = 0;
  for (let i = 0; i < n; i++) {
    const row = logits.subarray(i * C, (i + 1) * C);
    let top = 0;
    for (let c = 1; c < C; c++) if (row[c] > row[top]) top = c;
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(row[c] - row[top]);
    loss += row[top] + Math.log(s) - row[labels[i]];
    if (top === labels[i]) correct++;
  }
  return { loss: loss / n, accuracy: correct / n };
}
