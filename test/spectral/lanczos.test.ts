// Lanczos with full re-orthogonalisation and the top/bottom-k eigensolver
// (src/spectral/lanczos.ts, src/spectral/eigsh.ts), on dense matrices A = Q·diag(λ)·Qᵀ with known spectra.
import { describe, it, expect } from 'vitest';
import { KanntkError } from '../../src/errors.js';
import { denseOperator, lanczos, type LinearOperator } from '../../src/spectral/lanczos.js';
import { bottomEigenpairs, eigsh, topEigenpairs } from '../../src/spectral/eigsh.js';
import { tridiagonalEigen } from '../../src/spectral/tridiagonal-eigen.js';
import { createRandom } from '../helpers/random.js';
import { randomOrthogonal, withSpectrum } from '../helpers/spectra.js';

type Problem = { n: number; a: Float64Array; q: Float64Array; lambda: Float64Array };

/** The test problem A = Q·diag(λ)·Qᵀ with Q random orthogonal from seed; column k of Q is the eigenvector of λ[k]. */
function knownSpectrum(lambda: ArrayLike<number>, seed: number): Problem {
  const n = lambda.length;
  const q = randomOrthogonal(n, createRandom(seed));
  return { n, a: withSpectrum(lambda, q), q, lambda: Float64Array.from(lambda) };
}

function column(p: Problem, k: number): Float64Array {
  return Float64Array.from({ length: p.n }, (_, i) => p.q[i * p.n + k]);
}

function matVec(p: Problem, x: Float64Array): Float64Array {
  const y = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) for (let j = 0; j < p.n; j++) y[i] += p.a[i * p.n + j] * x[j];
  return y;
}

/** ‖A·x − θ·x‖, computed densely (independent of the Lanczos bound). */
function trueResidual(p: Problem, theta: number, x: Float64Array): number {
  const y = matVec(p, x);
  return Math.hypot(...y.map((yi, i) => yi - theta * x[i]));
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const sortedDesc = (x: ArrayLike<number>) => Float64Array.from(x).sort().reverse();

/** Counts applications, to check the solver's own count. */
function counting(op: LinearOperator): LinearOperator & { count: number } {
  const wrapped = {
    size: op.size,
    count: 0,
    apply: (v: Float64Array) => {
      wrapped.count++;
      return op.apply(v);
    },
  };
  return wrapped;
}

// outliers ±10, ±9, ±8, ±7, ±6 around a bulk of 190 values uniform in [−1, 1]
const separated = (() => {
  const rng = createRandom(3);
  return knownSpectrum([10, 9, 8, 7, 6, -6, -7, -8, -9, -10, ...rng.array(190, -1, 1)], 101);
})();

describe('lanczos', () => {
  it('builds A·V = V·T + β_m·v_{m+1}·e_mᵀ with an orthonormal basis', async () => {
    const p = separated;
    const r = await lanczos(denseOperator(p.a, p.n), { steps: 40 });
    expect(r.steps).toBe(40);
    expect(r.invariant).toBe(false);
    expect(r.alpha.length).toBe(40);
    expect(r.beta.length).toBe(39);
    const v = r.basis!;
    // two passes of classical Gram–Schmidt keep |VᵀV − I| at a few ε (Giraud et al.); 1e-14 ≈ 45ε
    let orth = 0;
    for (let i = 0; i < 40; i++) for (let j = 0; j <= i; j++) orth = Math.max(orth, Math.abs(dot(v[i], v[j]) - (i === j ? 1 : 0)));
    expect(orth).toBeLessThan(1e-14);
    // columns j < m−1: A·v_j = β_{j−1}v_{j−1} + α_j v_j + β_j v_{j+1} to rounding of ‖A‖ = 10 (1e-13 ≈ 45ε‖A‖)
    for (let j = 0; j < 39; j++) {
      const av = matVec(p, v[j]);
      const t = av.map((x, i) => x - r.alpha[j] * v[j][i] - r.beta[j] * v[j + 1][i] - (j > 0 ? r.beta[j - 1] * v[j - 1][i] : 0));
      expect(Math.hypot(...t)).toBeLessThan(1e-13);
    }
    // last column: the remainder has norm β_m
    const last = matVec(p, v[39]).map((x, i) => x - r.alpha[39] * v[39][i] - r.beta[38] * v[38][i]);
    expect(Math.abs(Math.hypot(...last) - r.residualNorm)).toBeLessThan(1e-13);
  });

  it("'none' follows the same recurrence: the first steps agree with 'full', and no basis is kept", async () => {
    const op = denseOperator(separated.a, separated.n);
    const full = await lanczos(op, { steps: 8, seed: 4 });
    const none = await lanczos(op, { steps: 8, seed: 4, reorthogonalize: 'none' });
    expect(none.basis).toBeUndefined();
    // orthogonality loss grows like ε·‖A‖/(converged Ritz gap); over 8 steps the two differ at rounding level
    for (let j = 0; j < 8; j++) expect(Math.abs(none.alpha[j] - full.alpha[j])).toBeLessThan(1e-12);
  });

  it('full spectrum: with steps = n = 50 the Ritz values are all eigenvalues', async () => {
    const rng = createRandom(21);
    const lambda = rng.array(50, -5, 5);
    const p = knownSpectrum(lambda, 7);
    const r = await lanczos(denseOperator(p.a, p.n), { steps: 50 });
    expect(r.steps).toBe(50);
    const ritz = tridiagonalEigen(r.alpha, r.beta).values;
    // T = VᵀAV with V orthogonal to ~ε: eigenvalues agree to O(ε‖A‖·√n); 1e-13·‖A‖ with ‖A‖ ≤ 5
    let err = 0;
    sortedDesc(lambda).forEach((l, i) => (err = Math.max(err, Math.abs(l - ritz[i]))));
    expect(err).toBeLessThan(1e-13 * 5);
    // asking for more steps than the size stops at the size
    expect((await lanczos(denseOperator(p.a, p.n), { steps: 80 })).steps).toBe(50);
  });

  it('stops early on an invariant subspace: rank 3 gives 4 steps (3 + the null-space component of the start)', async () => {
    const lambda = new Float64Array(200);
    lambda.set([3, 2, -1]);
    const p = knownSpectrum(lambda, 17);
    const r = await lanczos(denseOperator(p.a, p.n), { steps: 50 });
    expect(r.steps).toBe(4);
    expect(r.invariant).toBe(true);
    // breakdown threshold is 100u·‖A‖est ≈ 3.3e-14 here
    expect(r.residualNorm).toBeLessThan(100 * 2 ** -53 * 3);
    const ritz = tridiagonalEigen(r.alpha, r.beta).values;
    expect(Array.from(ritz).map((x) => Math.abs(x - Math.round(x)))).toSatisfy((d: number[]) => d.every((x) => x < 1e-14));
    expect(Array.from(ritz).map(Math.round)).toEqual([3, 2, 0, -1]);
  });

  it('is reproducible: same seed, same bits; a given start vector is used as given', async () => {
    const op = denseOperator(separated.a, separated.n);
    const a = await lanczos(op, { steps: 10, seed: 9 });
    const b = await lanczos(op, { steps: 10, seed: 9 });
    const c = await lanczos(op, { steps: 10, seed: 10 });
    expect(Array.from(a.alpha)).toEqual(Array.from(b.alpha));
    expect(Array.from(a.beta)).toEqual(Array.from(b.beta));
    expect(Array.from(a.alpha)).not.toEqual(Array.from(c.alpha));
    const e0 = new Float64Array(separated.n);
    e0[0] = 2;
    const d = await lanczos(op, { steps: 1, start: e0 });
    expect(d.alpha[0]).toBe(separated.a[0]);
  });

  it('rejects bad input with KanntkError', async () => {
    const op = denseOperator(new Float64Array([2, 1, 1, 3]), 2);
    await expect(lanczos(op, { steps: 0 })).rejects.toThrow(/steps must be a positive integer/);
    await expect(lanczos(op, { steps: 2, start: new Float64Array(3) })).rejects.toThrow(/start vector has length 3/);
    await expect(lanczos(op, { steps: 2, start: new Float64Array(2) })).rejects.toThrow(/start vector is zero/);
    const bad: LinearOperator = { size: 2, apply: async () => new Float64Array([1, NaN]) };
    await expect(lanczos(bad, { steps: 2 })).rejects.toThrow(/operator output at Lanczos step 1\[1\] is NaN/);
    const short: LinearOperator = { size: 2, apply: async () => new Float64Array(1) };
    await expect(lanczos(short, { steps: 2 })).rejects.toThrow(KanntkError);
    expect(() => denseOperator(new Float64Array(3), 2)).toThrow(/expected n·n = 4/);
    expect(() => denseOperator(new Float64Array([1, 2, 3, 4]), 2)).toThrow(/not symmetric at \(1, 0\)/);
    expect(() => denseOperator(new Float64Array([1, NaN, NaN, 4]), 2)).toThrow(/is NaN/);
    await expect(eigsh(op, { k: 0 })).rejects.toThrow(/k must be a positive integer/);
  });
});

describe('eigsh / topEigenpairs / bottomEigenpairs', () => {
  it('top-5 and bottom-5 of n = 200 with a separated spectrum to 1e-10 relative, with eigenvectors', async () => {
    const p = separated;
    for (const [fn, expected, ks] of [
      [topEigenpairs, [10, 9, 8, 7, 6], [0, 1, 2, 3, 4]],
      [bottomEigenpairs, [-6, -7, -8, -9, -10], [5, 6, 7, 8, 9]],
    ] as const) {
      const op = counting(denseOperator(p.a, p.n));
      const r = await fn(op, 5);
      expect(r.converged).toBe(true);
      expect(r.applications).toBe(op.count);
      // ~23 steps for the 5 pairs, ~27 more for the verification run (measured 50 for both ends with seed 0)
      expect(r.applications).toBeLessThanOrEqual(60);
      // residual ≤ tol·|θ|max = 1e-9 and gaps ≥ 1 give |θ − λ| ≤ r²/gap ≈ 1e-18; the floor is A's own rounding, ~1e-14
      for (let i = 0; i < 5; i++) expect(Math.abs(r.values[i] - expected[i]) / Math.abs(expected[i])).toBeLessThan(1e-10);
      for (let i = 0; i < 5; i++) {
        const x = r.vectors[i];
        expect(Math.abs(Math.hypot(...x) - 1)).toBeLessThan(1e-14);
        // the Lanczos bound and the true residual agree (the basis is orthonormal to ~ε)
        const res = trueResidual(p, r.values[i], x);
        expect(res).toBeLessThan(1e-10 * 10);
        expect(Math.abs(res - r.residuals[i])).toBeLessThan(1e-12);
        // eigenvector error ≲ residual/gap ≤ 1e-9 (gap ≥ 1), so 1 − |x·q| ≈ err²/2 ≤ 5e-19: only the dot's rounding (~1e-16) is left
        const truth = column(p, ks[i]);
        expect(1 - Math.abs(dot(x, truth))).toBeLessThan(1e-15);
        const big = x.reduce((b, xi, j) => (Math.abs(xi) > Math.abs(x[b]) ? j : b), 0);
        expect(x[big]).toBeGreaterThan(0);
      }
    }
  });

  it("'both' gets both ends in one set of runs", async () => {
    const r = await eigsh(denseOperator(separated.a, separated.n), { k: 3, which: 'both' });
    expect(r.converged).toBe(true);
    const expected = [10, 9, 8, -8, -9, -10];
    for (let i = 0; i < 6; i++) expect(Math.abs(r.values[i] - expected[i])).toBeLessThan(1e-10 * 10);
  });

  it('clustered eigenvalues 1, 1+1e-8, 1+2e-8 above a bulk in [0, 0.5] are resolved individually', async () => {
    const rng = createRandom(8);
    const top = [1 + 2e-8, 1 + 1e-8, 1];
    const p = knownSpectrum([...top, ...rng.array(97, 0, 0.5)], 23);
    const r = await topEigenpairs(denseOperator(p.a, p.n), 3, { tol: 1e-12 });
    expect(r.converged).toBe(true);
    // |Δλ| ≤ residual ≤ tol·|θ|max = 1e-12 whatever the gap (measured ~1.5e-15, i.e. O(ε‖A‖)); 2e-12 adds A's own rounding
    for (let i = 0; i < 3; i++) expect(Math.abs(r.values[i] - top[i])).toBeLessThan(2e-12);
    // the vectors: each within residual/gap ≈ 1e-12/1e-8 = 1e-4 of its eigenvector (1 − |cos| ≤ 5e-9), mutually orthogonal
    for (let i = 0; i < 3; i++) expect(1 - Math.abs(dot(r.vectors[i], column(p, i)))).toBeLessThan(1e-7);
    expect(Math.abs(dot(r.vectors[0], r.vectors[1]))).toBeLessThan(1e-10);
  });

  it('repeated eigenvalues: every copy is found (verify), with an orthonormal basis of the eigenspace', async () => {
    const rng = createRandom(12);
    const p = knownSpectrum([5, 5, 5, 4, 3, ...rng.array(95, -1, 1)], 31);
    const op = counting(denseOperator(p.a, p.n));
    const r = await topEigenpairs(op, 5);
    expect(r.converged).toBe(true);
    // |Δλ| ≤ residual ≤ 5e-10 for the (non-simple) eigenvalue 5
    const expected = [5, 5, 5, 4, 3];
    for (let i = 0; i < 5; i++) expect(Math.abs(r.values[i] - expected[i])).toBeLessThan(1e-10 * 5);
    for (let i = 0; i < 5; i++) {
      expect(trueResidual(p, r.values[i], r.vectors[i])).toBeLessThan(1e-9);
      for (let j = 0; j < i; j++) expect(Math.abs(dot(r.vectors[i], r.vectors[j]))).toBeLessThan(1e-12);
    }
    expect(r.applications).toBe(op.count);
  });

  it('multiplicity: one Krylov space holds one vector per distinct eigenvalue; verify finds the other copies', async () => {
    // diagonal A with a start of ones: the three coordinates of the 5-eigenspace see identical arithmetic,
    // so they stay exactly equal and rounding can never reveal the other two copies
    const n = 60;
    const diag = [5, 5, 5, 4, 3, ...Array.from({ length: n - 5 }, (_, i) => i / (n - 5))];
    const a = new Float64Array(n * n);
    diag.forEach((d, i) => (a[i * n + i] = d));
    const start = new Float64Array(n).fill(1);
    const once = await topEigenpairs(denseOperator(a, n), 5, { start, verify: false });
    // |Δλ| ≤ residual ≤ tol·|θ|max = 5e-10
    expect(Array.from(once.values).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([5, 4, 3, Math.round((54 / 55) * 1e6) / 1e6, Math.round((53 / 55) * 1e6) / 1e6]);
    const all = await topEigenpairs(denseOperator(a, n), 5, { start });
    expect(all.converged).toBe(true);
    [5, 5, 5, 4, 3].forEach((l, i) => expect(Math.abs(all.values[i] - l)).toBeLessThan(5e-10));
    // the three copies span the eigenspace: their weight on coordinates 0..2 is 1 each
    for (let i = 0; i < 3; i++) expect(Math.abs(all.vectors[i][0] ** 2 + all.vectors[i][1] ** 2 + all.vectors[i][2] ** 2 - 1)).toBeLessThan(1e-12);
  });

  it('SPD with cond 1e12: top eigenvalues to 1e-12 relative; the smallest to ~ε·λmax absolute', async () => {
    const n = 200;
    const lambda = Float64Array.from({ length: n }, (_, i) => 10 ** (-12 * i / (n - 1)));
    const p = knownSpectrum(lambda, 41);
    const top = await topEigenpairs(denseOperator(p.a, n), 5, { tol: 1e-12 });
    expect(top.converged).toBe(true);
    for (let i = 0; i < 5; i++) expect(Math.abs(top.values[i] - lambda[i]) / lambda[i]).toBeLessThan(1e-12);
    // the bottom of a log-spaced spectrum has relative gaps ~1e-13 against the spread: Lanczos needs the whole space (steps = n),
    // after which Ritz values equal eigenvalues of VᵀAV, i.e. to O(ε·‖A‖) absolute. Building A itself costs ~n·ε·λmax.
    const bottom = await bottomEigenpairs(denseOperator(p.a, n), 5, { tol: 1e-15, maxSteps: n });
    expect(bottom.converged).toBe(true);
    // measured ≤ 1.2e-16 = 0.5ε·λmax; 2e-15 ≈ 10ε·λmax (λmax = 1) covers A's construction error too. Relative to λmin = 1e-12 that is ~1e-4.
    for (let i = 0; i < 5; i++) expect(Math.abs(bottom.values[i] - lambda[n - 5 + i])).toBeLessThan(2e-15);
    expect(bottom.noiseFloor).toBeCloseTo(2 ** -52, 20);
  });

  it('degenerate sizes: size 1, k ≥ size, the zero matrix', async () => {
    const one = await topEigenpairs(denseOperator(new Float64Array([-2.5]), 1), 3);
    expect(Array.from(one.values)).toEqual([-2.5]);
    expect(Array.from(one.vectors[0])).toEqual([1]);
    expect(one.converged).toBe(true);

    const lambda = [4, 3, 3, 1, -2, -7];
    const p = knownSpectrum(lambda, 5);
    for (const which of ['largest', 'smallest', 'both'] as const) {
      const all = await eigsh(denseOperator(p.a, 6), { k: 10, which });
      expect(all.values.length).toBe(6);
      // whole space: exact to O(ε‖A‖)
      lambda.forEach((l, i) => expect(Math.abs(all.values[i] - l)).toBeLessThan(1e-13 * 7));
      for (let i = 0; i < 6; i++) expect(trueResidual(p, all.values[i], all.vectors[i])).toBeLessThan(1e-13 * 7);
    }

    const zero = await topEigenpairs(denseOperator(new Float64Array(100 * 100), 100), 3);
    expect(Array.from(zero.values)).toEqual([0, 0, 0]);
    expect(zero.converged).toBe(true);
    for (let i = 0; i < 3; i++) for (let j = 0; j < i; j++) expect(Math.abs(dot(zero.vectors[i], zero.vectors[j]))).toBeLessThan(1e-14);
  });

  it('rank 3: top-3 stops at the invariant subspace; bottom-3 finds the null space through verification', async () => {
    const lambda = new Float64Array(200);
    lambda.set([3, 2, 1]);
    const p = knownSpectrum(lambda, 19);
    const op = counting(denseOperator(p.a, 200));
    const top = await topEigenpairs(op, 3);
    expect(Array.from(top.values).map((x) => Math.abs(x - Math.round(x)) < 1e-13)).toEqual([true, true, true]);
    expect(Array.from(top.values).map(Math.round)).toEqual([3, 2, 1]);
    // 4 steps to the invariant subspace, then one step in the complement (A = 0 there) confirms nothing was missed
    expect(top.applications).toBe(5);
    const bottom = await bottomEigenpairs(denseOperator(p.a, 200), 3);
    for (let i = 0; i < 3; i++) expect(Math.abs(bottom.values[i])).toBeLessThan(1e-14);
  });

  it('is reproducible with the same seed, and a different seed gives the same answer to tolerance', async () => {
    const op = denseOperator(separated.a, separated.n);
    const a = await topEigenpairs(op, 4, { seed: 3 });
    const b = await topEigenpairs(op, 4, { seed: 3 });
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(a.vectors.map((v) => Array.from(v))).toEqual(b.vectors.map((v) => Array.from(v)));
    const c = await topEigenpairs(op, 4, { seed: 4 });
    for (let i = 0; i < 4; i++) expect(Math.abs(c.values[i] - a.values[i])).toBeLessThan(1e-12);
  });

  it('with a small maxSteps it restarts and still converges (or says it did not)', async () => {
    const op = denseOperator(separated.a, separated.n);
    const r = await topEigenpairs(op, 5, { maxSteps: 12 });
    expect(r.converged).toBe(true);
    expect(r.runs).toBeGreaterThan(1);
    for (let i = 0; i < 5; i++) expect(Math.abs(r.values[i] - (10 - i))).toBeLessThan(1e-9);
    const capped = await topEigenpairs(op, 5, { maxSteps: 6, maxRestarts: 0, verify: false });
    expect(capped.converged).toBe(false);
    expect(capped.values.length).toBe(5);
  });
});
