// Training with periodic grid updates: the same as training in pieces with a
// grid update between them by hand (same optimizer carried on), updates stop at
// `until`, and the grids end on the data's range.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createKan } from '../../src/kan/build.js';
import { train } from '../../src/train/train-loop.js';
import { adam } from '../../src/train/optimizers/adam.js';
import { updateModelGrids } from '../../src/kan/model-grid.js';
import { trainWithGridUpdates } from '../../src/train/grid-update-schedule.js';
import { makeBackend } from '../helpers/engines.js';
import { relErr } from '../helpers/nd.js';

const x = { shape: [30, 1], data: Float64Array.from({ length: 30 }, (_, a) => 0.5 * (a / 29) ** 2) };
const y = { shape: [30, 1], data: Float64Array.from(x.data, (v) => Math.sin(6 * v)) };
const model = createKan({ layerDims: [1, 3, 1], layer: 'spline', G: 4, init: { type: 'glorot' }, seed: 3 });

describe('training with grid updates', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());

  it('equals training in pieces with updateModelGrids between them; grids end on the data', async () => {
    const optA = adam({ lr: 0.01 });
    const start = model.bind(backend);
    const r = await trainWithGridUpdates(start, x, { steps: 10, every: 4, run: async (m, n) => (await train(m, { x, y }, { steps: n, optimizer: optA })).losses });
    expect(r.updates).toBe(2);
    expect(r.losses).toHaveLength(11);
    const got = await r.model.toModel();
    // by hand
    const optB = adam({ lr: 0.01 });
    let b = model.bind(backend);
    const losses: number[] = [];
    for (const [n, update] of [[4, true], [4, true], [2, false]] as const) {
      const l = (await train(b, { x, y }, { steps: n, optimizer: optB })).losses;
      losses.push(...l.slice(0, n));
      if (update) {
        const next = (await updateModelGrids(b, x)).bind(backend);
        b.dispose();
        b = next;
      } else losses.push(l[n]);
    }
    expect(relErr(r.losses, losses)).toBeLessThan(1e-15);
    expect(relErr(got.flatParams(), (await b.toModel()).flatParams())).toBeLessThan(1e-15);
    // the first layer's interior knots now span the data [0, 0.5], not [-1, 1]
    const layer = got.layers[0] as any, k = layer.k, G = layer.G;
    expect(layer.grid.data[k]).toBeCloseTo(0, 12);
    expect(layer.grid.data[k + G]).toBeCloseTo(0.5, 12);
    [r.model, b, start].forEach((m) => m.dispose());
    [optA, optB].forEach((o) => o.dispose());
  });

  it('stops updating at `until`; rejects a bad schedule', async () => {
    const opt = adam({ lr: 0.01 });
    const start = model.bind(backend);
    const updatedAt: number[] = [];
    const r = await trainWithGridUpdates(start, x, { steps: 12, every: 3, until: 7, run: async (m, n) => (await train(m, { x, y }, { steps: n, optimizer: opt })).losses, onGridUpdate: (s) => updatedAt.push(s) });
    expect(updatedAt).toEqual([3, 6]);
    expect(r.losses).toHaveLength(13);
    r.model.dispose();
    await expect(trainWithGridUpdates(start, x, { steps: 5, every: 0, run: async () => [] })).rejects.toThrow(/every must be a whole number ≥ 1/);
    start.dispose();
    opt.dispose();
  });
});
