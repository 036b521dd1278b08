// Per-sample (Jacobian-row) gradients against a loop over single samples.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import * as g from '../../src/graph/index.js';
import type { Tensor } from '../../src/graph/index.js';
import { jacobianRows } from '../../src/graph/jacobian.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { createRandom } from '../helpers/random.js';
import { relErr } from '../helpers/nd.js';

// f64: identical arithmetic up to summation order. f32: the same, at single precision.
const TOLERANCE = { f64: 1e-12, f32: 1e-5 };

/** A 2-layer tanh MLP, 3 → 4 → 2, using parameters through matmul, add and mul. */
function mlp(x: Tensor, [w1, b1, s, w2, b2]: Tensor[]): Tensor {
  const h = g.tanh(g.add(g.matmul(x, w1), b1));
  return g.add(g.matmul(g.mul(h, s), w2), b2);
}

for (const name of TEST_BACKENDS) {
  describe(`per-sample gradients on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());

    it('jacobianRows of an MLP equals per-sample backward passes', async () => {
      const rnd = createRandom(3);
      const N = 5;
      const shapes = [[3, 4], [4], [1, 4], [4, 2], [2]];
      const values = shapes.map((s) => Array.from(rnd.array(s.reduce((a, b) => a * b, 1))));
      const xs = Array.from(rnd.array(N * 3));
      const params = () => values.map((v, i) => g.tensor(backend, v, shapes[i]));
      const J = await g.tidy(async () => {
        const p = params();
        const jac = jacobianRows(mlp(g.tensor(backend, xs, [N, 3]), p), p);
        expect(jac.shape).toEqual([N, 2, 30]);
        return jac.data();
      });
      const looped: number[] = [];
      for (let a = 0; a < N; a++) {
        for (let c = 0; c < 2; c++) {
          const row = await g.tidy(async () => {
            const p = params();
            const y = mlp(g.tensor(backend, xs.slice(a * 3, a * 3 + 3), [1, 3]), p);
            const gs = g.grad(g.slice(y, [0, c], [1, 1]), p);
            return (await Promise.all(gs.map((t) => t.data()))).flatMap((d) => Array.from(d));
          });
          looped.push(...row);
        }
      }
      expect(relErr(J, looped)).toBeLessThan(TOLERANCE[backend.info.precision]);
    });

    it('refuses a parameter transformed before use, naming the op', () => {
      g.tidy(() => {
        const w = g.tensor(backend, [1, 2, 3, 4], [2, 2]);
        const x = g.tensor(backend, [1, 2, 3, 4, 5, 6], [3, 2]);
        const y = g.matmul(x, g.transpose(w));
        expect(() => g.grad(y, [w], { perSample: true })).toThrow(/transpose/);
      });
    });
  });
}
