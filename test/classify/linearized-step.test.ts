// The NTK-1 update against the fixture (README §10, mlp_ntk_multiclass.json):
// two steps of the rule with the real network, and of the linearised variant.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KanModel } from '../../src/kan/model.js';
import { linearizedStep } from '../../src/classify/linearized-step.js';
import { makeBackend } from '../helpers/engines.js';
import { loadFixture } from '../helpers/fixtures.js';
import { relErr } from '../helpers/nd.js';

describe('linearizedStep (NTK-1)', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());

  const fx = loadFixture('mlp_ntk_multiclass.json');
  const lu = fx.linearized_update;

  for (const [variant, want] of [['network', lu], ['linearized', lu.variant_linearized_f]] as const) {
    it(`${variant}: θ1 and θ2 equal the fixture`, async () => {
      const model = KanModel.fromJSON(fx.model);
      expect(relErr(model.flatParams(), lu.theta0.data)).toBeLessThan(1e-15);
      const frozen = model.bind(backend), current = model.bind(backend);
      try {
        await linearizedStep(frozen, current, fx.x, fx.y_onehot, { lr: lu.lr, variant });
        expect(relErr((await current.toModel()).flatParams(), want.theta1.data)).toBeLessThan(1e-12);
        await linearizedStep(frozen, current, fx.x, fx.y_onehot, { lr: lu.lr, variant });
        expect(relErr((await current.toModel()).flatParams(), want.theta2.data)).toBeLessThan(1e-12);
        // the frozen model is not moved
        expect(relErr((await frozen.toModel()).flatParams(), lu.theta0.data)).toBeLessThan(1e-15);
      } finally {
        frozen.dispose();
        current.dispose();
      }
    });
  }

  it('chunks of rows (a memory bound) give the same step as one pass', async () => {
    const model = KanModel.fromJSON(fx.model);
    const frozen = model.bind(backend), whole = model.bind(backend), chunked = model.bind(backend);
    try {
      for (const variant of ['network', 'linearized'] as const) {
        for (let s = 0; s < 2; s++) {
          await linearizedStep(frozen, whole, fx.x, fx.y_onehot, { lr: lu.lr, variant });
          await linearizedStep(frozen, chunked, fx.x, fx.y_onehot, { lr: lu.lr, variant, chunk: 5 });
        }
        expect(relErr(await chunked.readFlatParams(), await whole.readFlatParams())).toBeLessThan(1e-14);
      }
      await expect(linearizedStep(frozen, chunked, fx.x, fx.y_onehot, { lr: 0.1, chunk: 0 })).rejects.toThrow(/chunk must be a whole number ≥ 1, got 0/);
    } finally {
      [frozen, whole, chunked].forEach((b) => b.dispose());
    }
  });

  it('the two variants differ at θ2 (by about 2e-4, as the fixture says) but not at θ1', () => {
    expect(relErr(lu.theta1.data, lu.variant_linearized_f.theta1.data)).toBeLessThan(1e-15);
    expect(relErr(lu.theta2.data, lu.variant_linearized_f.theta2.data)).toBeGreaterThan(1e-6);
  });

  it('names bad input', async () => {
    const model = KanModel.fromJSON(fx.model);
    const a = model.bind(backend), b = model.bind(backend);
    try {
      await expect(linearizedStep(a, b, fx.x, { shape: [16, 2], data: new Array(32).fill(0) }, { lr: 0.1 })).rejects.toThrow(/one-hot targets must be \[16, 3\]/);
      await expect(linearizedStep(a, b, fx.x, fx.y_onehot, { lr: -1 })).rejects.toThrow(/lr must be a positive number/);
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});
