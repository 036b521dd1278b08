// The matrix exponential: closed forms (diagonal, nilpotent, rotation, a
// non-normal triangle), known spectra that need scaling and squaring, the
// symmetric path through eigh, and the fixture's NTK dynamics
// (scipy.linalg.expm of −η·K0·t/N).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { expm } from '../../src/math/expm.js';
import { symmetricExpm } from '../../src/spectral/kernel-exponential.js';
import { makeBackend } from '../helpers/engines.js';
import { loadFixture } from '../helpers/fixtures.js';
import { createRandom } from '../helpers/random.js';
import { relErr } from '../helpers/nd.js';
import { randomOrthogonal, withSpectrum } from '../helpers/spectra.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => expect(relErr(a, b)).toBeLessThan(tol);

describe('expm (Padé scaling and squaring)', () => {
  it('closed forms: diagonal, nilpotent, rotation — at every Padé degree', () => {
    for (const s of [1e-3, 0.1, 0.5, 1.5, 4, 40]) {
      close(expm([s, 0, 0, -2 * s], 2), [Math.exp(s), 0, 0, Math.exp(-2 * s)], 1e-14);
      close(expm([0, s, 0, 0], 2), [1, s, 0, 1], 1e-15);
      close(expm([0, -s, s, 0], 2), [Math.cos(s), -Math.sin(s), Math.sin(s), Math.cos(s)], 1e-13);
    }
  });

  it('matrices that need scaling and squaring: a known spectrum, and a non-normal triangular one', () => {
    const rnd = createRandom(3);
    const n = 12;
    const Q = randomOrthogonal(n, rnd);
    for (const spread of [0.5, 5, 30, 200]) {
      const lams = Array.from({ length: n }, (_, i) => -spread * (i / (n - 1)) + 0.3);
      const want = withSpectrum(lams.map(Math.exp), Q);
      close(expm(withSpectrum(lams, Q), n), want, 1e-12);
    }
    for (const [a, b, c] of [[-20, 30, -25], [3, -100, 1], [-0.5, 1e3, 0.25]]) {
      const want = [Math.exp(a), (b * (Math.exp(a) - Math.exp(c))) / (a - c), 0, Math.exp(c)];
      close(expm([a, b, 0, c], 2), want, 1e-13);
    }
  });

  it('names bad input', () => {
    expect(() => expm([1, 2, 3], 2)).toThrow(/expected an 2×2 matrix \(4 values\), got 3/);
    expect(() => expm([1, NaN, 0, 1], 2)).toThrow(/entry \(0, 1\) is NaN/);
  });
});

describe('NTK dynamics: exp(−η·K0·t/N) of the fixture MLP', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());

  it('the general and the symmetric path both equal scipy', async () => {
    const fx = loadFixture('mlp_ntk_multiclass.json');
    const { eta, t, N } = fx.kernel_dynamics;
    const n = fx.K0.shape[0];
    const scale = (-eta * t) / N;
    close(expm(fx.K0.data.map((v: number) => v * scale), n), fx.kernel_dynamics.expm.data, 1e-12);
    const sym = await symmetricExpm({ backend }, fx.K0, scale);
    close(sym.data, fx.kernel_dynamics.expm.data, 1e-12);
  });
});
