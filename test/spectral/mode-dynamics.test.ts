// Spectral filtering and linearised error decay: closed forms, and the
// fixture's kernel dynamics expm(−η·K0·t/N) rebuilt from our eigendecomposition.
import { describe, it, expect } from 'vitest';
import { projectTopK, predictErrorDecay, stepsToReach } from '../../src/spectral/mode-dynamics.js';
import { eigh } from '../../src/spectral/eigh.js';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { loadFixture } from '../helpers/fixtures.js';
import { relErr } from '../helpers/nd.js';

describe('mode dynamics', () => {
  const values = [1, 0.5, 0.1];
  const vectors = [Float64Array.of(1, 0, 0), Float64Array.of(0, 1, 0), Float64Array.of(0, 0, 1)];

  it('error decay follows (1 − ηλ_i)^t per mode', () => {
    const e0 = [1, 2, 3], eta = 0.5;
    const [n0, n3] = predictErrorDecay(values, vectors, e0, eta, [0, 3]);
    expect(n0).toBeCloseTo(Math.sqrt(14), 14);
    expect(n3).toBeCloseTo(Math.hypot(0.5 ** 3, 2 * 0.75 ** 3, 3 * 0.95 ** 3), 14);
  });

  it('steps to a target: the first t with ‖e_t‖ ≤ target; Infinity for a mode that never decays', () => {
    const e0 = [1, 0, 0];
    // (1 − 0.1)^t ≤ 0.01 ⇔ t ≥ log(0.01)/log(0.9) = 43.7
    expect(stepsToReach(values, vectors, e0, 0.1, 0.01)).toBe(44);
    expect(stepsToReach([0, 1, 1], vectors, e0, 0.1, 0.5)).toBe(Infinity);
    expect(stepsToReach(values, vectors, e0, 0.1, 2)).toBe(0);
  });

  it('projection onto the top-k eigenvectors', () => {
    const { projection, energy } = projectTopK(vectors, [3, 4, 0], 1);
    expect(Array.from(projection)).toEqual([3, 0, 0]);
    expect(energy).toBeCloseTo(9 / 25, 15);
    expect(() => projectTopK(vectors, [1, 2, 3], 4)).toThrow(/k=4/);
  });

  it('expm(−η·K0·t/N) of the MLP fixture from Q·exp(−η·t·Λ/N)·Qᵀ', async () => {
    const fx = loadFixture('mlp_ntk_multiclass.json');
    const { eta, t, N } = fx.kernel_dynamics;
    const backend = await createWasmBackend();
    const { values: lam, vectors: Q } = await eigh({ backend }, fx.K0);
    backend.dispose();
    const n = lam.length;
    const E = new Float64Array(n * n);
    for (let r = 0; r < n; r++) {
      const f = Math.exp((-eta * t * lam[r]) / N);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) E[i * n + j] += f * Q![r][i] * Q![r][j];
    }
    // f64 eigendecomposition vs scipy's Padé expm: agreement to rounding of O(1) entries
    expect(relErr(E, fx.kernel_dynamics.expm.data)).toBeLessThan(1e-12);
    expect(relErr(lam, fx.K0_eigenvalues.data)).toBeLessThan(1e-12);
  });
});
