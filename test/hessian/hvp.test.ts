// Hessian-vector products against the full Hessian of the tiny fixture model, the
// fixtures' stored HVPs, and central differences of gradients.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KanModel } from '../../src/kan/model.js';
import { HessianOperator } from '../../src/hessian/hvp.js';
import { KanntkError } from '../../src/errors.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { loadFixture } from '../helpers/fixtures.js';
import { createRandom } from '../helpers/random.js';
import { kanTiny, mlp, kanTinyOperator, mlpOperator, release, relToMax } from './hessian-fixtures.js';

const BACKENDS = TEST_BACKENDS.filter((b) => b !== 'reference');

describe('HVP on wasm (f64) against the fixtures', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend.dispose());

  it('reproduces the full 76×76 Hessian of the tiny KAN column by column (1e-10 relative to max, README §12)', async () => {
    const op = kanTinyOperator(backend);
    const P = op.size;
    expect(P).toBe(76);
    const H = new Float64Array(P * P);
    for (let j = 0; j < P; j++) {
      const e = new Float64Array(P);
      e[j] = 1;
      const col = await op.apply(e);
      for (let i = 0; i < P; i++) H[i * P + j] = col[i];
    }
    const err = relToMax(H, kanTiny.hessian.data);
    expect(err).toBeLessThan(1e-10);
    // reverse-over-reverse gives columns independently, so symmetry is a real check
    let asym = 0;
    for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) asym = Math.max(asym, Math.abs(H[i * P + j] - H[j * P + i]));
    expect(asym / kanTiny.lambda_max).toBeLessThan(1e-12);
    expect(op.applications).toBe(P);
    release(op);
  });

  it('matches the stored H·v, loss and gradient (KAN + MSE, MLP + cross-entropy)', async () => {
    for (const [fx, make] of [[kanTiny, kanTinyOperator], [mlp, mlpOperator]] as const) {
      const op = make(backend);
      const hv = await op.apply(Float64Array.from(fx.hvp_vector.data));
      expect(relToMax(hv, fx.hvp.data)).toBeLessThan(1e-10);
      const g = await op.gradient();
      expect(relToMax(g.grad, fx.grad.data)).toBeLessThan(1e-10);
      expect(Math.abs(g.loss - fx.loss) / fx.loss).toBeLessThan(1e-12);
      expect(Math.abs((await op.value()) - fx.loss) / fx.loss).toBeLessThan(1e-12);
      release(op);
    }
  });

  // Central differences: (g(θ+εv) − g(θ−εv))/(2ε) = H·v + O(ε²) (third derivatives) + O(u/ε) (rounding).
  // With ε = 1e-5·‖θ‖∞ (‖v‖∞ ≤ 1) both are near 1e-8 relative (measured on the spline model: the error
  // falls as ε², 1.7e-8 here). 1e-6 leaves a margin, yet any wrong second-order term (an O(1) relative
  // error) fails. Covers every layer type and both losses.
  const cases: [string, () => { model: KanModel; x: any; y: any; loss: 'mse' | 'ce' }][] = [
    ['spline KAN [2,8,8,1] (perturbed), mse', () => { const f = loadFixture('kan_forward_spline_small_perturbed.json'); return { model: KanModel.fromJSON(f.model), x: f.x, y: f.y, loss: 'mse' }; }],
    ['base KAN [2,5,1] (perturbed), mse', () => { const f = loadFixture('kan_forward_base_small_perturbed.json'); return { model: KanModel.fromJSON(f.model), x: f.x, y: f.y, loss: 'mse' }; }],
    ['Chebyshev KAN [2,6,6,1] (perturbed), mse', () => { const f = loadFixture('kan_forward_chebyshev_perturbed.json'); return { model: KanModel.fromJSON(f.model), x: f.x, y: f.y, loss: 'mse' }; }],
    ['MLP 8→16→3 relu, cross-entropy', () => ({ model: KanModel.fromJSON(mlp.model), x: mlp.x, y: mlp.labels, loss: 'ce' })],
  ];
  for (const [name, load] of cases) {
    it(`agrees with central differences of the gradient: ${name}`, async () => {
      const { model, x, y, loss } = load();
      const rnd = createRandom(7);
      const P = model.nParams;
      const v = rnd.array(P);
      const theta = model.flatParams();
      const eps = 1e-5 * Math.max(...Array.from(theta, Math.abs));
      const bound = model.bind(backend);
      const op = HessianOperator.create(bound, x, y, { loss });
      const hv = await op.apply(v);
      bound.setFlatParams(theta.map((t, i) => t + eps * v[i]));
      const gp = (await op.gradient()).grad;
      bound.setFlatParams(theta.map((t, i) => t - eps * v[i]));
      const gm = (await op.gradient()).grad;
      const fd = gp.map((g, i) => (g - gm[i]) / (2 * eps));
      expect(relToMax(hv, fd)).toBeLessThan(1e-6);
      release(op);
    });
  }

  it('keeps memory flat over repeated products and serialises concurrent calls', async () => {
    const op = kanTinyOperator(backend);
    const v = createRandom(3).array(op.size);
    const first = await op.apply(v);
    const live = backend.stats().liveBuffers;
    const again = await Promise.all([op.apply(v), op.apply(v), op.apply(v)]);
    for (const r of again) expect(Array.from(r)).toEqual(Array.from(first));
    expect(backend.stats().liveBuffers).toBe(live);
    release(op);
  });

  it('rejects bad vectors, bad data and use after dispose with KanntkError', async () => {
    const op = kanTinyOperator(backend);
    expect(() => op.apply(new Float64Array(75))).toThrow(/length 75, the model has 76 parameters/);
    const nan = new Float64Array(76);
    nan[4] = NaN;
    expect(() => op.apply(nan)).toThrow(KanntkError);
    expect(() => op.apply(nan)).toThrow(/v\[4\] is NaN/);
    release(op);
    expect(() => op.apply(new Float64Array(76))).toThrow(/after dispose/);
    const bound = KanModel.fromJSON(kanTiny.model).bind(backend);
    expect(() => HessianOperator.create(bound, { shape: [32, 3], data: new Array(96).fill(0) }, kanTiny.y)).toThrow(/input x must be \[N, 2\]/);
    expect(() => HessianOperator.create(bound, kanTiny.x, { shape: [31, 1], data: new Array(31).fill(0) })).toThrow(/target y must be \[32, 1\]/);
    expect(() => HessianOperator.create(bound, kanTiny.x, kanTiny.y, { loss: 'l1' as never })).toThrow(/unknown loss 'l1'/);
    const mlpBound = KanModel.fromJSON(mlp.model).bind(backend);
    const badLabels = { shape: [24], data: mlp.labels.data.map((l: number, i: number) => (i === 5 ? 3 : l)) };
    const ce = HessianOperator.create(mlpBound, mlp.x, badLabels, { loss: 'ce' });
    await expect(ce.apply(new Float64Array(195))).rejects.toThrow(/label 3 at row 5/);
    ce.dispose();
    mlpBound.dispose();
    bound.dispose();
    expect(backend.stats().liveBuffers).toBe(0);
  });
});

for (const name of BACKENDS) {
  describe(`HVP on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend.dispose());

    // f64: README §12's 1e-10. f32 (WebGPU): forward and gradients carry ~1e-6 relative error, and
    // the second reverse pass adds the same again; 1e-5 relative to max allows for that (measured ~1e-7).
    const tol = name === 'webgpu' ? 1e-5 : 1e-10;
    it(`matches the fixtures' H·v within ${tol} relative to max`, async () => {
      for (const [fx, make] of [[kanTiny, kanTinyOperator], [mlp, mlpOperator]] as const) {
        const op = make(backend);
        expect(op.roundoff).toBe(name === 'webgpu' ? 2 ** -24 : 2 ** -53);
        const hv = await op.apply(Float64Array.from(fx.hvp_vector.data));
        expect(relToMax(hv, fx.hvp.data)).toBeLessThan(tol);
        release(op);
      }
      expect(backend.stats().liveBuffers).toBe(0);
    });
  });
}
