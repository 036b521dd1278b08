// The loss along a line θ(α) = (1−α)θ₀ + αθ₁, checked against independent loss
// evaluations and, through its second difference, against the Hessian.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KanModel } from '../../src/kan/model.js';
import { lossAlongLine, alphaRange, checkSameNetwork } from '../../src/hessian/landscape.js';
import { HessianOperator } from '../../src/hessian/hvp.js';
import { lossAndGrad } from '../../src/train/loss-and-grad.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { createRandom } from '../helpers/random.js';
import { kanTiny, mlp } from './hessian-fixtures.js';

const BACKENDS = TEST_BACKENDS.filter((b) => b !== 'reference');
const theta0 = KanModel.fromJSON(kanTiny.model);
const rnd = createRandom(21);
const direction = rnd.array(theta0.nParams, -0.3, 0.3);
const theta1 = theta0.withFlatParams(theta0.flatParams().map((t, i) => t + direction[i]));

describe('alpha grids and model checks', () => {
  it('alphaRange(−1.5, 2, 36) steps by 0.1 and hits both ends exactly', () => {
    const a = alphaRange(-1.5, 2, 36);
    expect(a.length).toBe(36);
    expect(a[0]).toBe(-1.5);
    expect(a[35]).toBe(2);
    for (let i = 1; i < 36; i++) expect(a[i] - a[i - 1]).toBeCloseTo(0.1, 12);
    expect(() => alphaRange(0, 1, 1)).toThrow(/integer ≥ 2/);
    expect(() => alphaRange(NaN, 1, 5)).toThrow(/finite/);
  });

  it('refuses models that differ in more than parameter values', () => {
    const spec = theta0.toJSON() as any;
    spec.layers[0].grid.data[0] -= 0.1;
    expect(() => checkSameNetwork(theta0, KanModel.fromJSON(spec))).toThrow(/layer 0 differs in 'grid'/);
    expect(() => checkSameNetwork(theta0, KanModel.fromJSON(mlp.model))).toThrow(/landscape: layer 0/);
    expect(() => checkSameNetwork(theta0, theta1)).not.toThrow();
  });
});

for (const name of BACKENDS) {
  describe(`loss along a line on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend.dispose());
    // f32 losses carry ~1e-6 relative error (README §12's note on f32)
    const tol = name === 'webgpu' ? 1e-5 : 1e-13;

    it('equals independent loss evaluations at α = 0, 1, −1.5 and 2 on two data sets', async () => {
      const y2 = { shape: kanTiny.y.shape, data: kanTiny.y.data.map((v: number) => v + 0.5) };
      const data = [{ x: kanTiny.x, y: kanTiny.y }, { x: kanTiny.x, y: y2 }];
      const alphas = [0, 1, -1.5, 2];
      const r = await lossAlongLine({ backend }, theta0, theta1, data, { alphas });
      expect(r.losses.length).toBe(2);
      const t0 = theta0.flatParams(), t1 = theta1.flatParams();
      for (let i = 0; i < alphas.length; i++) {
        const a = alphas[i];
        const model = theta0.withFlatParams(t0.map((t, p) => (1 - a) * t + a * t1[p]));
        for (let d = 0; d < 2; d++) {
          const bound = model.bind(backend);
          const ref = (await lossAndGrad(bound, data[d].x, data[d].y, 'mse')).loss;
          bound.dispose();
          expect(Math.abs(r.losses[d][i] - ref) / ref).toBeLessThan(tol);
        }
      }
      if (name === 'wasm') expect(Math.abs(r.losses[0][0] - kanTiny.loss) / kanTiny.loss).toBeLessThan(1e-13);
      expect(backend.stats().liveBuffers).toBe(0);
    });

    it('cross-entropy on integer labels (MLP fixture): α = 0 gives the stored loss', async () => {
      const m0 = KanModel.fromJSON(mlp.model);
      const m1 = m0.withFlatParams(m0.flatParams().map((t) => 2 * t));
      const r = await lossAlongLine({ backend }, m0, m1, { x: mlp.x, y: mlp.labels }, { alphas: [0, 0.5], loss: 'ce' });
      expect(Math.abs(r.losses[0][0] - mlp.loss) / mlp.loss).toBeLessThan(name === 'webgpu' ? 1e-5 : 1e-13);
    });
  });
}

describe('curvature along the line agrees with the Hessian (wasm, f64)', () => {
  it('(L(h) − 2L(0) + L(−h))/h² = dᵀHd with d = θ₁ − θ₀', async () => {
    const backend = await makeBackend('wasm');
    // h = 1e-3: the second difference has O(h²) truncation (~1e-6 relative) and O(u/h²) rounding (~1e-10)
    const h = 1e-3;
    const r = await lossAlongLine({ backend }, theta0, theta1, { x: kanTiny.x, y: kanTiny.y }, { alphas: [-h, 0, h] });
    const [lm, l0, lp] = r.losses[0];
    const second = (lp - 2 * l0 + lm) / (h * h);
    const bound = theta0.bind(backend);
    const op = HessianOperator.create(bound, kanTiny.x, kanTiny.y);
    const hd = await op.apply(direction);
    const dHd = hd.reduce((s, v, i) => s + v * direction[i], 0);
    expect(Math.abs(second - dHd) / Math.abs(dHd)).toBeLessThan(1e-5);
    op.dispose();
    bound.dispose();
    backend.dispose();
  });
});
