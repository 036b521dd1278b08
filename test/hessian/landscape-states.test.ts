// Whole-state interpolation (grids included) for loss landscapes, and the α
// sweep of Hessian densities: the ends are the two models, the middle is the
// model with every array averaged, parameter-only interpolation refuses
// differing grids, extrapolation that crosses knots is refused by α.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createKan } from '../../src/kan/build.js';
import { KanModel } from '../../src/kan/model.js';
import { interpolateStates } from '../../src/kan/interpolate-states.js';
import { lossAlongLine } from '../../src/hessian/landscape.js';
import { trapezoid } from '../../src/hessian/density.js';
import { createSeededRandom } from '../../src/math/random.js';
import { makeBackend } from '../helpers/engines.js';
import { relErr } from '../helpers/nd.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildReport } from '../../src/report/build-report.js';

const m0 = createKan({ layerDims: [2, 3, 1], layer: 'spline', G: 5, init: { type: 'glorot' }, seed: 1 });
/** m0 moved: parameters perturbed, every knot t mapped to t³ (still ascending, a different grid). */
function moved(): KanModel {
  const spec = m0.toJSON() as any;
  for (const layer of spec.layers) {
    layer.grid.data = layer.grid.data.map((t: number) => t ** 3);
    layer.c_basis.data = layer.c_basis.data.map((c: number, i: number) => c + 0.1 * Math.sin(i));
  }
  return KanModel.fromJSON(spec);
}
const rng = createSeededRandom(2);
const x = { shape: [20, 2], data: Float64Array.from({ length: 40 }, () => rng.uniform(-1, 1)) };
const y = { shape: [20, 1], data: Float64Array.from({ length: 20 }, (_, a) => Math.sin(x.data[2 * a]) * x.data[2 * a + 1]) };

describe('landscapes between whole model states', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());
  const m1 = moved();

  it('interpolateStates: the ends are the models, the middle averages every array (grids too)', () => {
    expect(interpolateStates(m0, m1, 0).serialize()).toBe(m0.serialize());
    expect(relErr(interpolateStates(m0, m1, 1).flatParams(), m1.flatParams())).toBeLessThan(1e-15);
    const mid = interpolateStates(m0, m1, 0.5).layers[0] as any;
    const g0 = (m0.layers[0] as any).grid.data, g1 = (m1.layers[0] as any).grid.data;
    expect(relErr(mid.grid.data, g0.map((t: number, i: number) => (t + g1[i]) / 2))).toBeLessThan(1e-15);
    // t + α(t³ − t) stops ascending near 0 once α > 1
    expect(() => interpolateStates(m0, m1, 3)).toThrow(/the model at α = 3 is not valid .*knots can cross/);
    expect(() => interpolateStates(m0, createKan({ layerDims: [2, 3, 1], layer: 'spline', G: 6, seed: 1 }), 0.5)).toThrow(/layer 0 differs in 'G'/);
  });

  it('the loss along the line: models at the ends, the interpolated state in the middle; densities at every α', async () => {
    const engine = { backend };
    const r = await lossAlongLine(engine, m0, m1, { x, y }, { alphas: [0, 0.5, 1], interpolate: 'states', density: { vectors: 2, steps: 12, seed: 1 } });
    const mse = async (m: KanModel) => {
      const out = (await m.forward(engine, x)).data;
      return out.reduce((s, v, a) => s + (v - y.data[a]) ** 2, 0) / 20;
    };
    expect(relErr(r.losses[0], [await mse(m0), await mse(interpolateStates(m0, m1, 0.5)), await mse(m1)])).toBeLessThan(1e-13);
    expect(r.densities).toHaveLength(3);
    for (const d of r.densities!) expect(trapezoid(d.grid, d.density)).toBeCloseTo(1, 8);
    await expect(lossAlongLine(engine, m0, m1, { x, y }, { alphas: [0, 1] })).rejects.toThrow(/differs in 'grid'/);
  });
});

describe('kanntk landscape --interpolate states --density', () => {
  it('writes the losses and a density per α; without the option it says why and what to use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kanntk-states-'));
    const put = (name: string, v: string) => (writeFileSync(join(dir, name), v), join(dir, name));
    const [a, b] = [put('m0.json', m0.serialize()), put('m1.json', moved().serialize())];
    const [xf, yf] = [put('x.json', JSON.stringify({ shape: x.shape, data: Array.from(x.data) })), put('y.json', JSON.stringify({ shape: y.shape, data: Array.from(y.data) }))];
    const cli = resolve('dist/node/cli.js');
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'landscape', '--from', a, '--to', b, '--input', xf, '--target', yf, ...args], { encoding: 'utf8' });
    const refused = run('--range', '0:1:3');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/differs in 'grid'.*--interpolate states interpolates the grids too/);
    const ok = run('--range', '0:1:3', '--interpolate', 'states', '--density', '--density-steps', '10', '--out', join(dir, 'l.json'));
    expect(ok.stderr).toBe('');
    const result = JSON.parse(readFileSync(join(dir, 'l.json'), 'utf8'));
    expect(result.interpolate).toBe('states');
    expect(result.densities.map((d: { alpha: number }) => d.alpha)).toEqual([0, 0.5, 1]);
    const html = buildReport(result);
    expect(html).toContain('Hessian spectral density along the line');
    expect(html).toContain('grids included');
  });
});
