// A long loop of graph builds and (higher-order) gradients must not grow memory.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import * as g from '../../src/graph/index.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { createRandom } from '../helpers/random.js';
import { GRID_K3 } from './op-cases.js';

for (const name of TEST_BACKENDS) {
  describe(`memory on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());

    it('200 tidy iterations of forward + u_x + u_xx + d(loss)/dθ leave no live buffers behind', async () => {
      const rnd = createRandom(11);
      const w = g.keep(g.tensor(backend, Array.from(rnd.array(16)), [1, 2, 8]));
      const grid = g.keep(g.tensor(backend, [...GRID_K3, ...GRID_K3], [2, 12]));
      const step = () =>
        g.tidy(async () => {
          const x = g.tensor(backend, Array.from(rnd.array(64, -1, 1)), [32, 2]);
          const u = g.sum(g.mul(g.bsplineBasis(x, grid, 3), w), [1, 2]);
          const [ux] = g.grad(u, [x], { createGraph: true });
          const [uxx] = g.grad(g.sum(ux, 0), [x], { createGraph: true });
          const loss = g.mean(g.square(g.add(uxx, g.tanh(u.shape.length ? g.reshape(u, [32, 1]) : u))));
          const [dw] = g.grad(loss, [w]);
          return (await dw.data())[0];
        });
      await step();
      const before = backend.stats();
      for (let i = 0; i < 200; i++) await step();
      const after = backend.stats();
      expect(after.liveBuffers).toBe(before.liveBuffers);
      expect(after.liveBytes).toBe(before.liveBytes);
      // the pool may keep freed buffers for reuse, but it must not grow with the number of iterations
      expect(after.pooledBytes).toBeLessThanOrEqual(2 * Math.max(before.pooledBytes, 1 << 20));
      w.dispose();
      grid.dispose();
      expect(backend.stats().liveBuffers).toBe(before.liveBuffers - 2);
    });

    it('a first-order grad frees its intermediates as it goes', () => {
      g.tidy(() => {
        const x = g.tensor(backend, Array.from(createRandom(2).array(400)), [20, 20]);
        let y = x;
        for (let i = 0; i < 20; i++) y = g.tanh(g.matmul(y, x));
        const total = g.sum(y);
        const live = backend.stats().liveBuffers;
        const [dx] = g.grad(total, [x]);
        // only the result (and nothing of the backward pass) survives the call
        expect(backend.stats().liveBuffers).toBe(live + 1);
        expect(dx.shape).toEqual([20, 20]);
      });
    });
  });
}
