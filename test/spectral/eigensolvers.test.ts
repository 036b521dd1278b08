// Jacobi (both backends), the tridiagonal path (wasm) and Lanczos against
// matrices with known spectra and against each other.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { eigh } from '../../src/spectral/eigh.js';
import { denseOperator } from '../../src/spectral/lanczos.js';
import { eigsh } from '../../src/spectral/eigsh.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { createRandom } from '../helpers/random.js';
import { randomOrthogonal, withSpectrum } from '../helpers/spectra.js';

const N = 48;
const SPECTRA: Record<string, number[]> = {
  separated: Array.from({ length: N }, (_, i) => N - i),
  clustered: Array.from({ length: N }, (_, i) => (i < 4 ? 1 + i * 1e-10 : 0.5 - i / 200)),
  repeated: Array.from({ length: N }, (_, i) => (i < 8 ? 3 : i < 16 ? -1 : i / N)),
  'cond 1e12 (SPD)': Array.from({ length: N }, (_, i) => 10 ** (-12 * i / (N - 1))),
};

const sortedDesc = (a: number[]) => [...a].sort((x, y) => y - x);

for (const name of TEST_BACKENDS.filter((b) => b !== 'reference')) {
  describe(`eigensolvers on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());

    for (const [label, lams] of Object.entries(SPECTRA)) {
      it(`${label}: Jacobi${name === 'wasm' ? ', tridiagonal and Lanczos' : ''} recover the spectrum`, async () => {
        const A = withSpectrum(lams, randomOrthogonal(N, createRandom(9)));
        const want = sortedDesc(lams), lmax = Math.max(...lams.map(Math.abs));
        const f64 = backend.info.precision === 'f64';
        // absolute accuracy of a backward-stable solver: ~n·u·‖A‖ (forming A in f64 adds the same order)
        const tol = f64 ? 1e-13 * lmax : 2e-5 * lmax;
        const jac = await eigh({ backend }, { shape: [N, N], data: A }, { method: 'jacobi' });
        jac.values.forEach((l, i) => expect(Math.abs(l - want[i]), `jacobi λ${i}`).toBeLessThan(tol));
        // eigenvectors: ‖A·v − λ·v‖ small for every pair
        jac.vectors!.forEach((v, r) => {
          let res = 0;
          for (let i = 0; i < N; i++) { let s = 0; for (let j = 0; j < N; j++) s += A[i * N + j] * v[j]; res = Math.max(res, Math.abs(s - jac.values[r] * v[i])); }
          expect(res, `residual ${r}`).toBeLessThan(f64 ? 1e-12 * lmax : 1e-4 * lmax);
        });
        if (!f64) {
          expect(jac.resolved.every((ok, i) => ok === Math.abs(jac.values[i]) >= jac.noiseFloor)).toBe(true);
          return;
        }
        const tri = await eigh({ backend }, { shape: [N, N], data: A }, { method: 'tridiagonal' });
        tri.values.forEach((l, i) => expect(Math.abs(l - jac.values[i]), `tridiagonal λ${i}`).toBeLessThan(tol));
        const lz = await eigsh(denseOperator(A, N), { k: 4, which: 'largest', tol: 1e-12 });
        lz.values.forEach((l, i) => expect(Math.abs(l - jac.values[i]), `lanczos λ${i}`).toBeLessThan(1e-12 * lmax));
      });
    }

    it('rejects a non-symmetric or non-square matrix, naming the problem', async () => {
      await expect(eigh({ backend }, { shape: [2, 2], data: [1, 2, 3, 4] })).rejects.toThrow(/not symmetric/);
      await expect(eigh({ backend }, { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] })).rejects.toThrow(/square/);
      await expect(eigh({ backend }, { shape: [1, 1], data: [NaN] })).rejects.toThrow(/entry 0 is NaN/);
    });

    if (name === 'wasm') {
      it('auto on 300×300 (NTK-like, PSD, λ over 12 decades): tridiagonal, eigenvectors by divide and conquer on the backend', async () => {
        const n = 300;
        const lams = Array.from({ length: n }, (_, i) => 10 ** (-12 * i / (n - 1)));
        const A = withSpectrum(lams, randomOrthogonal(n, createRandom(4)));
        const res = await eigh({ backend }, { shape: [n, n], data: A });
        expect(res.method).toBe('tridiagonal');
        const want = sortedDesc(lams);
        res.values.forEach((l, i) => expect(Math.abs(l - want[i]), `λ${i}`).toBeLessThan(1e-13));
        let residual = 0, orthogonality = 0;
        for (let r = 0; r < n; r++) {
          const v = res.vectors![r];
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j < n; j++) s += A[i * n + j] * v[j];
            residual = Math.max(residual, Math.abs(s - res.values[r] * v[i]));
          }
          for (let q = r; q < n; q += 7) {
            let s = 0;
            for (let i = 0; i < n; i++) s += v[i] * res.vectors![q][i];
            orthogonality = Math.max(orthogonality, Math.abs(s - (q === r ? 1 : 0)));
          }
        }
        expect(residual).toBeLessThan(1e-13);
        expect(orthogonality).toBeLessThan(1e-12);
      });
    }
  });
}
