// Forward outputs, MSE loss and gradients of every fixture model (fixtures README §5).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KanModel } from '../../src/kan/model.js';
import { lossAndGrad } from '../../src/train/loss-and-grad.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { loadFixture } from '../helpers/fixtures.js';
import { relErr } from '../helpers/nd.js';

const FILES = [
  'kan_forward_spline_small.json', 'kan_forward_spline_small_perturbed.json',
  'kan_forward_base_small.json', 'kan_forward_base_small_perturbed.json',
  'kan_forward_chebyshev.json', 'kan_forward_chebyshev_perturbed.json',
  'kan_forward_spline_big.json',
];

// f64: the bound (1e-10 relative to max|·|; README §12 suggests 1e-12 for forward values).
// f32 (webgpu): ~1e-6 per op through 3–4 layers; the bound is 1e-4.
const TOLERANCE = {
  f64: { forward: 1e-12, loss: 1e-12, grad: 1e-10 },
  f32: { forward: 1e-4, loss: 1e-4, grad: 1e-4 },
};

for (const name of TEST_BACKENDS) {
  describe(`KAN fixtures on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());

    for (const file of FILES) {
      it(file, async () => {
        const fx = loadFixture(file);
        const model = KanModel.fromJSON(fx.model);
        expect(model.paramOrder()).toEqual(fx.param_order);
        expect(model.nParams).toBe(fx.n_params);
        const tol = TOLERANCE[backend.info.precision];
        const y = await model.forward({ backend }, fx.x);
        expect(y.shape).toEqual(fx.outputs.shape);
        expect(relErr(y.data, fx.outputs.data)).toBeLessThan(tol.forward);
        const bound = model.bind(backend);
        try {
          const { loss, grad } = await lossAndGrad(bound, fx.x, fx.y, { loss: 'mse' });
          expect(Math.abs(loss - fx.loss) / Math.abs(fx.loss)).toBeLessThan(tol.loss);
          expect(relErr(grad, fx.grad.data)).toBeLessThan(tol.grad);
        } finally {
          bound.dispose();
        }
      });
    }

    // the unfused graph path (materialised basis + matmul) is the independent check of the fused kernel
    for (const file of FILES.filter((f) => /spline_small|base_small/.test(f))) {
      it(`${file} (unfused graph path)`, async () => {
        const fx = loadFixture(file);
        const bound = KanModel.fromJSON(fx.model).bind(backend, { fused: false });
        try {
          const tol = TOLERANCE[backend.info.precision];
          const { loss, grad } = await lossAndGrad(bound, fx.x, fx.y, { loss: 'mse' });
          expect(Math.abs(loss - fx.loss) / Math.abs(fx.loss)).toBeLessThan(tol.loss);
          expect(relErr(grad, fx.grad.data)).toBeLessThan(tol.grad);
        } finally {
          bound.dispose();
        }
      });
    }
  });
}
