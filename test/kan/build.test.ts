// Building models from a configuration; model files: round trip and bad input.
import { describe, it, expect } from 'vitest';
import { createKan } from '../../src/kan/build.js';
import { KanModel } from '../../src/kan/model.js';
import { uniformKnots } from '../../src/kan/grid.js';
import { loadFixture } from '../helpers/fixtures.js';

describe('createKan', () => {
  it('builds the research architectures with the fixture parameter counts and knots', () => {
    const small = createKan({ layerDims: [2, 8, 8, 1], G: 5, k: 3, init: { type: 'glorot' }, seed: 43 });
    expect(small.nParams).toBe(897);
    expect(small.paramOrder()).toEqual(loadFixture('kan_forward_spline_small.json').param_order);
    // knots bit-identical to the fixture's float64 grid (README §3)
    expect(small.layers[0].type === 'spline' && small.layers[0].grid.data.slice(0, 12)).toEqual(loadFixture('kan_forward_spline_small.json').model.layers[0].grid.data.slice(0, 12));
    const big = createKan({ layerDims: [2, 32, 32, 32, 1], G: 20, k: 3, init: { type: 'power' }, seed: 1 });
    expect(big.nParams).toBe(53697);
  });

  it('is deterministic in the seed and layers draw independent streams', () => {
    const a = createKan({ layerDims: [2, 4, 4, 1], seed: 7, init: { type: 'glorot' } });
    const b = createKan({ layerDims: [2, 4, 4, 1], seed: 7, init: { type: 'glorot' } });
    const c = createKan({ layerDims: [2, 4, 4, 1], seed: 8, init: { type: 'glorot' } });
    expect(a.serialize()).toBe(b.serialize());
    expect(a.serialize()).not.toBe(c.serialize());
    const [, l1, l2] = a.layers as any[];
    expect(l1.c_basis.data).not.toEqual(l2.c_basis.data);
  });

  it('builds base, chebyshev and dense models', () => {
    expect(createKan({ layerDims: [2, 5, 1], layer: 'base' }).nParams).toBe(createKan({ layerDims: [2, 5, 1], layer: 'spline' }).nParams);
    expect(createKan({ layerDims: [2, 6, 6, 1], layer: 'chebyshev', D: 5, residual: null, externalWeights: false }).nParams)
      .toBe(loadFixture('kan_forward_chebyshev.json').n_params);
    expect(createKan({ layerDims: [8, 16, 3], layer: 'dense', activation: 'relu' }).nParams).toBe(195);
  });

  it('dense layers: Glorot normal (truncated, as jax) or uniform with init glorot, b = 0; flax\'s 1/fan_in by default', () => {
    const stats = (w: number[]) => {
      const mean = w.reduce((a, b) => a + b) / w.length;
      return { mean, std: Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length), max: Math.max(...w.map(Math.abs)) };
    };
    const weights = (init?: object) => {
      const [l0] = createKan({ layerDims: [64, 128, 10], layer: 'dense', activation: 'relu', seed: 5, ...(init ? { init } : {}) } as any).layers as any[];
      return { W: Array.from(l0.W.data as number[]), b: Array.from(l0.b.data as number[]) };
    };
    const glorotStd = Math.sqrt(2 / (64 + 128));
    const normal = weights({ type: 'glorot' });
    const s = stats(normal.W);
    // 8192 draws: the sample std is within ~1.5 % (3σ) of the target
    expect(Math.abs(s.std / glorotStd - 1)).toBeLessThan(0.03);
    expect(Math.abs(s.mean)).toBeLessThan(4 * glorotStd / Math.sqrt(8192));
    expect(s.max).toBeLessThanOrEqual((2 * glorotStd) / 0.8796256610342398 + 1e-12);
    expect(normal.b.every((v) => v === 0)).toBe(true);
    const uniform = stats(weights({ type: 'glorot', distribution: 'uniform' }).W);
    expect(Math.abs(uniform.std / glorotStd - 1)).toBeLessThan(0.03);
    expect(uniform.max).toBeLessThanOrEqual(Math.sqrt(6 / (64 + 128)));
    expect(Math.abs(stats(weights().W).std * Math.sqrt(64) - 1)).toBeLessThan(0.03);
  });

  it('rejects bad configurations', () => {
    expect(() => createKan({ layerDims: [2] })).toThrow(/layerDims/);
    expect(() => createKan({ layerDims: [2, 1], layer: 'fancy' as any })).toThrow(/unknown layer type 'fancy'/);
    expect(() => createKan({ layerDims: [2, 1], G: 0 })).toThrow(/G=0/);
  });
});

describe('model files', () => {
  it('save → load → save is byte-identical, for every fixture model', () => {
    for (const f of ['kan_forward_spline_small.json', 'kan_forward_base_small.json', 'kan_forward_chebyshev.json', 'hessian_mlp.json']) {
      const text = KanModel.fromJSON(loadFixture(f).model).serialize();
      expect(KanModel.parse(text).serialize()).toBe(text);
    }
    const built = createKan({ layerDims: [2, 3, 1], seed: 3, init: { type: 'lecun' } }).serialize();
    expect(KanModel.parse(built).serialize()).toBe(built);
  });

  it('keeps every number exactly', () => {
    const fx = loadFixture('kan_forward_spline_small_perturbed.json');
    const m = KanModel.parse(KanModel.fromJSON(fx.model).serialize());
    expect(Array.from(m.flatParams())).toEqual(Array.from(KanModel.fromJSON(fx.model).flatParams()));
  });

  it('names the problem in a bad file', () => {
    const good = loadFixture('kan_forward_spline_small.json').model;
    const variant = (f: (m: any) => void) => {
      const m = structuredClone(good);
      f(m);
      return () => KanModel.fromJSON(m);
    };
    expect(variant((m) => (m.format = 'kan-model/3'))).toThrow(/format "kan-model\/3" is not supported/);
    expect(variant((m) => (m.layers[1].type = 'fourier'))).toThrow(/layer 1: unknown layer type 'fourier'/);
    expect(variant((m) => (m.layers[0].c_basis.shape = [8, 2, 7]))).toThrow(/layer 0: 'c_basis' has shape \[8,2,7\], expected \[8,2,8\]/);
    expect(variant((m) => (m.layers[0].c_spl.data[3] = null))).toThrow(/'c_spl' value null at flat index 3/);
    expect(variant((m) => (m.layers[2].n_in = 7))).toThrow(/layer 2/);
    expect(variant((m) => (m.layers[0].grid.data[5] = 5))).toThrow(/knots of row 0 decrease/);
    expect(() => KanModel.parse('{"format": ')).toThrow(/not valid JSON/);
  });

  it('uniform knots follow the fixture convention', () => {
    expect(Array.from(uniformKnots(5, 3, -1, 1))).toEqual(loadFixture('spline_basis.json').cases.find((c: any) => c.k === 3 && c.G === 5).knots.data);
  });
});
