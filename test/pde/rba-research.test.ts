// The research's RBA rule: the weights are recomputed inside the loss from the
// current residuals, λ = γ·λ + η·|r|/max|r|, and differentiated with it (no
// stop-gradient). Checked against central finite differences of that loss (an
// independent computation), against the jaxKAN rule (the extra term matters),
// and in training (the weights a step leaves are the ones its loss used).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import * as g from '../../src/graph/index.js';
import { KanModel, type BoundModel } from '../../src/kan/model.js';
import { builtinPde } from '../../src/pde/builtins/index.js';
import { pinnLoss, type ResearchRba } from '../../src/pde/pinn-loss.js';
import { trainPinn } from '../../src/pde/pinn-train.js';
import { rbaUpdate } from '../../src/pde/rba.js';
import { sgd } from '../../src/train/optimizers/sgd.js';
import { makeBackend } from '../helpers/engines.js';
import { loadFixture } from '../helpers/fixtures.js';
import { createRandom } from '../helpers/random.js';

const RULE: ResearchRba = { gamma: 0.999, eta: 0.01 };

describe('amax: the maximum with a gradient', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('reference');
  });
  afterAll(() => backend?.dispose());

  it('the gradient goes to the maximal entry, shared among ties; along an axis too', async () => {
    const [gx] = await g.tidy(async () => {
      const x = g.tensor(backend, [0.5, 2, -3, 2], [4]);
      return [await g.grad(g.mul(g.amax(x), 3), [x])[0].data()];
    });
    expect(Array.from(gx)).toEqual([0, 1.5, 0, 1.5]);
    const [gy] = await g.tidy(async () => {
      const y = g.tensor(backend, [1, 5, 2, 7, 0, -1], [2, 3]);
      return [await g.grad(g.sum(g.mul(g.amax(y, 1), g.tensor(backend, [2, 10], [2]))), [y])[0].data()];
    });
    expect(Array.from(gy)).toEqual([0, 2, 0, 10, 0, 0]);
  });
});

describe('RBA, the research rule', () => {
  let backend: Backend;
  let bound: BoundModel;
  const fx = loadFixture('pinn_burgers.json');
  const pde = builtinPde('burgers');
  beforeAll(async () => {
    backend = await makeBackend('wasm');
    bound = KanModel.fromJSON(fx.model).bind(backend);
  });
  afterAll(() => {
    bound?.dispose();
    backend?.dispose();
  });

  /** The loss (and its flat gradient) at θ, with the research rule or with constant weights. */
  async function lossAt(theta: Float64Array, research: boolean): Promise<{ loss: number; grad: Float64Array; wE: Float64Array }> {
    bound.setFlatParams(theta);
    return g.tidy(async () => {
      const t = (a: any, shape?: number[]) => g.tensor(backend, a.data ?? a, shape ?? a.shape);
      const batch = {
        interior: t(fx.x_interior), boundary: t(fx.x_boundary), g: t(fx.g_boundary),
        wE: t(fx.w_E, [fx.w_E.data.length, 1]), wB: t(fx.w_B, [fx.w_B.data.length, 1]),
        researchRba: research ? RULE : undefined,
      };
      const parts = pinnLoss(bound, pde, batch);
      const flat = bound.flatParams(g.grad(parts.loss, bound.params));
      return { loss: (await parts.loss.data())[0], grad: await flat.data(), wE: await parts.wE.data() };
    });
  }

  it('the gradient equals central finite differences of the research loss, and differs from the jaxKAN one', async () => {
    const theta0 = (await bound.toModel()).flatParams();
    const research = await lossAt(theta0, true);
    const plain = await lossAt(theta0, false);
    // the weights the loss used: the RBA update from the residuals at θ0
    const r = await g.tidy(async () => (await pinnLoss(bound, pde, {
      interior: g.tensor(backend, fx.x_interior.data, fx.x_interior.shape), boundary: g.tensor(backend, fx.x_boundary.data, fx.x_boundary.shape),
      g: g.tensor(backend, fx.g_boundary.data, fx.g_boundary.shape), wE: g.tensor(backend, fx.w_E.data, [32, 1]), wB: g.tensor(backend, fx.w_B.data, [16, 1]),
    }).residual.data()));
    const expected = rbaUpdate(fx.w_E.data, r, RULE);
    for (let i = 0; i < 32; i++) expect(Math.abs(research.wE[i] - expected[i])).toBeLessThan(1e-15);
    const rnd = createRandom(5);
    for (let trial = 0; trial < 3; trial++) {
      const dir = rnd.array(theta0.length);
      const h = 1e-5;
      const plus = await lossAt(theta0.map((v, p) => v + h * dir[p]), true);
      const minus = await lossAt(theta0.map((v, p) => v - h * dir[p]), true);
      const fd = (plus.loss - minus.loss) / (2 * h);
      const ad = research.grad.reduce((s, gp, p) => s + gp * dir[p], 0);
      const jax = plain.grad.reduce((s, gp, p) => s + gp * dir[p], 0);
      expect(Math.abs(ad - fd) / Math.abs(fd), `direction ${trial}`).toBeLessThan(1e-6);
      // with the weights held constant the directional derivative is another number
      expect(Math.abs(jax - fd) / Math.abs(fd)).toBeGreaterThan(1e-4);
    }
    bound.setFlatParams(theta0);
  });

  it('in training: each step leaves the weights its loss used (γ·λ + η·|r(θ_k)|/max|r(θ_k)|)', async () => {
    const theta0 = (await bound.toModel()).flatParams();
    const points = { interior: fx.x_interior, boundary: fx.x_boundary };
    const w0 = Float64Array.from(fx.w_E.data), b0 = Float64Array.from(fx.w_B.data);
    const first = await lossAt(theta0, true);
    bound.setFlatParams(theta0);
    const trained = await trainPinn(bound, pde, points, { steps: 1, optimizer: sgd({ lr: 1e-4 }), rbaRule: 'research', wE: w0, wB: b0 });
    for (let i = 0; i < 32; i++) expect(Math.abs(trained.wE[i] - first.wE[i])).toBeLessThan(1e-15);
    expect(trained.losses[0]).toBeCloseTo(first.loss, 14);
    bound.setFlatParams(theta0);
    await expect(trainPinn(bound, pde, points, { steps: 1, rbaRule: 'both' as never })).rejects.toThrow(/unknown rbaRule 'both'/);
  });
});
