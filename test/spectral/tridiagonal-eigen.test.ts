// The symmetric tridiagonal QL solver (src/spectral/tridiagonal-eigen.ts), checked against
// closed forms and against Sturm-sequence bisection (an independent algorithm).
import { describe, it, expect } from 'vitest';
import { KanntkError } from '../../src/errors.js';
import { tridiagonalEigen } from '../../src/spectral/tridiagonal-eigen.js';
import { createRandom } from '../helpers/random.js';
import { tridiagonalResidualAndOrthogonality as residualAndOrthogonality } from '../helpers/spectra.js';

const EPS = 2 ** -52;

/** Number of eigenvalues < x (Sturm count via the LDLᵀ pivots of T − x·I). */
function countBelow(alpha: Float64Array, beta: Float64Array, x: number): number {
  let count = 0;
  let q = 1;
  for (let i = 0; i < alpha.length; i++) {
    q = alpha[i] - x - (i > 0 ? (beta[i - 1] * beta[i - 1]) / q : 0);
    if (q === 0) q = EPS * (Math.abs(x) + 1e-300);
    if (q < 0) count++;
  }
  return count;
}

/** All eigenvalues, descending, by bisection on the Sturm count (to the last bit, ~100 halvings). */
function bisectionEigenvalues(alpha: Float64Array, beta: Float64Array): Float64Array {
  const m = alpha.length;
  let radius = 0;
  for (let i = 0; i < m; i++) radius = Math.max(radius, Math.abs(alpha[i]) + (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i < m - 1 ? Math.abs(beta[i]) : 0));
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    // the j-th largest is the (m−j)-th smallest: the smallest x with countBelow(x) ≥ m − j
    let lo = -radius - 1;
    let hi = radius + 1;
    for (let it = 0; it < 200; it++) {
      const mid = 0.5 * (lo + hi);
      if (mid === lo || mid === hi) break;
      if (countBelow(alpha, beta, mid) >= m - j) hi = mid;
      else lo = mid;
    }
    out[j] = 0.5 * (lo + hi);
  }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('tridiagonalEigen', () => {
  it('random tridiagonals: T·v = λv, orthonormal vectors, descending, agree with bisection, trace and Frobenius invariants', () => {
    const rng = createRandom(11);
    for (const m of [2, 3, 7, 20, 57, 150]) {
      const alpha = rng.array(m, -3, 3);
      const beta = rng.array(m - 1, -2, 2);
      const { values, vectors } = tridiagonalEigen(alpha, beta, { components: 'all' });
      const norm = 7; // ‖T‖ ≤ max row sum ≤ 3 + 2 + 2
      for (let j = 1; j < m; j++) expect(values[j]).toBeLessThanOrEqual(values[j - 1]);
      // backward stable QL: residuals and orthogonality are O(m·ε·‖T‖); 1e-13 leaves ~3x margin at m = 150
      const { residual, orthogonality } = residualAndOrthogonality(alpha, beta, values, vectors!);
      expect(residual).toBeLessThan(1e-13 * norm);
      expect(orthogonality).toBeLessThan(1e-13);
      // eigenvalues of a symmetric matrix are perfectly conditioned: |Δλ| ≤ ‖ΔT‖, so both methods agree to O(ε‖T‖)
      expect(maxAbsDiff(values, bisectionEigenvalues(alpha, beta))).toBeLessThan(1e-13 * norm);
      const trace = alpha.reduce((s, x) => s + x, 0);
      const frob2 = alpha.reduce((s, x) => s + x * x, 0) + 2 * beta.reduce((s, x) => s + x * x, 0);
      expect(Math.abs(values.reduce((s, x) => s + x, 0) - trace)).toBeLessThan(1e-13 * m * norm);
      expect(Math.abs(values.reduce((s, x) => s + x * x, 0) - frob2)).toBeLessThan(1e-13 * frob2);
    }
  });

  it('the [−1, 2, −1] matrix: λ_j = 2 − 2cos(jπ/(m+1)) and v_j(i) = √(2/(m+1))·sin(ijπ/(m+1))', () => {
    for (const m of [1, 2, 50, 1000]) {
      const alpha = new Float64Array(m).fill(2);
      const beta = new Float64Array(m - 1).fill(-1);
      const { values, vectors } = tridiagonalEigen(alpha, beta, { components: 'all' });
      // descending: index j ↔ mode m − j
      const exact = Float64Array.from({ length: m }, (_, j) => 2 - 2 * Math.cos(((m - j) * Math.PI) / (m + 1)));
      // |Δλ| ≤ c·ε·‖T‖ with ‖T‖ ≤ 4; the closed form itself carries ~1e-16 of cos rounding
      expect(maxAbsDiff(values, exact)).toBeLessThan(4e-14);
      const { residual, orthogonality } = residualAndOrthogonality(alpha, beta, values, vectors!);
      expect(residual).toBeLessThan(1e-13 * 4);
      expect(orthogonality).toBeLessThan(m === 1000 ? 1e-12 : 1e-13); // grows ~linearly with m
      if (m === 50) {
        // eigenvector error ≈ ε‖T‖/gap; the smallest gap at m = 50 is ~1.1e-2 (near j = 25: 2 sin(π/51)·… ≈ 0.12), so 1e-12 is generous
        for (let j = 0; j < m; j++) {
          const mode = m - j;
          const v = vectors!.subarray(j * m, (j + 1) * m);
          const ref = Float64Array.from({ length: m }, (_, i) => Math.sqrt(2 / (m + 1)) * Math.sin(((i + 1) * mode * Math.PI) / (m + 1)));
          const sign = Math.sign(v.reduce((s, x, i) => s + x * ref[i], 0));
          expect(maxAbsDiff(v.map((x) => sign * x), ref)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('m = 1 and m = 2 match their closed forms', () => {
    const one = tridiagonalEigen([-3.5], [], { components: 'all' });
    expect(Array.from(one.values)).toEqual([-3.5]);
    expect(Array.from(one.vectors!)).toEqual([1]);
    const [a, b, c] = [1.25, -0.75, 3.5];
    const two = tridiagonalEigen([a, c], [b], { components: 'all' });
    const mid = (a + c) / 2;
    const rad = Math.hypot((a - c) / 2, b);
    // the 2×2 closed form is itself rounded, ~1 ulp of 4
    expect(maxAbsDiff(two.values, [mid + rad, mid - rad])).toBeLessThan(4 * EPS * 4);
  });

  it('repeated and clustered diagonals: exact multiplicities and an orthonormal basis of each eigenspace', () => {
    // β = 0 with equal diagonal: already diagonal, every vector is a unit vector
    const flat = tridiagonalEigen(new Float64Array(6).fill(3), new Float64Array(5), { components: 'all' });
    expect(Array.from(flat.values)).toEqual([3, 3, 3, 3, 3, 3]);
    const { orthogonality } = residualAndOrthogonality(new Float64Array(6).fill(3), new Float64Array(5), flat.values, flat.vectors!);
    expect(orthogonality).toBe(0);

    // two identical blocks split by a zero coupling: every eigenvalue twice
    const block = [2, -1, 0.5, 4];
    const couple = [0.3, 1.1, -0.7];
    const alpha = Float64Array.from([...block, ...block]);
    const beta = Float64Array.from([...couple, 0, ...couple]);
    const res = tridiagonalEigen(alpha, beta, { components: 'all' });
    for (let j = 0; j < 8; j += 2) expect(Math.abs(res.values[j] - res.values[j + 1])).toBeLessThan(1e-14 * 5);
    const ro = residualAndOrthogonality(alpha, beta, res.values, res.vectors!);
    expect(ro.residual).toBeLessThan(1e-14 * 5 * 4);
    expect(ro.orthogonality).toBeLessThan(1e-14);

    // Wilkinson's W21+: eigenvalue pairs that agree to ~1e-14 at the top, the classic clustering test
    const w = Float64Array.from({ length: 21 }, (_, i) => Math.abs(10 - i));
    const ones = new Float64Array(20).fill(1);
    const wr = tridiagonalEigen(w, ones, { components: 'all' });
    // eigenvalues to O(ε‖T‖) ≈ 2.6e-15 (‖T‖ ≈ 10.75), against bisection
    expect(maxAbsDiff(wr.values, bisectionEigenvalues(w, ones))).toBeLessThan(1e-14 * 12);
    expect(wr.values[0]).toBeCloseTo(10.746194182903393, 12);
    expect(wr.values[0] - wr.values[1]).toBeLessThan(1e-12);
    const wo = residualAndOrthogonality(w, ones, wr.values, wr.vectors!);
    // QL keeps the vectors of a 1e-14 cluster orthogonal (they come from rotations, not from solving near-singular systems)
    expect(wo.residual).toBeLessThan(1e-13 * 12);
    expect(wo.orthogonality).toBeLessThan(1e-13);

    // a tight cluster 1, 1+1e-10, 1+2e-10 weakly coupled
    const ca = Float64Array.from([1, 1 + 1e-10, 1 + 2e-10, 5, -2]);
    const cb = Float64Array.from([1e-12, 1e-12, 0.5, 0.5]);
    const cr = tridiagonalEigen(ca, cb, { components: 'all' });
    expect(maxAbsDiff(cr.values, bisectionEigenvalues(ca, cb))).toBeLessThan(1e-14 * 6);
    expect(residualAndOrthogonality(ca, cb, cr.values, cr.vectors!).orthogonality).toBeLessThan(1e-13);
  });

  it('selected components are the same rows of the full eigenvectors (same rotations), and values do not depend on them', () => {
    const rng = createRandom(5);
    const m = 40;
    const alpha = rng.array(m);
    const beta = rng.array(m - 1);
    const all = tridiagonalEigen(alpha, beta, { components: 'all' });
    const some = tridiagonalEigen(alpha, beta, { components: [m - 1, 0] });
    const none = tridiagonalEigen(alpha, beta);
    expect(none.vectors).toBeNull();
    expect(Array.from(none.values)).toEqual(Array.from(all.values));
    expect(some.components).toBe(2);
    for (let j = 0; j < m; j++) {
      expect(some.vectors![2 * j]).toBe(all.vectors![j * m + m - 1]);
      expect(some.vectors![2 * j + 1]).toBe(all.vectors![j * m]);
    }
  });

  it('is scale-invariant down to 1e-300 and up to 1e300 (power-of-two scaling, no overflow)', () => {
    const rng = createRandom(9);
    const alpha = rng.array(30);
    const beta = rng.array(29);
    const base = tridiagonalEigen(alpha, beta).values;
    for (const s of [2 ** 990, 2 ** -990]) {
      const scaled = tridiagonalEigen(alpha.map((x) => x * s), beta.map((x) => x * s)).values;
      // power-of-two scaling of the input is undone exactly: identical bits
      expect(Array.from(scaled.map((x) => x / s))).toEqual(Array.from(base));
    }
    const big = tridiagonalEigen([1e300, 1e300], [1e300]).values;
    // [[1, 1], [1, 1]]·1e300 has eigenvalues 2e300 and 0; squaring 1e300 would overflow
    expect(Math.abs(big[0] / 1e300 - 2)).toBeLessThan(4 * EPS);
    expect(Math.abs(big[1] / 1e300)).toBeLessThan(4 * EPS);
  });

  it('the zero matrix and a diagonal matrix', () => {
    const z = tridiagonalEigen(new Float64Array(4), new Float64Array(3), { components: 'all' });
    expect(Array.from(z.values)).toEqual([0, 0, 0, 0]);
    const d = tridiagonalEigen([3, -1, 7, 0], [0, 0, 0], { components: [0] });
    expect(Array.from(d.values)).toEqual([7, 3, 0, -1]);
    expect(Array.from(d.vectors!)).toEqual([0, 1, 0, 0]); // component 0 of each sorted eigenvector
  });

  it('bad input is a KanntkError naming the problem', () => {
    expect(() => tridiagonalEigen([], [])).toThrow(KanntkError);
    expect(() => tridiagonalEigen([1, 2], [])).toThrow(/beta must have length m−1 = 1/);
    expect(() => tridiagonalEigen([1, 2], [1, 2])).toThrow(/beta must have length/);
    expect(() => tridiagonalEigen([1, NaN], [1])).toThrow(/alpha\[1\] is NaN/);
    expect(() => tridiagonalEigen([1, 2], [Infinity])).toThrow(/beta\[0\] is Infinity/);
    expect(() => tridiagonalEigen([1, 2], [1], { components: [2] })).toThrow(/component index 2/);
  });
});
