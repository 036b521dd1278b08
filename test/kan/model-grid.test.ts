// Model-level grid update and extension keep the model's function.
import { describe, it, expect } from 'vitest';
import { KanModel } from '../../src/kan/model.js';
import { updateModelGrids, extendModelGrids } from '../../src/kan/model-grid.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { loadFixture } from '../helpers/fixtures.js';
import { relErr } from '../helpers/nd.js';

const fx = loadFixture('kan_forward_spline_small_perturbed.json');

describe('model grids', () => {
  it('extension G=5 → 10 reproduces the outputs to round-off (old knots are a subset of the new)', async () => {
    const backend = await createWasmBackend();
    const model = KanModel.fromJSON(fx.model);
    const extended = extendModelGrids(model, 10);
    expect(extended.layers.every((l: any) => l.G === 10)).toBe(true);
    const [a, b] = [await model.forward({ backend }, fx.x), await extended.forward({ backend }, fx.x)];
    // each layer refits exactly representable splines; 1e-10 leaves room for the least-squares round-off
    expect(relErr(b.data, a.data)).toBeLessThan(1e-10);
    backend.dispose();
  });

  it('a data-adaptive update (G = 10) keeps the outputs close on the data it was fitted to', async () => {
    const backend = createReferenceBackend();
    const model = KanModel.fromJSON(fx.model);
    const updated = await updateModelGrids(model.bind(backend), fx.x, { G: 10, gridE: 0.05 });
    const first = updated.layers[0] as any;
    // the new first-layer knots span the data of input 0, extended by k = 3 knots each side
    const col0 = fx.x.data.filter((_: number, i: number) => i % 2 === 0);
    expect(first.grid.data[3]).toBeCloseTo(Math.min(...col0), 12);
    expect(first.grid.data[13]).toBeCloseTo(Math.max(...col0), 12);
    const [a, b] = [await model.forward({ backend }, fx.x), await updated.forward({ backend }, fx.x)];
    // a finer grid refits the old cubic pieces by least squares: a small but non-zero error (measured 1.6e-3)
    if (process.env.KANNTK_PRINT) console.log("adaptive refit error", relErr(b.data, a.data));
    expect(relErr(b.data, a.data)).toBeLessThan(5e-3);
  });
});
