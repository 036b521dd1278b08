// SGD, schedules, L-BFGS and the cross-entropy loss.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import * as g from '../../src/graph/index.js';
import { sgd } from '../../src/train/optimizers/sgd.js';
import { adam } from '../../src/train/optimizers/adam.js';
import { minimizeLbfgs } from '../../src/train/optimizers/lbfgs.js';
import { exponentialDecay, linearWarmup, joinSchedules, constant } from '../../src/train/schedules.js';
import { KanModel } from '../../src/kan/model.js';
import { lossAndGrad } from '../../src/train/loss-and-grad.js';
import { train } from '../../src/train/train-loop.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { loadFixture } from '../helpers/fixtures.js';
import { relErr } from '../helpers/nd.js';

describe('schedules', () => {
  it('exponential decay, warm-up and joins give the closed-form values', () => {
    const d = exponentialDecay(1e-2, 100, 0.5);
    expect(d(0)).toBe(1e-2);
    expect(d(100)).toBeCloseTo(5e-3, 15);
    expect(d(50)).toBeCloseTo(1e-2 * Math.SQRT1_2, 15);
    expect(exponentialDecay(1e-2, 100, 0.5, { staircase: true })(150)).toBeCloseTo(5e-3, 15);
    expect(exponentialDecay(1, 1, 0.1, { end: 0.05 })(5)).toBe(0.05);
    const w = linearWarmup(0, 1e-3, 10);
    expect(w(5)).toBeCloseTo(5e-4, 15);
    expect(w(20)).toBe(1e-3);
    const j = joinSchedules([linearWarmup(0, 1, 10), constant(0.5)], [10]);
    expect([j(0), j(5), j(10), j(99)]).toEqual([0, 0.5, 0.5, 0.5]);
    expect(() => joinSchedules([constant(1)], [3])).toThrow(/boundaries/);
  });
});

describe('L-BFGS', () => {
  it('minimises the Rosenbrock function from (−1.2, 1)', async () => {
    const fg = async (t: Float64Array) => {
      const [a, b] = t;
      return { loss: (1 - a) ** 2 + 100 * (b - a * a) ** 2, grad: Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)) };
    };
    const r = await minimizeLbfgs(fg, [-1.2, 1], { maxIter: 200, tolGrad: 1e-10 });
    expect(Math.abs(r.theta[0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(r.theta[1] - 1)).toBeLessThan(1e-6);
    expect(r.iterations).toBeLessThan(100);
  });
});

for (const name of TEST_BACKENDS) {
  describe(`optimizers and losses on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());
    const tol = () => (backend.info.precision === 'f64' ? 1e-14 : 1e-6);

    it('SGD with momentum follows trace ← g + μ·trace, θ ← θ − lr·trace', async () => {
      const opt = sgd({ lr: 0.1, momentum: 0.9 });
      const theta = [1, -2, 3], grads = [[0.5, 1, -1], [1, 0, 2]];
      let p = g.keep(g.tensor(backend, theta, [3]));
      const want = [...theta], trace = [0, 0, 0];
      for (const gv of grads) {
        const next = g.tidy(() => opt.step([p], [g.tensor(backend, gv, [3])]))[0];
        p.dispose();
        p = g.keep(next);
        gv.forEach((v, i) => ((trace[i] = v + 0.9 * trace[i]), (want[i] -= 0.1 * trace[i])));
      }
      expect(relErr(await p.data(), want)).toBeLessThan(tol());
      p.dispose();
      opt.dispose();
    });

    it('Adam: one step is θ − lr·sign(g) (bias correction makes m̂/√v̂ = g/|g|)', async () => {
      const opt = adam({ lr: 0.01 });
      const p = g.tensor(backend, [1, 2], [2]);
      const [next] = opt.step([p], [g.tensor(backend, [3, -0.5], [2])]);
      // |g|/(|g| + 1e-8) differs from 1 by 1e-8/|g|
      expect(relErr(await next.data(), [1 - 0.01 * (3 / (3 + 1e-8)), 2 + 0.01 * (0.5 / (0.5 + 1e-8))])).toBeLessThan(tol());
      opt.dispose();
    });

    it('softmax cross-entropy loss and gradient of the MLP fixture', async () => {
      const fx = loadFixture('hessian_mlp.json');
      const bound = KanModel.fromJSON(fx.model).bind(backend);
      const { loss, grad } = await lossAndGrad(bound, fx.x, fx.labels, { loss: 'ce' });
      bound.dispose();
      const t = backend.info.precision === 'f64' ? { loss: 1e-12, grad: 1e-10 } : { loss: 1e-5, grad: 1e-4 };
      expect(Math.abs(loss - fx.loss) / fx.loss).toBeLessThan(t.loss);
      expect(relErr(grad, fx.grad.data)).toBeLessThan(t.grad);
    });

    it('mini-batch training is seeded and lowers the loss; bad input is named', async () => {
      const fx = loadFixture('adam_trajectory.json');
      const run = async () => {
        const bound = KanModel.fromJSON(fx.model).bind(backend);
        const r = await train(bound, { x: fx.x, y: fx.y }, { steps: 30, batchSize: 50, seed: 3, optimizer: adam({ lr: 1e-2 }) });
        bound.dispose();
        return r.losses;
      };
      const [a, b] = [await run(), await run()];
      expect(a).toEqual(b);
      expect(a[a.length - 1]).toBeLessThan(a[0] / 4);
      const bound = KanModel.fromJSON(fx.model).bind(backend);
      await expect(train(bound, { x: fx.x, y: fx.y }, { steps: 1, batchSize: 500 })).rejects.toThrow(/batchSize must be in \[1, 200\]/);
      await expect(train(bound, { x: { shape: [200, 3], data: new Array(600).fill(0) }, y: fx.y }, { steps: 1 })).rejects.toThrow(/x must be \[N, 2\]/);
      bound.dispose();
    });

    if (name !== 'webgpu') {
      it('L-BFGS fits the Adam-trajectory data far below where 100 Adam steps get', async () => {
        const fx = loadFixture('adam_trajectory.json');
        const bound = KanModel.fromJSON(fx.model).bind(backend);
        const fg = async (theta: Float64Array) => {
          bound.setFlatParams(theta);
          return lossAndGrad(bound, fx.x, fx.y, { loss: 'mse' });
        };
        const r = await minimizeLbfgs(fg, KanModel.fromJSON(fx.model).flatParams(), { maxIter: 40 });
        bound.dispose();
        expect(r.history.every((v, i) => i === 0 || v <= r.history[i - 1])).toBe(true);
        expect(r.loss).toBeLessThan(fx.losses.data[100] / 10);
      });
    }
  });
}
