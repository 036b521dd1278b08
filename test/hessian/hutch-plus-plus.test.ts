// The trace for a budget of operator applications: exact below the budget;
// Hutch++ exact when the operator's rank fits its sketch, unbiased over seeds,
// and on the fixtures' Hessians with an error bar far below plain Hutchinson's
// at the same cost.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { exactTrace, hutchPlusPlusTrace, traceWithBudget } from '../../src/hessian/hutch-plus-plus.js';
import { hutchinsonTrace } from '../../src/hessian/trace.js';
import { denseOperator } from '../../src/spectral/lanczos.js';
import { createSeededRandom } from '../../src/math/random.js';
import { makeBackend } from '../helpers/engines.js';
import { kanTiny, mlp, kanTinyOperator, mlpOperator, release } from './hessian-fixtures.js';

/** A symmetric n×n matrix U·diag(d)·Uᵀ with a random orthogonal U (d: the spectrum). */
function withSpectrum(d: number[], seed: number): Float64Array {
  const n = d.length, rng = createSeededRandom(seed);
  const cols: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    for (const u of cols) {
      let c = 0;
      for (let i = 0; i < n; i++) c += u[i] * v[i];
      for (let i = 0; i < n; i++) v[i] -= c * u[i];
    }
    const norm = Math.hypot(...v);
    cols.push(v.map((x) => x / norm));
  }
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) A[i * n + j] += cols[k][i] * d[k] * cols[k][j];
  return A;
}

describe('trace with a budget', () => {
  it('exact below the budget; Hutch++ exact (no residual) when the rank fits its sketch', async () => {
    const d = [9, -4, 2.5, 1, ...new Array(36).fill(0)];
    const op = denseOperator(withSpectrum(d, 1), 40);
    const exact = await traceWithBudget(op, { applications: 40 });
    expect(exact.method).toBe('exact');
    expect(exact.trace).toBeCloseTo(8.5, 12);
    expect(exact.applications).toBe(40);
    const pp = await traceWithBudget(op, { applications: 30 });
    expect(pp.method).toBe('hutch++');
    expect(pp.trace).toBeCloseTo(8.5, 10);
    expect(pp.stderr).toBeLessThan(1e-10);
    await expect(hutchPlusPlusTrace(op, { applications: 2 })).rejects.toThrow(/at least 3 operator applications/);
  });

  it('is unbiased: the mean over 200 seeds is the trace within its standard error', async () => {
    const d = Array.from({ length: 60 }, (_, i) => 5 * 0.8 ** i - 0.3);
    const op = denseOperator(withSpectrum(d, 2), 60);
    const tr = d.reduce((s, v) => s + v, 0);
    const values = [];
    for (let seed = 0; seed < 200; seed++) values.push((await hutchPlusPlusTrace(op, { applications: 12, seed })).trace);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    expect(Math.abs(mean - tr)).toBeLessThan(4 * sd / Math.sqrt(values.length));
    expect((await exactTrace(op)).trace).toBeCloseTo(tr, 10);
  });
});

describe('Hutch++ on the fixture Hessians (wasm, f64)', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend.dispose());

  // the gain depends on how fast the spectrum decays: steep for the KAN, flatter for the MLP
  for (const [name, fx, make, gain] of [['KAN + MSE', kanTiny, kanTinyOperator, 3], ['MLP + cross-entropy', mlp, mlpOperator, 1.5]] as const) {
    it(`${name}: within 4 standard errors; the error bar far below Hutchinson's at the same cost`, async () => {
      const op = make(backend);
      const budget = Math.min(60, op.size - 1);
      const pp = await hutchPlusPlusTrace(op, { applications: budget, seed: 5 });
      const plain = await hutchinsonTrace(op, { maxSamples: budget, minSamples: budget, seed: 5 });
      console.log(`${name} (P = ${op.size}), ${budget} HVPs: Hutch++ ${pp.trace.toPrecision(6)} ± ${pp.stderr.toPrecision(3)} (${(100 * pp.stderr / Math.abs(fx.trace)).toFixed(2)}%), Hutchinson ${plain.trace.toPrecision(6)} ± ${plain.stderr.toPrecision(3)} (${(100 * plain.stderr / Math.abs(fx.trace)).toFixed(1)}%), true ${fx.trace.toPrecision(6)}`);
      expect(Math.abs(pp.trace - fx.trace)).toBeLessThan(4 * pp.stderr);
      expect(pp.stderr).toBeLessThan(plain.stderr / gain);
      release(op);
    });
  }
});
