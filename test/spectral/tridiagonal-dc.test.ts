// Divide and conquer for symmetric tridiagonal matrices (src/spectral/tridiagonal-dc.ts),
// checked against implicit QL (an independent algorithm), against the definition
// (residual ‖T·v − λ·v‖ and orthogonality of the vectors), and on the matrices that
// exercise its deflation: close pairs (Wilkinson), split blocks, all-equal diagonals.
import { describe, it, expect } from 'vitest';
import { tridiagonalEigenDc, hostMultiply, secularEigenvectors } from '../../src/spectral/tridiagonal-dc.js';
import { tridiagonalEigen } from '../../src/spectral/tridiagonal-eigen.js';
import { createRandom } from '../helpers/random.js';
import { tridiagonalResidualAndOrthogonality } from '../helpers/spectra.js';

const EPS = 2 ** -52;

function check(alpha: Float64Array, beta: Float64Array, label: string) {
  return async () => {
    const m = alpha.length;
    let norm = 0;
    for (let i = 0; i < m; i++) norm = Math.max(norm, Math.abs(alpha[i]) + Math.abs(beta[i - 1] ?? 0) + Math.abs(beta[i] ?? 0));
    const dc = await tridiagonalEigenDc(alpha, beta, { multiply: async (a, b, p, q, r) => hostMultiply(a, b, p, q, r) });
    const ql = tridiagonalEigen(alpha, beta);
    let worst = 0;
    for (let j = 0; j < m; j++) worst = Math.max(worst, Math.abs(dc.values[j] - ql.values[j]));
    expect(worst, `${label}: eigenvalues against QL`).toBeLessThan(20 * m * EPS * norm);
    for (let j = 1; j < m; j++) expect(dc.values[j]).toBeLessThanOrEqual(dc.values[j - 1]);
    const { residual, orthogonality } = tridiagonalResidualAndOrthogonality(alpha, beta, dc.values, dc.vectors);
    expect(residual, `${label}: residual`).toBeLessThan(20 * m * EPS * norm);
    expect(orthogonality, `${label}: orthogonality`).toBeLessThan(20 * m * EPS);
  };
}

describe('tridiagonalEigenDc', () => {
  const rnd = createRandom(17);
  const random = (m: number) => [rnd.array(m, -1, 1), rnd.array(m - 1, -1, 1)] as const;

  it('random 33×33 (one merge)', check(...random(33), 'random 33'));
  it('random 400×400 (four levels of merges)', check(...random(400), 'random 400'));

  it('Wilkinson W⁺₁₂₁: pairs of eigenvalues equal to many digits deflate by rotation', () => {
    const m = 121;
    const alpha = Float64Array.from({ length: m }, (_, i) => Math.abs(i - 60));
    return check(alpha, new Float64Array(m - 1).fill(1), 'wilkinson')();
  });

  it('glued blocks: couplings of 1e-14 between blocks of equal spectra', () => {
    const m = 150;
    const alpha = Float64Array.from({ length: m }, (_, i) => 2 + Math.cos(i % 30));
    const beta = Float64Array.from({ length: m - 1 }, (_, i) => ((i + 1) % 30 === 0 ? 1e-14 : 1));
    return check(alpha, beta, 'glued')();
  });

  it('a multiple of the identity (everything deflates)', check(new Float64Array(70).fill(3), new Float64Array(69), 'identity'));

  it('graded, positive semidefinite: eigenvalues spread over 12 decades', () => {
    const m = 200;
    const alpha = Float64Array.from({ length: m }, (_, i) => 10 ** (-12 * i / m));
    const beta = Float64Array.from({ length: m - 1 }, (_, i) => 0.3 * Math.sqrt(alpha[i] * alpha[i + 1]) * rnd.next());
    return check(alpha, beta, 'graded')();
  });

  it('secular equation: the eigenpairs of D + r·zzᵀ satisfy the definition', () => {
    const d = Float64Array.from([-1, 0, 1e-9, 2, 5]);
    const z = Float64Array.from([0.3, -0.5, 0.2, 0.6, 0.5]);
    const r = 1.7;
    const { lambda, U } = secularEigenvectors(d, z, r);
    for (let j = 0; j < 5; j++) {
      let zu = 0;
      for (let i = 0; i < 5; i++) zu += z[i] * U[i * 5 + j];
      for (let i = 0; i < 5; i++) expect(Math.abs(d[i] * U[i * 5 + j] + r * z[i] * zu - lambda[j] * U[i * 5 + j])).toBeLessThan(1e-14 * 8);
      if (j > 0) expect(lambda[j]).toBeGreaterThan(lambda[j - 1]);
    }
  });

  it('rejects empty input, a wrong off-diagonal length and non-finite entries', async () => {
    await expect(tridiagonalEigenDc([], [])).rejects.toThrow(/empty/);
    await expect(tridiagonalEigenDc([1, 2], [1, 2])).rejects.toThrow(/length 1/);
    await expect(tridiagonalEigenDc([1, NaN], [1])).rejects.toThrow(/non-finite/);
  });
});
