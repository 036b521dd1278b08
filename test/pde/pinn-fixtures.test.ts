// PINN residuals, input derivatives, the weighted loss and gradient, RBA and the
// weighted K_EE / K_BB blocks against the fixtures (README §8).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import * as g from '../../src/graph/index.js';
import { KanModel } from '../../src/kan/model.js';
import { builtinPde } from '../../src/pde/builtins/index.js';
import { pdeResidual } from '../../src/pde/residual.js';
import { pinnLoss } from '../../src/pde/pinn-loss.js';
import { rbaUpdate } from '../../src/pde/rba.js';
import { residualNtk, boundaryNtk } from '../../src/pde/pde-ntk.js';
import { stabilizeHost } from '../../src/ntk/stabilize.js';
import { eigh } from '../../src/spectral/eigh.js';
import { spectrumMetrics } from '../../src/spectral/metrics.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { loadFixture } from '../helpers/fixtures.js';
import { relErr } from '../helpers/nd.js';

const FILES: Record<string, string> = { 'allen-cahn': 'pinn_allen_cahn.json', burgers: 'pinn_burgers.json', helmholtz: 'pinn_helmholtz.json' };

// f64: the issue asks 1e-9 relative for u, derivatives and residuals (README §12: 1e-12 for
// values, 1e-10 for gradients and K). f32: third-order graphs in single precision, ~1e-3 of max.
const TOL = { f64: { value: 1e-9, grad: 1e-9, K: 1e-9 }, f32: { value: 2e-3, grad: 1e-2, K: 1e-2 } };

describe('RBA update', () => {
  it('λ ← γ·λ + η·|r|/max|r| by hand', () => {
    const w = rbaUpdate([1, 2, 0.5], [0.5, -2, 1], { gamma: 0.9, eta: 0.1 });
    expect(Array.from(w)).toEqual([0.9 * 1 + 0.1 * 0.25, 0.9 * 2 + 0.1 * 1, 0.9 * 0.5 + 0.1 * 0.5]);
    expect(Array.from(rbaUpdate([1], [0]))).toEqual([0.999]);
    expect(() => rbaUpdate([1, 2], [1])).toThrow(/2 weights but 1 residuals/);
  });
});

for (const name of TEST_BACKENDS) {
  describe(`PINN fixtures on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());

    for (const [pdeName, file] of Object.entries(FILES)) {
      it(`${pdeName}: u, derivatives, residuals, weighted loss, gradient, RBA`, async () => {
        const fx = loadFixture(file);
        const pde = builtinPde(pdeName);
        expect(pde.inputs).toEqual(fx.input_columns);
        const tol = TOL[backend.info.precision];
        const bound = KanModel.fromJSON(fx.model).bind(backend);
        try {
          const derivNames = Object.keys(fx.interior).filter((k) => k.startsWith('u_') && k !== 'u_exact');
          const got = await g.tidy(async () => {
            const x = g.tensor(backend, fx.x_interior.data, fx.x_interior.shape);
            const r = pdeResidual(bound, pde, x, { derivatives: derivNames });
            const out: Record<string, Float64Array> = { residual: await r.residual.data() };
            for (const [k, t] of Object.entries(r.derivatives)) out[k] = await t.data();
            return out;
          });
          for (const k of ['u', ...derivNames]) expect(relErr(got[k], fx.interior[k].data), k).toBeLessThan(tol.value);
          expect(relErr(got.residual, fx.residual_interior.data), 'residual').toBeLessThan(tol.value);
          // boundary data from our PDE definition
          const gB = pde.boundaryValues(fx.x_boundary.data, fx.x_boundary.shape[0]);
          expect(relErr(gB, fx.g_boundary.data)).toBeLessThan(1e-15);
          const { loss, grad, boundaryRes, interiorRes } = await g.tidy(async () => {
            const t = (a: any, shape?: number[]) => g.tensor(backend, a.data ?? a, shape ?? a.shape);
            const batch = {
              interior: t(fx.x_interior), boundary: t(fx.x_boundary), g: t(fx.g_boundary),
              wE: t(fx.w_E, [fx.w_E.data.length, 1]), wB: t(fx.w_B, [fx.w_B.data.length, 1]),
            };
            const parts = pinnLoss(bound, pde, batch);
            const grads = g.grad(parts.loss, bound.params);
            return {
              loss: (await parts.loss.data())[0], grad: await bound.flatParams(grads).data(),
              boundaryRes: await parts.boundaryResidual.data(), interiorRes: await parts.residual.data(),
            };
          });
          expect(relErr(boundaryRes, fx.residual_boundary.data)).toBeLessThan(tol.value);
          expect(Math.abs(loss - fx.loss) / fx.loss).toBeLessThan(tol.value);
          expect(relErr(grad, fx.grad.data)).toBeLessThan(tol.grad);
          const { gamma, eta } = fx.rba_update;
          expect(relErr(rbaUpdate(fx.w_E.data, interiorRes, { gamma, eta }), fx.rba_update.w_E_new.data)).toBeLessThan(tol.value);
          expect(relErr(rbaUpdate(fx.w_B.data, boundaryRes, { gamma, eta }), fx.rba_update.w_B_new.data)).toBeLessThan(tol.value);
        } finally {
          bound.dispose();
        }
      });

      it(`${pdeName}: weighted K_EE and K_BB and their spectra`, async () => {
        const fx = loadFixture(file);
        const pde = builtinPde(pdeName);
        const tol = TOL[backend.info.precision];
        const bound = KanModel.fromJSON(fx.model).bind(backend);
        try {
          const KEE = await residualNtk(bound, pde, fx.x_interior, { weights: fx.w_E.data });
          const KBB = await boundaryNtk(bound, fx.x_boundary, { weights: fx.w_B.data });
          expect(KEE.shape).toEqual(fx.K_EE.shape);
          expect(relErr(KEE.data, fx.K_EE.data)).toBeLessThan(tol.K);
          expect(relErr(KBB.data, fx.K_BB.data)).toBeLessThan(tol.K);
          if (backend.info.precision !== 'f64') return;
          for (const [K, spec] of [[KEE, fx.K_EE_spectrum], [KBB, fx.K_BB_spectrum]] as const) {
            const n = K.shape[0];
            const { matrix } = stabilizeHost(K.data, n);
            const { values } = await eigh({ backend }, { shape: [n, n], data: matrix }, { vectors: false });
            const want = spec.eigenvalues.data, lmax = want[0];
            values.forEach((l, i) => expect(Math.abs(l - want[i]), `λ${i}`).toBeLessThan(Math.max(1e-9 * lmax, spec.eigenvalue_abs_uncertainty_estimate)));
            const m = spectrumMetrics(values, spec.effective_dimension_gamma);
            expect(Math.abs(m.effectiveRank - spec.effective_rank) / spec.effective_rank).toBeLessThan(1e-9);
            if (!spec.condition_number_floor_active) expect(Math.abs(m.cond - spec.condition_number) / spec.condition_number).toBeLessThan(1e-6);
          }
        } finally {
          bound.dispose();
        }
      });
    }
  });
}
