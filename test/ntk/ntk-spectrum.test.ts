// NTK spectra and metrics against the fixtures (README §7): structured NTK →
// stabilise → Jacobi eigendecomposition → metrics.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KanModel } from '../../src/kan/model.js';
import { ntk } from '../../src/ntk/ntk.js';
import { stabilizeHost } from '../../src/ntk/stabilize.js';
import { eigh } from '../../src/spectral/eigh.js';
import { spectrumMetrics } from '../../src/spectral/metrics.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { loadFixture } from '../helpers/fixtures.js';

const small = loadFixture('ntk_spline_small.json');
const big = loadFixture('ntk_spline_big.json');
const CASES = [
  ...small.cases.map((c: any) => ({ name: `small, init ${c.init_scheme.type}`, model: c.model, x: small.x, fx: c })),
  { name: 'big, 256 points', model: loadFixture(big.model_file).model, x: big.x, fx: big },
];

for (const name of TEST_BACKENDS.filter((b) => b !== 'reference')) {
  describe(`NTK spectrum on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());

    for (const c of CASES) {
      it(c.name, async () => {
        const bound = KanModel.fromJSON(c.model).bind(backend);
        const K = await ntk(bound, c.x);
        bound.dispose();
        const n = K.shape[0];
        const { matrix, jitter } = stabilizeHost(K.data, n);
        const spec = await eigh({ backend }, { shape: [n, n], data: matrix });
        const fx = c.fx, want: number[] = fx.eigenvalues.data, lmax = want[0];
        const m = spectrumMetrics(spec.values, fx.effective_dimension_gamma);
        if (backend.info.precision === 'f64') {
          expect(Math.abs(jitter - fx.jitter) / fx.jitter).toBeLessThan(1e-10);
          // top eigenvalues: the 1e-9 relative
          for (let r = 0; r < 5; r++) expect(Math.abs(spec.values[r] - want[r]) / want[r], `λ${r}`).toBeLessThan(1e-9);
          // every eigenvalue above 1e-12·λmax that the fixture marks reliable: 1e-6 relative — or the
          // fixture's own absolute uncertainty where that is larger (README §12: small eigenvalues are only
          // as good as eigenvalue_abs_uncertainty_estimate; e.g. λ50 = 4e-9 of the power case carries ±4e-11)
          want.forEach((l, r) => {
            if (l > 1e-12 * lmax && fx.eigenvalues_reliable_relative[r]) {
              expect(Math.abs(spec.values[r] - l), `λ${r}`).toBeLessThan(Math.max(1e-6 * l, fx.eigenvalue_abs_uncertainty_estimate));
            }
          });
          // all of them within the fixture's own uncertainty (README §12)
          const absTol = Math.max(fx.eigenvalue_abs_uncertainty_estimate, 1e-10 * lmax);
          want.forEach((l, r) => expect(Math.abs(spec.values[r] - l), `λ${r}`).toBeLessThan(absTol));
          if (fx.condition_number_floor_active) expect(Math.abs(m.cond - fx.condition_number) / fx.condition_number).toBeLessThan(1e-12);
          else expect(Math.abs(m.cond - fx.condition_number) / fx.condition_number).toBeLessThan(1e-6);
          expect(m.condFloorActive).toBe(fx.condition_number_floor_active);
          expect(Math.abs(m.effectiveRank - fx.effective_rank) / fx.effective_rank).toBeLessThan(1e-10);
          expect(Math.abs(m.effectiveDim - fx.effective_dimension) / fx.effective_dimension).toBeLessThan(1e-8);
          // eigenvectors (sign convention: largest-|·| component positive) where the gaps define them
          fx.top_eigenvectors.data.length &&
            [0, 1, 2, 3, 4].forEach((r) => {
              if (fx.top_relative_gaps[r] < 1e-6 || (r > 0 && fx.top_relative_gaps[r - 1] < 1e-6)) return;
              const v = fx.top_eigenvectors.data.slice(r * n, (r + 1) * n);
              const err = Math.max(...v.map((x: number, i: number) => Math.abs(x - spec.vectors![r][i])));
              expect(err, `eigenvector ${r}`).toBeLessThan(1e-8);
            });
        } else {
          // f32: eigenvalues above the noise floor agree to the kernel's own f32 accuracy (~1e-4 of λmax);
          // those below it are flagged, not reported as resolved
          expect(spec.noiseFloor).toBeGreaterThan(1e-7 * lmax);
          want.forEach((l, r) => {
            if (spec.resolved[r]) expect(Math.abs(spec.values[r] - l), `λ${r}`).toBeLessThan(spec.noiseFloor + 2e-4 * lmax);
          });
          expect(Math.abs(spec.values[0] - lmax) / lmax).toBeLessThan(2e-4);
          expect(spec.resolved.filter((x) => !x).length).toBeGreaterThan(0);
        }
      });
    }
  });
}
