// Top-k / bottom-k eigenpairs (Lanczos) and power iteration against the Hessian fixtures:
// the tiny KAN with MSE (full Hessian stored) and the MLP with cross-entropy (all 195 eigenvalues stored).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { hessianEigenpairs, minEigenpair, defaultEigenTolerance } from '../../src/hessian/top-eigen.js';
import { powerIteration } from '../../src/hessian/power-iteration.js';
import { denseOperator } from '../../src/spectral/lanczos.js';
import { KanntkError } from '../../src/errors.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { kanTiny, mlp, kanTinyOperator, mlpOperator, release, matVec } from './hessian-fixtures.js';

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
const eigenvalues = (fx: any): number[] => fx.eigenvalues.data;

describe('Hessian eigenpairs on wasm (f64)', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend.dispose());

  // README §12: eigenvalues to 1e-10·λmax absolute.
  for (const [label, fx, make] of [['KAN + MSE', kanTiny, kanTinyOperator], ['MLP + cross-entropy', mlp, mlpOperator]] as const) {
    it(`${label}: top-5 and bottom-3 eigenvalues within 1e-10·λmax, smallest eigenvalue with its eigenvector`, async () => {
      const op = make(backend);
      const ref = eigenvalues(fx);
      const lmax = fx.lambda_max;
      const r = await hessianEigenpairs(op, { top: 5, bottom: 3, seed: 1 });
      expect(r.converged).toBe(true);
      const top = Array.from(r.top!.values);
      top.forEach((v, i) => expect(Math.abs(v - fx.top5.data[i]) / lmax).toBeLessThan(1e-10));
      const bottom = Array.from(r.bottom!.values);
      bottom.forEach((v, i) => expect(Math.abs(v - ref[ref.length - 1 - i]) / lmax).toBeLessThan(1e-10));
      expect(Math.abs(bottom[0] - fx.lambda_min) / lmax).toBeLessThan(1e-10);
      expect(fx.lambda_min).toBeLessThan(0);
      // eigenvectors: unit, orthogonal, and true residuals ‖H·x − λ·x‖ (recomputed by fresh HVPs)
      const pairs = [...r.top!.vectors.map((x, i) => [x, top[i]] as const), ...r.bottom!.vectors.map((x, i) => [x, bottom[i]] as const)];
      for (const [x, lambda] of pairs) {
        expect(Math.abs(norm(x) - 1)).toBeLessThan(1e-12);
        const hx = await op.apply(x);
        expect(norm(hx.map((h, i) => h - lambda * x[i])) / lmax).toBeLessThan(1e-8);
      }
      const min = await minEigenpair(op, { seed: 2 });
      expect(Math.abs(min.value - fx.lambda_min) / lmax).toBeLessThan(1e-10);
      if (fx === kanTiny) {
        // against the stored full Hessian, independent of the HVP code
        const hx = matVec(kanTiny.hessian.data, op.size, min.vector);
        expect(norm(hx.map((h, i) => h - fx.lambda_min * min.vector[i])) / lmax).toBeLessThan(1e-8);
      }
      release(op);
    });
  }

  it('the same seed gives bit-identical results; unequal top/bottom counts run the two ends separately', async () => {
    const op = mlpOperator(backend);
    const a = await hessianEigenpairs(op, { top: 2, bottom: 1, seed: 9 });
    const b = await hessianEigenpairs(op, { top: 2, bottom: 1, seed: 9 });
    expect(Array.from(a.top!.values)).toEqual(Array.from(b.top!.values));
    expect(Array.from(a.bottom!.vectors[0])).toEqual(Array.from(b.bottom!.vectors[0]));
    expect(a.applications).toBe(b.applications);
    expect(a.top!.values.length).toBe(2);
    expect(a.bottom!.values.length).toBe(1);
    release(op);
  });

  it('power iteration with deflation finds the two largest-|λ| eigenpairs', async () => {
    for (const fx of [kanTiny, mlp]) {
      const op = fx === kanTiny ? kanTinyOperator(backend) : mlpOperator(backend);
      const ref = eigenvalues(fx);
      // both fixtures have λ1, λ2 > |λmin|, so largest |λ| = largest λ here
      expect(ref[1]).toBeGreaterThan(Math.abs(fx.lambda_min));
      const r = await powerIteration(op, { k: 2, tol: 1e-14, maxIterations: 2000, seed: 4 });
      // the Rayleigh quotient converges as (λ_{i+1}/λ_i)^{2t}; at tol 1e-14 the value is good to ~1e-12
      expect(Math.abs(r.values[0] - ref[0]) / fx.lambda_max).toBeLessThan(1e-10);
      expect(Math.abs(r.values[1] - ref[1]) / fx.lambda_max).toBeLessThan(1e-9);
      expect(r.converged).toEqual([true, true]);
      expect(r.applications).toBe(r.iterations[0] + r.iterations[1]);
      release(op);
    }
  });

  it('power iteration converges to the largest |λ| (a negative one when it dominates)', async () => {
    const d = new Float64Array(9);
    const diag = [-5, 3, 1];
    diag.forEach((v, i) => (d[i * 3 + i] = v));
    const r = await powerIteration(denseOperator(d, 3), { tol: 1e-15, maxIterations: 500 });
    expect(r.values[0]).toBeCloseTo(-5, 12);
    expect(Math.abs(r.vectors[0][0])).toBeCloseTo(1, 12);
  });

  it('rejects k out of range with KanntkError', async () => {
    const op = kanTinyOperator(backend);
    await expect(hessianEigenpairs(op, { top: 77 })).rejects.toThrow(/top must be an integer in \[0, 76\]/);
    await expect(hessianEigenpairs(op, { top: -1 })).rejects.toThrow(KanntkError);
    await expect(hessianEigenpairs(op, { top: 0, bottom: 0 })).rejects.toThrow(/at least one/);
    await expect(hessianEigenpairs(op, { top: 1.5 })).rejects.toThrow(KanntkError);
    await expect(powerIteration(op, { k: 0 })).rejects.toThrow(/k must be an integer in \[1, 76\]/);
    release(op);
  });

  it('top + bottom beyond P returns the whole spectrum split between the two ends', async () => {
    const op = kanTinyOperator(backend);
    const r = await hessianEigenpairs(op, { top: 40, bottom: 40 });
    const ref = eigenvalues(kanTiny);
    Array.from(r.top!.values).forEach((v, i) => expect(Math.abs(v - ref[i]) / kanTiny.lambda_max).toBeLessThan(1e-10));
    Array.from(r.bottom!.values).forEach((v, i) => expect(Math.abs(v - ref[75 - i]) / kanTiny.lambda_max).toBeLessThan(1e-10));
    release(op);
  });
});

if (TEST_BACKENDS.includes('webgpu')) {
  describe('Hessian eigenpairs on webgpu (f32)', () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend('webgpu');
    });
    afterAll(() => backend.dispose());

    // f32: the HVP is good to ~1e-7 relative here, so Lanczos stops at residual tol ≈ 6e-5·|θ|max
    // (defaultEigenTolerance); a Ritz value's error is then about residual²/gap plus the HVP's own
    // error (measured ≤ 5e-8·λmax). The check is a loose 1e-4·λmax: f32 HVPs on larger models and
    // other GPUs can be noisier, and f32 cannot promise the f64 fixtures' 1e-10.
    it('top-3 and λmin of both fixtures within 1e-4·λmax', async () => {
      for (const [fx, make] of [[kanTiny, kanTinyOperator], [mlp, mlpOperator]] as const) {
        const op = make(backend);
        expect(defaultEigenTolerance(op)).toBeCloseTo(1000 * 2 ** -24, 14);
        const r = await hessianEigenpairs(op, { top: 3, bottom: 1, seed: 1 });
        Array.from(r.top!.values).forEach((v, i) => expect(Math.abs(v - fx.top5.data[i]) / fx.lambda_max).toBeLessThan(1e-4));
        expect(Math.abs(r.bottom!.values[0] - fx.lambda_min) / fx.lambda_max).toBeLessThan(1e-4);
        expect(r.converged).toBe(true);
        release(op);
      }
    });
  });
}
