// Spectral density by stochastic Lanczos quadrature: normalisation, mean = trace/P,
// and mass where the eigenvalues are for matrices of known spectrum.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { spectralDensity, broadenDensity, trapezoid, lanczosQuadrature } from '../../src/hessian/density.js';
import { denseOperator, type LinearOperator } from '../../src/spectral/lanczos.js';
import { createSeededRandom } from '../../src/math/random.js';
import { KanntkError } from '../../src/errors.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { kanTiny, mlp, kanTinyOperator, mlpOperator, release } from './hessian-fixtures.js';

/** Q·diag(d)·Qᵀ with Q a seeded random orthogonal matrix (Gram–Schmidt of a Gaussian matrix). */
function withSpectrum(d: number[], seed: number): LinearOperator {
  const n = d.length;
  const rnd = createSeededRandom(seed);
  const q: Float64Array[] = [];
  while (q.length < n) {
    const v = rnd.fillNormal(new Float64Array(n));
    for (let pass = 0; pass < 2; pass++) {
      for (const u of q) {
        let s = 0;
        for (let i = 0; i < n; i++) s += u[i] * v[i];
        for (let i = 0; i < n; i++) v[i] -= s * u[i];
      }
    }
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    q.push(v.map((x) => x / norm));
  }
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += q[k][i] * d[k] * q[k][j];
    m[i * n + j] = m[j * n + i] = s;
  }
  return denseOperator(m, n);
}

const diagonal = (d: number[]): LinearOperator => {
  const n = d.length;
  const m = new Float64Array(n * n);
  d.forEach((v, i) => (m[i * n + i] = v));
  return denseOperator(m, n);
};

/** ∫_lo^hi of the density (trapezoid on the grid points inside). */
function massIn(grid: Float64Array, density: Float64Array, lo: number, hi: number): number {
  const xs: number[] = [], ys: number[] = [];
  grid.forEach((t, i) => {
    if (t >= lo && t <= hi) {
      xs.push(t);
      ys.push(density[i]);
    }
  });
  return trapezoid(xs, ys);
}

const meanOf = (grid: Float64Array, density: Float64Array) => trapezoid(grid, Array.from(grid, (t, i) => t * density[i]));

describe('SLQ density on matrices of known spectrum', () => {
  it('puts mass count/n at each of three eigenvalue clusters (diagonal: Rademacher weights are exact)', async () => {
    // on a diagonal matrix (z/√n)ᵀe_i squared is exactly 1/n, so the mass of a cluster is its share
    const d = [...new Array(20).fill(-2), ...new Array(50).fill(1), ...new Array(30).fill(5)];
    const r = await spectralDensity(diagonal(d), { vectors: 3, steps: 20, seed: 4 });
    // three distinct eigenvalues: the Krylov space is invariant after 3 steps
    expect(r.applications).toBe(9);
    r.nodes.forEach((nodes) => expect(Array.from(nodes).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([5, 1, -2]));
    expect(trapezoid(r.grid, r.density)).toBeCloseTo(1, 12);
    // cluster windows of ±1 (= ±14σ here, σ = 0.01·7): the Gaussian tails outside are ~0
    expect(massIn(r.grid, r.density, -3, -1)).toBeCloseTo(0.2, 6);
    expect(massIn(r.grid, r.density, 0, 2)).toBeCloseTo(0.5, 6);
    expect(massIn(r.grid, r.density, 4, 6)).toBeCloseTo(0.3, 6);
  });

  it('follows a uniform spectrum on [0, 1] of a dense (rotated) matrix: CDF within 0.04', async () => {
    const n = 300;
    const d = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
    const r = await spectralDensity(withSpectrum(d, 8), { vectors: 8, steps: 40, seed: 5, sigma: 0.01 });
    // Kolmogorov distance between the density's CDF and the true one (t clipped to [0, 1]).
    // Error sources: Rademacher weight noise (~1/√(n·n_v)), quadrature smoothing, σ = 0.01.
    let cdf = 0, worst = 0;
    for (let i = 1; i < r.grid.length; i++) {
      cdf += 0.5 * (r.grid[i] - r.grid[i - 1]) * (r.density[i] + r.density[i - 1]);
      const t = r.grid[i];
      worst = Math.max(worst, Math.abs(cdf - Math.min(1, Math.max(0, t))));
    }
    expect(worst).toBeLessThan(0.04);
    expect(Math.abs(meanOf(r.grid, r.density) - 0.5)).toBeLessThan(0.02);
  });

  it('normalises to trapezoid integral 1 and keeps the quadrature mean; rejects bad options', async () => {
    const nodes = [Float64Array.of(3, 1), Float64Array.of(2)];
    const weights = [Float64Array.of(0.25, 0.75), Float64Array.of(1)];
    const b = broadenDensity(nodes, weights, { sigma: 0.05, points: 2000 });
    expect(trapezoid(b.grid, b.density)).toBeCloseTo(1, 13);
    expect(Math.abs(b.rawIntegral - 1)).toBeLessThan(1e-12);
    // mean = (1/2)(0.25·3 + 0.75·1) + (1/2)·2 = 1.75
    expect(meanOf(b.grid, b.density)).toBeCloseTo(1.75, 12);
    expect(b.grid[0]).toBeCloseTo(1 - 8 * 0.05, 12);
    expect(b.grid[b.grid.length - 1]).toBeCloseTo(3 + 8 * 0.05, 12);
    expect(() => broadenDensity(nodes, weights, { sigma: -1 })).toThrow(/sigma must be a positive number/);
    expect(() => broadenDensity(nodes, weights, { points: 1 })).toThrow(/points must be an integer ≥ 2/);
    expect(() => broadenDensity([Float64Array.of(NaN)], [Float64Array.of(1)])).toThrow(KanntkError);
    await expect(lanczosQuadrature(diagonal([1, 2]), { vectors: 0 })).rejects.toThrow(/vectors must be a positive integer/);
  });
});

describe('SLQ density of the fixture Hessians (wasm, f64)', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend.dispose());

  for (const [label, fx, make] of [['KAN + MSE', kanTiny, kanTinyOperator], ['MLP + cross-entropy', mlp, mlpOperator]] as const) {
    it(`${label}: integrates to 1, its mean is trace/P within the estimator's error, extreme nodes are λmax and λmin`, async () => {
      const op = make(backend);
      const P = op.size;
      const r = await spectralDensity(op, { vectors: 10, steps: 40, seed: 6 });
      expect(trapezoid(r.grid, r.density)).toBeCloseTo(1, 12);
      expect(Math.abs(r.rawIntegral - 1)).toBeLessThan(1e-12);
      r.weights.forEach((w) => expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12));
      // per vector, Σ_j τ²θ = zᵀHz/P (a Hutchinson sample over P): the density's mean is their average
      const perVector = r.nodes.map((nodes, l) => nodes.reduce((s, t, j) => s + t * r.weights[l][j], 0));
      const mean = perVector.reduce((s, x) => s + x, 0) / perVector.length;
      const se = Math.sqrt(perVector.reduce((s, x) => s + (x - mean) ** 2, 0) / (perVector.length - 1) / perVector.length);
      expect(Math.abs(meanOf(r.grid, r.density) - mean)).toBeLessThan(1e-9 * fx.lambda_max);
      expect(Math.abs(mean - fx.trace / P)).toBeLessThan(4 * se);
      // 40 steps with full re-orthogonalisation converge the extreme Ritz values
      const hi = Math.max(...r.nodes.map((n) => n[0]));
      const lo = Math.min(...r.nodes.map((n) => n[n.length - 1]));
      expect(Math.abs(hi - fx.lambda_max) / fx.lambda_max).toBeLessThan(1e-8);
      expect(Math.abs(lo - fx.lambda_min) / fx.lambda_max).toBeLessThan(1e-6);
      expect(r.applications).toBe(400);
      release(op);
    });
  }

  it('with m = P steps the nodes are the exact distinct eigenvalues (tiny KAN, 76 parameters)', async () => {
    // two parameters have all-zero Hessian rows, so 0 is a double eigenvalue: a Krylov space holds one
    // vector per distinct eigenvalue, and Lanczos stops (invariant) after 75 steps
    const op = kanTinyOperator(backend);
    const r = await spectralDensity(op, { vectors: 1, steps: 76, seed: 2 });
    const nodes = Array.from(r.nodes[0]);
    const ref = kanTiny.eigenvalues.data as number[];
    expect(nodes.length).toBe(75);
    const nearest = (x: number, set: number[]) => Math.min(...set.map((y) => Math.abs(x - y)));
    for (const t of nodes) expect(nearest(t, ref) / kanTiny.lambda_max).toBeLessThan(1e-9);
    for (const e of ref) expect(nearest(e, nodes) / kanTiny.lambda_max).toBeLessThan(1e-9);
    release(op);
  });

  it('is reproducible bit for bit from the seed', async () => {
    const op = mlpOperator(backend);
    const a = await spectralDensity(op, { vectors: 2, steps: 10, seed: 3 });
    const b = await spectralDensity(op, { vectors: 2, steps: 10, seed: 3 });
    expect(Array.from(a.density)).toEqual(Array.from(b.density));
    release(op);
  });
});

if (TEST_BACKENDS.includes('webgpu')) {
  describe('SLQ density on webgpu (f32)', () => {
    it('integrates to 1 and its mean is trace/P within the estimator error (tiny KAN)', async () => {
      const backend = await makeBackend('webgpu');
      const op = kanTinyOperator(backend);
      const r = await spectralDensity(op, { vectors: 4, steps: 20, seed: 6 });
      expect(trapezoid(r.grid, r.density)).toBeCloseTo(1, 10);
      const perVector = r.nodes.map((nodes, l) => nodes.reduce((s, t, j) => s + t * r.weights[l][j], 0));
      const mean = perVector.reduce((s, x) => s + x, 0) / perVector.length;
      const se = Math.sqrt(perVector.reduce((s, x) => s + (x - mean) ** 2, 0) / (perVector.length - 1) / perVector.length);
      expect(Math.abs(mean - kanTiny.trace / op.size)).toBeLessThan(4 * se);
      // the top node is λmax to f32 accuracy of the HVP
      expect(Math.abs(Math.max(...r.nodes.map((n) => n[0])) - kanTiny.lambda_max) / kanTiny.lambda_max).toBeLessThan(1e-4);
      release(op);
      backend.dispose();
    });
  });
}
