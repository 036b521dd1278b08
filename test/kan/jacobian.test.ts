// Jacobian rows of KAN models (per-sample mode through the fused contraction,
// c_spl·c_basis products and the residual matmul) against one backward pass per sample.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import * as g from '../../src/graph/index.js';
import { jacobianRows } from '../../src/graph/jacobian.js';
import { KanModel } from '../../src/kan/model.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { loadFixture } from '../helpers/fixtures.js';
import { relErr } from '../helpers/nd.js';

// same arithmetic in a different grouping: f64 to rounding, f32 to ~1e-6 of the largest entry
const TOLERANCE = { f64: 1e-12, f32: 2e-5 };
const FILES = ['kan_forward_spline_small_perturbed.json', 'kan_forward_base_small_perturbed.json', 'kan_forward_chebyshev_perturbed.json'];

for (const name of TEST_BACKENDS) {
  describe(`KAN Jacobian rows on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());

    for (const file of FILES) {
      it(file, async () => {
        const fx = loadFixture(file);
        const model = KanModel.fromJSON(fx.model).bind(backend);
        const n = 6;
        const xs = fx.x.data.slice(fx.x.data.length - 2 * n); // the last rows include the hand-placed edge points
        try {
          const J = await g.tidy(async () => {
            const jac = jacobianRows(model.forward(g.tensor(backend, xs, [n, 2])), model.params);
            expect(jac.shape).toEqual([n, 1, fx.n_params]);
            return jac.data();
          });
          const rows: number[] = [];
          for (let a = 0; a < n; a++) {
            const row = await g.tidy(async () => {
              const y = model.forward(g.tensor(backend, xs.slice(2 * a, 2 * a + 2), [1, 2]));
              return model.flatParams(g.grad(y, model.params)).data();
            });
            rows.push(...row);
          }
          expect(relErr(J, rows)).toBeLessThan(TOLERANCE[backend.info.precision]);
        } finally {
          model.dispose();
        }
      });
    }
  });
}
