// The NTK matrix, structured and plain, against the fixtures (README §7, §10).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KanModel } from '../../src/kan/model.js';
import { ntk } from '../../src/ntk/ntk.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { loadFixture } from '../helpers/fixtures.js';
import { relErr } from '../helpers/nd.js';

const small = loadFixture('ntk_spline_small.json');
const big = loadFixture('ntk_spline_big.json');
const mlp = loadFixture('mlp_ntk_multiclass.json');

// f64: the 1e-10 relative to max|K|. f32: products of ~1e-7-accurate factors summed over
// ~900–50k parameters; 1e-4 relative to max|K| (K is dominated by its large entries).
const TOLERANCE = { f64: 1e-10, f32: 1e-4 };

for (const name of TEST_BACKENDS) {
  describe(`NTK matrix on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());
    const tol = () => TOLERANCE[backend.info.precision];

    for (const c of small.cases) {
      for (const method of ['structured', 'plain'] as const) {
        it(`small spline KAN, init ${c.init_scheme.type}, ${method}: full K (64×64)`, async () => {
          const bound = KanModel.fromJSON(c.model).bind(backend);
          try {
            const K = await ntk(bound, small.x, { method });
            expect(K.shape).toEqual([64, 64]);
            expect(relErr(K.data, c.K.data)).toBeLessThan(tol());
          } finally {
            bound.dispose();
          }
        });
      }
    }

    it('big spline KAN on 256 points (structured): diagonal, trace and the first rows', async () => {
      const bound = KanModel.fromJSON(loadFixture(big.model_file).model).bind(backend);
      try {
        const K = await ntk(bound, big.x);
        const n = 256;
        const diag = Array.from({ length: n }, (_, i) => K.data[i * n + i]);
        expect(relErr(diag, big.diag.data)).toBeLessThan(tol());
        expect(Math.abs(diag.reduce((s, v) => s + v, 0) - big.trace) / big.trace).toBeLessThan(tol());
        expect(relErr(K.data.slice(0, 8 * n), big.K_first_rows.data)).toBeLessThan(tol());
      } finally {
        bound.dispose();
      }
    });

    for (const method of ['structured', 'plain'] as const) {
      it(`multi-output MLP (${method}): K0 = Σ_c J_c·J_cᵀ and the per-output blocks`, async () => {
        const bound = KanModel.fromJSON(mlp.model).bind(backend);
        try {
          const K = await ntk(bound, mlp.x, { method });
          expect(relErr(K.data, mlp.K0.data)).toBeLessThan(tol());
          const blocks = await ntk(bound, mlp.x, { method, perOutput: true });
          expect(blocks.shape).toEqual([3, 16, 16]);
          // block c from the fixture's Jacobian J[a, c, :]
          const J = mlp.jacobian_theta0.data, P = 195;
          const want: number[] = [];
          for (let c = 0; c < 3; c++)
            for (let a = 0; a < 16; a++)
              for (let b = 0; b < 16; b++) {
                let s = 0;
                for (let p = 0; p < P; p++) s += J[(a * 3 + c) * P + p] * J[(b * 3 + c) * P + p];
                want.push(s);
              }
          expect(relErr(blocks.data, want)).toBeLessThan(tol());
        } finally {
          bound.dispose();
        }
      });
    }
  });
}
