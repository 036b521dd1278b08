// The SGD phase against JAX's gradient (hessian_mlp.json: the CE loss and its
// gradient at θ0) and against an independent loop over the same permutation;
// the metrics against the fixture's loss and logits.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KanModel } from '../../src/kan/model.js';
import { sgdEpoch, classifierMetrics } from '../../src/classify/sgd-epoch.js';
import { lossAndGrad } from '../../src/train/loss-and-grad.js';
import { createSeededRandom } from '../../src/math/random.js';
import { makeBackend } from '../helpers/engines.js';
import { loadFixture } from '../helpers/fixtures.js';
import { relErr } from '../helpers/nd.js';

describe('SGD epochs of the hybrid classifier', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());
  const fx = loadFixture('hessian_mlp.json');
  const labels: number[] = fx.labels.data;

  it('full batch: one epoch is θ0 − lr·∇L with JAX\'s gradient', async () => {
    const model = KanModel.fromJSON(fx.model);
    const bound = model.bind(backend);
    const lr = 0.05;
    expect(await sgdEpoch(bound, fx.x, labels, { lr, batchSize: 24, rng: createSeededRandom(1) })).toBe(1);
    const want = model.flatParams().map((v, p) => v - lr * fx.grad.data[p]);
    expect(relErr((await bound.toModel()).flatParams(), want)).toBeLessThan(1e-12);
    bound.dispose();
  });

  it('mini-batches: a seeded permutation, batches range(0, N, B), the last partial one kept', async () => {
    const model = KanModel.fromJSON(fx.model);
    const lr = 0.1, B = 10;
    const a = model.bind(backend);
    const updates = [];
    for (let epoch = 0; epoch < 2; epoch++) updates.push(await sgdEpoch(a, fx.x, labels, { lr, batchSize: B, rng: createSeededRandom(7).fork('epoch', epoch) }));
    expect(updates).toEqual([3, 3]);
    // the same by hand: lossAndGrad on each batch of the same permutation
    const b = model.bind(backend);
    for (let epoch = 0; epoch < 2; epoch++) {
      const order = createSeededRandom(7).fork('epoch', epoch).permutation(24);
      for (let start = 0; start < 24; start += B) {
        const rows = order.slice(start, start + B);
        const xb = { shape: [rows.length, 8], data: rows.flatMap((r) => fx.x.data.slice(r * 8, r * 8 + 8)) };
        const { grad } = await lossAndGrad(b, xb, { shape: [rows.length], data: rows.map((r) => labels[r]) }, { loss: 'ce' });
        const theta = (await b.toModel()).flatParams();
        b.setFlatParams(theta.map((v, p) => v - lr * grad[p]));
      }
    }
    expect(relErr((await a.toModel()).flatParams(), (await b.toModel()).flatParams())).toBeLessThan(1e-13);
    a.dispose();
    b.dispose();
  });

  it('metrics: mean cross-entropy and accuracy on a whole set', async () => {
    const bound = KanModel.fromJSON(fx.model).bind(backend);
    const m = await classifierMetrics(bound, fx.x, labels);
    expect(Math.abs(m.loss - fx.loss) / fx.loss).toBeLessThan(1e-12);
    const logits: number[] = fx.logits.data;
    const correct = labels.filter((c, i) => {
      const row = logits.slice(i * 3, i * 3 + 3);
      return row.indexOf(Math.max(...row)) === c;
    }).length;
    expect(m.accuracy).toBe(correct / 24);
    await expect(sgdEpoch(bound, fx.x, labels, { lr: 0.1, batchSize: 0, rng: createSeededRandom(1) })).rejects.toThrow(/batch size must be a whole number ≥ 1, got 0/);
    bound.dispose();
  });
});
