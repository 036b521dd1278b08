// Hutchinson's trace estimator: exact cases, the fixtures' traces within the reported
// standard error, the standard error against its theoretical value, and the stopping rule.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { hutchinsonTrace, rademacher } from '../../src/hessian/trace.js';
import { denseOperator, type LinearOperator } from '../../src/spectral/lanczos.js';
import { createSeededRandom } from '../../src/math/random.js';
import { KanntkError } from '../../src/errors.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { kanTiny, mlp, kanTinyOperator, mlpOperator, release } from './hessian-fixtures.js';

const diagonal = (d: number[]): LinearOperator => {
  const n = d.length;
  const m = new Float64Array(n * n);
  d.forEach((v, i) => (m[i * n + i] = v));
  return denseOperator(m, n);
};

describe('Rademacher vectors', () => {
  it('are ±1, about balanced, and fixed by the seed', () => {
    const z = rademacher(createSeededRandom(5), 10000);
    expect(z.every((v) => v === 1 || v === -1)).toBe(true);
    // sum of 10000 fair signs: sd 100; 5 sd = 500
    expect(Math.abs(z.reduce((s, v) => s + v, 0))).toBeLessThan(500);
    expect(Array.from(rademacher(createSeededRandom(5), 100))).toEqual(Array.from(z.subarray(0, 100)));
    expect(Array.from(rademacher(createSeededRandom(6), 100))).not.toEqual(Array.from(z.subarray(0, 100)));
  });
});

describe('Hutchinson trace, host operators', () => {
  it('is exact with zero standard error on a diagonal matrix, and stops at minSamples', async () => {
    // zᵀDz = Σ d_i z_i² = tr D for every ±1 vector
    const d = Array.from({ length: 50 }, (_, i) => i - 10.5);
    const r = await hutchinsonTrace(diagonal(d), { minSamples: 12 });
    const tr = d.reduce((s, v) => s + v, 0);
    expect(r.trace).toBeCloseTo(tr, 10);
    expect(r.stderr).toBe(0);
    expect(r.samples).toBe(12);
    expect(r.converged).toBe(true);
  });

  it('reports the mean and s/√n of its samples; later samples do not change earlier ones', async () => {
    const n = 30;
    const m = new Float64Array(n * n);
    const rnd = createSeededRandom(1);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) m[i * n + j] = m[j * n + i] = rnd.normal();
    const op = denseOperator(m, n);
    const short = await hutchinsonTrace(op, { maxSamples: 20, relTol: 0, seed: 3 });
    const long = await hutchinsonTrace(op, { maxSamples: 40, relTol: 0, seed: 3 });
    expect(short.samples).toBe(20);
    expect(short.converged).toBe(false);
    expect(Array.from(long.values.subarray(0, 20))).toEqual(Array.from(short.values));
    const v = Array.from(long.values);
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1));
    expect(long.trace).toBeCloseTo(mean, 12);
    expect(long.stderr).toBeCloseTo(sd / Math.sqrt(v.length), 12);
  });

  it('stops exactly when both tests pass: relative change over the window and stderr/|mean|', async () => {
    // A = I + small off-diagonal: samples vary a little around n
    const n = 40;
    const m = new Float64Array(n * n);
    const rnd = createSeededRandom(2);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) m[i * n + j] = m[j * n + i] = i === j ? 1 : 0.01 * rnd.normal();
    const opts = { relTol: 2e-3, stderrTol: 1e-3, window: 5, minSamples: 10, maxSamples: 1000 };
    const r = await hutchinsonTrace(denseOperator(m, n), opts);
    expect(r.converged).toBe(true);
    const check = (k: number) => {
      const v = Array.from(r.values.subarray(0, k));
      const mean = v.reduce((s, x) => s + x, 0) / k;
      const prev = v.slice(0, k - opts.window).reduce((s, x) => s + x, 0) / (k - opts.window);
      const se = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (k - 1) / k);
      return Math.abs(mean - prev) <= opts.relTol * Math.abs(mean) && se <= opts.stderrTol * Math.abs(mean);
    };
    expect(check(r.samples)).toBe(true);
    for (let k = opts.minSamples; k < r.samples; k++) expect(check(k)).toBe(false);
  });

  it('rejects bad options and non-finite operator output', async () => {
    const op = diagonal([1, 2, 3]);
    await expect(hutchinsonTrace(op, { maxSamples: 0 })).rejects.toThrow(/maxSamples must be a positive integer/);
    await expect(hutchinsonTrace(op, { relTol: NaN })).rejects.toThrow(KanntkError);
    const bad: LinearOperator = { size: 3, apply: async () => Float64Array.of(NaN, 0, 0) };
    await expect(hutchinsonTrace(bad)).rejects.toThrow(/sample 0 is NaN/);
  });
});

describe('Hutchinson trace of the fixture Hessians (wasm, f64)', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend.dispose());

  it('KAN + MSE: within 4 standard errors of the stored trace; the stderr matches its theory', async () => {
    const op = kanTinyOperator(backend);
    const r = await hutchinsonTrace(op, { seed: 11, maxSamples: 200 });
    // a fixed seed makes this deterministic; 4σ means a correct estimator fails for < 1e-4 of seeds
    expect(Math.abs(r.trace - kanTiny.trace)).toBeLessThan(4 * r.stderr);
    // Var(zᵀHz) = 2(‖H‖_F² − Σ H_ii²) for Rademacher z; the sample estimate of it with n = 200 is within ±30%
    const H = kanTiny.hessian.data as number[];
    const P = op.size;
    let off = 0;
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) if (i !== j) off += H[i * P + j] ** 2;
    const theory = Math.sqrt((2 * off) / r.samples);
    expect(r.stderr / theory).toBeGreaterThan(0.7);
    expect(r.stderr / theory).toBeLessThan(1.3);
    release(op);
  });

  it('MLP + cross-entropy: within 4 standard errors of the stored trace', async () => {
    const op = mlpOperator(backend);
    const r = await hutchinsonTrace(op, { seed: 12, maxSamples: 200 });
    expect(Math.abs(r.trace - mlp.trace)).toBeLessThan(4 * r.stderr);
    expect(r.stderr).toBeGreaterThan(0);
    release(op);
  });
});

if (TEST_BACKENDS.includes('webgpu')) {
  describe('Hutchinson trace on webgpu (f32)', () => {
    it('draws the same vectors as wasm: per-sample values agree to f32 accuracy', async () => {
      const gpu = await makeBackend('webgpu');
      const cpu = await makeBackend('wasm');
      const a = kanTinyOperator(gpu);
      const b = kanTinyOperator(cpu);
      const ra = await hutchinsonTrace(a, { seed: 3, maxSamples: 8 });
      const rb = await hutchinsonTrace(b, { seed: 3, maxSamples: 8 });
      // each sample is a sum of 76 products of an f32 HVP (~1e-7 relative) with ±1: 1e-5 of the sample scale
      const scale = Math.max(...Array.from(rb.values, Math.abs));
      Array.from(ra.values).forEach((v, i) => expect(Math.abs(v - rb.values[i]) / scale).toBeLessThan(1e-5));
      release(a);
      release(b);
      gpu.dispose();
      cpu.dispose();
    });
  });
}
