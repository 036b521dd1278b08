// The 'jacobiSweeps' kernel on every backend: against the reference on random
// symmetric matrices, its structural promises (v ← v·J from any v, exact zeros
// stay zero, sweeps = 0, elements past n² untouched, order within a GPU batch),
// and as an eigensolver on matrices with known spectra — which checks the
// reference backend too.
//
// Tolerances (why):
// - f64 against the reference: 1e-12 × max|a| for a, 1e-12 × max|v| for v. The
//   core forms every element with the reference's operations in the reference's
//   order, so today the results are bit-identical (asserted for one case); the
//   tolerance leaves room for an equally accurate reordering (a few sweeps
//   accumulate ~sweeps·n·ε·max|a| ≈ 1e-13 at n = 33) and still catches any wrong
//   index, angle or sign (those give O(max|a|) errors).
// - f32 against the reference: |Δa_ij| ≤ 1e-5·‖A‖_F and |Δv_ij| ≤ 1e-4. The
//   rotations preserve ‖A‖_F, so f32 rounding is a multiple of eps·‖A‖_F growing
//   with the rounds (≤ 3·33 here); a rotation angle is a ratio that amplifies the
//   rounding of its operands, so the f32 trajectory drifts from the f64 one
//   (exactly rounded f32 evaluation of the reference itself drifts up to
//   3e-6·‖A‖_F and 2.3e-5 in v on an earlier draw).
// - f64 eigenvalues: a backward-stable method gives each to within a few
//   n·ε·‖A‖ absolute: the known λ are compared at 1e-13 × max|λ|. Jacobi's high
//   relative accuracy holds for graded matrices A = D·H·D with H well conditioned,
//   checked against a double-double Jacobi solve of the same stored matrix at
//   1e-9 relative. V: VᵀV = I to 1e-13 and ‖A·V − V·diag(a)‖_F ≤ 1e-13·‖A‖_F.
// - f32 convergence (known spectrum, 10 sweeps, well conditioned): sorted diagonal
//   within 1e-5·λmax of λ, off-diagonal ≤ 1e-5·λmax, VᵀV = I within 1e-5 per entry,
//   ‖A·v_k − d_k·v_k‖₂ ≤ 1e-5·λmax per column (measured ≤ 1.2e-6 for all four).

import { it, expect } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import type { DeviceBuffer } from '../../../src/backend/buffer.js';
import type { KernelCall } from '../../../src/backend/kernels.js';
import { runReference } from '../../reference/kernels.js';
import { createRandom, type Random } from '../../helpers/random.js';
import { frobenius, identity, maxAbs, randomOrthogonal, randomSymmetric, withSpectrum } from '../../helpers/spectra.js';
import { describeBackends, notReference, hostBuffer, type Subject } from './harness.js';

/** Measurements are logged for f64 runs (the figures the tolerances above quote). */
const log = (s: Subject, line: string) => {
  if (process.env.KANNTK_PRINT_ERRORS || s.name === 'wasm') console.log(`${s.name} ${line}`);
};

/** Runs jacobiSweeps on the backend from (a0, v0), and the reference on the stored values. */
async function runBoth(s: Subject, a0: ArrayLike<number>, v0: ArrayLike<number>, n: number, sweeps: number) {
  const backend = s.backend;
  const a = backend.upload(a0), v = backend.upload(v0);
  backend.run({ kind: 'jacobiSweeps', a, v, n, sweeps });
  const got = { a: await backend.read(a), v: await backend.read(v) };
  backend.free(a);
  backend.free(v);
  const ra = hostBuffer(a0.length), rv = hostBuffer(v0.length);
  const host = new Map<DeviceBuffer, Float64Array>([[ra, s.stored(a0)], [rv, s.stored(v0)]]);
  const call: KernelCall = { kind: 'jacobiSweeps', a: ra, v: rv, n, sweeps };
  runReference(call, (buf) => host.get(buf)!);
  return { got, want: { a: host.get(ra)!, v: host.get(rv)! } };
}

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  expect(x.length).toBe(y.length);
  let e = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]);
    e = Number.isNaN(d) ? Infinity : Math.max(e, d);
  }
  return e;
}

/** The bound of a comparison with the reference: f64 relative to max|·|, f32 relative to ‖A‖_F (a) or absolute (v). */
function expectLikeReference(s: Subject, got: { a: Float64Array; v: Float64Array }, want: { a: Float64Array; v: Float64Array }, a0: ArrayLike<number>, vScale = 1): void {
  const errA = maxAbsDiff(got.a, want.a), errV = maxAbsDiff(got.v, want.v);
  if (s.precision === 'f64') {
    expect(errA, 'max |Δa|').toBeLessThanOrEqual(1e-12 * maxAbs(want.a));
    expect(errV, 'max |Δv|').toBeLessThanOrEqual(1e-12 * maxAbs(want.v));
  } else {
    expect(errA / frobenius(a0), 'max |Δa| / ‖A‖_F').toBeLessThanOrEqual(1e-5);
    expect(errV, 'max |Δv|').toBeLessThanOrEqual(1e-4 * vScale);
  }
}

// ---------------------------------------------------------------- helpers

function offDiagonalNorm(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += a[i * n + j] ** 2;
  return Math.sqrt(s);
}

const diagonal = (a: Float64Array, n: number) => Float64Array.from({ length: n }, (_, i) => a[i * n + i]);

const MAX_SWEEPS = 20;

interface Solved {
  a: Float64Array;
  v: Float64Array;
  sweeps: number;
  offRatio: number;
}

/** ‖off(a)‖_F / ‖A‖_F, the default convergence measure. */
const offRelativeToNorm = (a0: Float64Array) => (a: Float64Array, n: number) => offDiagonalNorm(a, n) / frobenius(a0);

/** max |a_pq| / √(a_pp·a_qq), the convergence measure that keeps relative accuracy of graded SPD matrices. */
function offRelativeToDiagonal(a: Float64Array, n: number): number {
  let worst = 0;
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) {
    if (p !== q) worst = Math.max(worst, Math.abs(a[p * n + q]) / Math.sqrt(Math.abs(a[p * n + p] * a[q * n + q])));
  }
  return worst;
}

// Note on the default measure: the rotation angles read only the upper a_pq, and rounding
// leaves a as a symmetric matrix plus an antisymmetric residue K (‖K‖_F ≈ √n·ε·‖A‖_F,
// made in the first sweeps) that orthogonal rotations carry along unchanged. The upper
// off-diagonals still converge quadratically (to ~1e-25·‖A‖_F), but ‖off(a)‖_F floors at
// ≈ √2·‖K‖_F: ~7e-16·‖A‖_F at n = 64, ~1.5e-15·‖A‖_F at n = 256, so for n ≳ 128 the
// 1e-15 threshold must be taken on the upper triangle instead.
/** One sweep per call until measure(a) < 1e-15 (default ‖off(a)‖_F < 1e-15·‖A‖_F), at most MAX_SWEEPS. */
async function solve(backend: Backend, a0: Float64Array, n: number, measure = offRelativeToNorm(a0)): Promise<Solved> {
  const a = backend.upload(a0), v = backend.upload(identity(n));
  let sweeps = 0;
  let cur = a0;
  let offRatio = measure(a0, n);
  while (offRatio >= 1e-15 && sweeps < MAX_SWEEPS) {
    backend.run({ kind: 'jacobiSweeps', a, v, n, sweeps: 1 });
    sweeps++;
    cur = await backend.read(a);
    offRatio = measure(cur, n);
  }
  const out = { a: cur, v: await backend.read(v), sweeps, offRatio };
  backend.free(a);
  backend.free(v);
  return out;
}

/** ‖A·V − V·diag(d)‖_F / ‖A‖_F and max |VᵀV − I|. */
function eigenChecks(a0: Float64Array, v: Float64Array, d: Float64Array, n: number) {
  let res = 0, orth = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let av = 0, vtv = 0;
      for (let k = 0; k < n; k++) {
        av += a0[i * n + k] * v[k * n + j];
        vtv += v[k * n + i] * v[k * n + j];
      }
      res += (av - v[i * n + j] * d[j]) ** 2;
      orth = Math.max(orth, Math.abs(vtv - (i === j ? 1 : 0)));
    }
  }
  return { residual: Math.sqrt(res) / frobenius(a0), orth };
}

const sorted = (x: ArrayLike<number>) => Float64Array.from(x).sort();

// Double-double arithmetic (hi + lo, ~106 bits) for reference eigenvalues of a stored matrix.
type DD = [number, number];
function twoSum(a: number, b: number): DD {
  const s = a + b, bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}
function split(a: number): DD {
  const c = 134217729 * a, hi = c - (c - a);
  return [hi, a - hi];
}
function twoProd(a: number, b: number): DD {
  const p = a * b, [ah, al] = split(a), [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}
function ddAdd(x: DD, y: DD): DD {
  const [s, e] = twoSum(x[0], y[0]);
  return twoSum(s, e + x[1] + y[1]);
}
const ddNeg = (x: DD): DD => [-x[0], -x[1]];
function ddMul(x: DD, y: DD): DD {
  const [p, e] = twoProd(x[0], y[0]);
  return twoSum(p, e + x[0] * y[1] + x[1] * y[0]);
}
function ddDiv(x: DD, y: DD): DD {
  const q1 = x[0] / y[0];
  const r = ddAdd(x, ddNeg(ddMul(y, [q1, 0])));
  const q2 = r[0] / y[0];
  const r2 = ddAdd(r, ddNeg(ddMul(y, [q2, 0])));
  return ddAdd(twoSum(q1, q2), [r2[0] / y[0], 0]);
}
function ddSqrt(x: DD): DD {
  if (x[0] <= 0) return [0, 0];
  const r = Math.sqrt(x[0]);
  const d = ddAdd(x, ddNeg(twoProd(r, r)));
  return twoSum(r, d[0] / (2 * r));
}

/** Eigenvalues of the stored symmetric a, by row-cyclic Jacobi in double-double (sorted). */
function ddEigenvalues(a0: Float64Array, n: number): Float64Array {
  const a: DD[] = Array.from(a0, (x) => [x, 0] as DD);
  const at = (i: number, j: number) => a[i * n + j];
  for (let sweep = 0; sweep < 40; sweep++) {
    let worst = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      worst = Math.max(worst, Math.abs(at(p, q)[0]) / Math.sqrt(Math.abs(at(p, p)[0] * at(q, q)[0])));
    }
    if (worst < 1e-30) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      const apq = at(p, q);
      if (apq[0] === 0) continue;
      const theta = ddDiv(ddAdd(at(q, q), ddNeg(at(p, p))), ddMul([2, 0], apq));
      const absTheta: DD = theta[0] < 0 ? ddNeg(theta) : theta;
      const t0 = ddDiv([1, 0], ddAdd(absTheta, ddSqrt(ddAdd(ddMul(theta, theta), [1, 0]))));
      const t = theta[0] < 0 ? ddNeg(t0) : t0;
      const c = ddDiv([1, 0], ddSqrt(ddAdd(ddMul(t, t), [1, 0])));
      const s = ddMul(t, c);
      for (let i = 0; i < n; i++) {
        const xp = at(i, p), xq = at(i, q);
        a[i * n + p] = ddAdd(ddMul(c, xp), ddNeg(ddMul(s, xq)));
        a[i * n + q] = ddAdd(ddMul(s, xp), ddMul(c, xq));
      }
      for (let j = 0; j < n; j++) {
        const xp = at(p, j), xq = at(q, j);
        a[p * n + j] = ddAdd(ddMul(c, xp), ddNeg(ddMul(s, xq)));
        a[q * n + j] = ddAdd(ddMul(s, xp), ddMul(c, xq));
      }
    }
  }
  return sorted(Array.from({ length: n }, (_, i) => at(i, i)[0] + at(i, i)[1]));
}

const maxRelative = (got: Float64Array, want: Float64Array) =>
  want.reduce((m, w, i) => Math.max(m, Math.abs(got[i] - w) / Math.abs(w)), 0);


describeBackends('jacobiSweeps against the reference', (s) => {
  for (const n of [1, 2, 3, 7, 16, 33]) {
    for (const sweeps of [1, 3]) {
      it(`n = ${n}, ${sweeps} sweep${sweeps > 1 ? 's' : ''}`, async () => {
        const a0 = s.stored(randomSymmetric(n, createRandom(100 * n + sweeps)));
        const { got, want } = await runBoth(s, a0, identity(n), n, sweeps);
        expectLikeReference(s, got, want, a0);
      });
    }
  }

  if (s.precision === 'f64') {
    it('is bit-identical to the reference (n = 33, 3 sweeps)', async () => {
      const a0 = randomSymmetric(33, createRandom(7));
      const { got, want } = await runBoth(s, a0, identity(33), 33, 3);
      expect(Array.from(got.a)).toEqual(Array.from(want.a));
      expect(Array.from(got.v)).toEqual(Array.from(want.v));
    });
  }

  it('accumulates into a general v (v ← v·J, not v ← J) and a non-normalized a', async () => {
    const rnd = createRandom(21);
    const n = 12;
    const a0 = s.stored(randomSymmetric(n, rnd).map((x) => 1e3 * x));
    const v0 = s.stored(rnd.array(n * n, -2, 2));
    const { got, want } = await runBoth(s, a0, v0, n, 2);
    expectLikeReference(s, got, want, a0, 6); // rows of v0 have norm < 2·√12
  });

  it('touches only the first n² elements of longer buffers, and later calls in a batch see its result', async () => {
    const backend = s.backend;
    const n = 4;
    const a0 = s.stored(randomSymmetric(n, createRandom(11)));
    const a = backend.upload([...a0, 7, 8]);
    const v = backend.upload([...identity(n), 9]);
    backend.run({ kind: 'jacobiSweeps', a, v, n, sweeps: 2 });
    // queued after the sweeps (in the same batch on a GPU), no read in between
    const copy = backend.alloc(n * n);
    backend.run({ kind: 'copy', x: a, out: copy, shape: [n * n], xStrides: [1], xOffset: 0, outStrides: [1], outOffset: 0 });
    const [gotA, gotV, gotCopy] = [await backend.read(a), await backend.read(v), await backend.read(copy)];
    expect(Array.from(gotA.slice(n * n))).toEqual([7, 8]);
    expect(Array.from(gotV.slice(n * n))).toEqual([9]);
    expect(Array.from(gotCopy)).toEqual(Array.from(gotA.slice(0, n * n)));
    const want = await runBoth(s, a0, identity(n), n, 2);
    expectLikeReference(s, { a: gotA.slice(0, n * n), v: gotV.slice(0, n * n) }, want.want, a0);
    for (const b of [a, v, copy]) backend.free(b);
  });
}, notReference);

describeBackends('jacobiSweeps: structure', (s) => {
  it('skips pairs whose a_pq is exactly 0: a diagonal matrix and any v stay exactly as they were', async () => {
    const n = 6;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) A[i * n + i] = i - 2.5;
    const V0 = s.stored(createRandom(5).array(n * n));
    const { got } = await runBoth(s, A, V0, n, 2);
    expect(Array.from(got.a)).toEqual(Array.from(A));
    expect(Array.from(got.v)).toEqual(Array.from(V0));
  });

  it('keeps the zeros of a block-diagonal matrix (indices of different parity never couple)', async () => {
    const n = 10;
    const a0 = s.stored(randomSymmetric(n, createRandom(5)));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if ((i + j) % 2) a0[i * n + j] = 0;
    const { got } = await runBoth(s, a0, identity(n), n, 2);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if ((i + j) % 2) expect(got.a[i * n + j] === 0 && got.v[i * n + j] === 0, `(${i}, ${j}) stays 0`).toBe(true);
    }
  });

  it('sweeps = 0 leaves a and v untouched', async () => {
    const n = 5;
    const a0 = s.stored(randomSymmetric(n, createRandom(9)));
    const { got } = await runBoth(s, a0, identity(n), n, 0);
    expect(Array.from(got.a)).toEqual(Array.from(a0));
    expect(Array.from(got.v)).toEqual(Array.from(identity(n)));
  });
});

function f32Convergence(s: Subject): void {
  const cases: Array<{ n: number; spectrum: string; lambda: (k: number, n: number) => number }> = [
    { n: 64, spectrum: 'evenly spaced in [-10, 10]', lambda: (k, n) => -10 + (20 * k) / (n - 1) },
    { n: 128, spectrum: '±10·10^(-3k/(n-1))', lambda: (k, n) => (k % 2 ? -1 : 1) * 10 * 10 ** ((-3 * k) / (n - 1)) },
  ];
  for (const { n, spectrum, lambda: lambdaOf } of cases) {
    it(`converges to a known spectrum in 10 sweeps: n = ${n}, ${spectrum}`, async () => {
      const lambda = Float64Array.from({ length: n }, (_, k) => lambdaOf(k, n));
      const lambdaMax = maxAbs(lambda);
      // Q·diag(λ)·Qᵀ rounded to f32 (still exactly symmetric)
      const A = s.stored(withSpectrum(lambda, randomOrthogonal(n, createRandom(n))));
      const backend = s.backend;
      const a = backend.upload(A), v = backend.upload(identity(n));
      backend.run({ kind: 'jacobiSweeps', a, v, n, sweeps: 10 });
      const [got, V] = [await backend.read(a), await backend.read(v)];
      backend.free(a);
      backend.free(v);
      const d = diagonal(got, n);
      expect(maxAbsDiff(sorted(d), sorted(lambda)) / lambdaMax, 'max |d − λ| / λmax').toBeLessThanOrEqual(1e-5);
      expect(offDiagonalMax(got, n) / lambdaMax, 'max |a_ij|, i ≠ j, / λmax').toBeLessThanOrEqual(1e-5);
      const { orth } = eigenChecks(A, V, d, n);
      expect(orth, 'max |VᵀV − I|').toBeLessThanOrEqual(1e-5);
      // residual per column: ‖A·v_k − d_k·v_k‖₂ against the A that was uploaded
      let residual = 0;
      for (let k = 0; k < n; k++) {
        let sq = 0;
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let j = 0; j < n; j++) acc += A[i * n + j] * V[j * n + k];
          sq += (acc - V[i * n + k] * d[k]) ** 2;
        }
        residual = Math.max(residual, Math.sqrt(sq));
      }
      expect(residual / lambdaMax, 'max_k ‖A·v_k − d_k·v_k‖₂ / λmax').toBeLessThanOrEqual(1e-5);
    });
  }
}

function offDiagonalMax(a: Float64Array, n: number): number {
  let off = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) off = Math.max(off, Math.abs(a[i * n + j]));
  return off;
}

// the eigensolver properties are independent of the reference kernels: the reference backend is checked too
describeBackends('jacobiSweeps as an eigensolver', (s) => (s.precision === 'f64' ? f64Eigensolver(s) : f32Convergence(s)));

function f64Eigensolver(sub: Subject): void {
  const n = 64;

  it('diagonalizes a random symmetric matrix', async () => {
    const a0 = randomSymmetric(n, createRandom(64));
    const s = await solve(sub.backend, a0, n);
    const d = diagonal(s.a, n);
    const { residual, orth } = eigenChecks(a0, s.v, d, n);
    log(sub, `random n=${n}: ${s.sweeps} sweeps, off/‖A‖ ${s.offRatio.toExponential(1)}, residual ${residual.toExponential(1)}, ‖VᵀV−I‖ ${orth.toExponential(1)}`);
    expect(s.offRatio).toBeLessThan(1e-15);
    expect(residual).toBeLessThan(1e-13);
    expect(orth).toBeLessThan(1e-13);
    // the trace is invariant
    const tr0 = diagonal(a0, n).reduce((x, y) => x + y, 0);
    expect(Math.abs(d.reduce((x, y) => x + y, 0) - tr0)).toBeLessThan(1e-12 * frobenius(a0));
  });

  // offTol: the ‖off‖_F/‖A‖_F reached within MAX_SWEEPS. Exactly multiple eigenvalues
  // (16-fold here) converge only linearly (≈ ×0.1–0.3 per sweep): 1e-15 takes 20–21 sweeps
  // depending on the draw (20 for this matrix), and rotations of equal diagonals keep re-creating off-diagonals of
  // ~ε·λ, so the check there is 1e-14 after 20 sweeps.
  const spectra: Array<[string, number, (rnd: Random) => number[]]> = [
    ['repeated eigenvalues', 1e-14, (rnd) => Array.from({ length: n }, (_, i) => (i < 16 ? 3 : i < 32 ? -2 : i < 44 ? 0.5 : rnd.uniform(-4, 4)))],
    ['clusters 1 and 1 + 1e-10', 1e-15, (rnd) => Array.from({ length: n }, (_, i) => (i < 20 ? 1 : i < 40 ? 1 + 1e-10 : rnd.uniform(-1, 2)))],
    ['geometric 1 … 1e-12 (SPD, cond 1e12)', 1e-15, () => Array.from({ length: n }, (_, i) => 10 ** ((-12 * i) / (n - 1)))],
  ];
  for (const [name, offTol, make] of spectra) {
    it(`recovers a known spectrum: ${name}`, async () => {
      const rnd = createRandom(name.length);
      const lambda = make(rnd);
      const a0 = withSpectrum(lambda, randomOrthogonal(n, rnd));
      const s = await solve(sub.backend, a0, n);
      const d = diagonal(s.a, n);
      const got = sorted(d), want = sorted(lambda);
      const scale = maxAbs(want);
      let worstAbs = 0, worstRelLarge = 0;
      for (let i = 0; i < n; i++) {
        const err = Math.abs(got[i] - want[i]);
        worstAbs = Math.max(worstAbs, err / scale);
        if (Math.abs(want[i]) >= 1e-3 * scale) worstRelLarge = Math.max(worstRelLarge, err / Math.abs(want[i]));
      }
      const { residual, orth } = eigenChecks(a0, s.v, d, n);
      let relSmall = '';
      if (want[0] > 0) {
        // relative errors against the intended λ and against the exact spectrum of the stored
        // (rounded) matrix; both are limited by ε·‖A‖/λ for this dense (ungraded) matrix
        const exact = ddEigenvalues(a0, n);
        relSmall = `; λ_min=${want[0].toExponential(1)} relative error vs intended ${(Math.abs(got[0] - want[0]) / want[0]).toExponential(1)},`
          + ` vs double-double of the stored matrix ${(Math.abs(got[0] - exact[0]) / exact[0]).toExponential(1)}`
          + ` (stored matrix's own λ_min is off by ${(Math.abs(exact[0] - want[0]) / want[0]).toExponential(1)});`
          + ` worst relative vs double-double ${maxRelative(got, exact).toExponential(1)}`;
        expect(maxAbs(Float64Array.from(got, (g, i) => g - exact[i]))).toBeLessThan(1e-13 * scale);
      }
      log(sub, `${name}: ${s.sweeps} sweeps, off/‖A‖ ${s.offRatio.toExponential(1)}, max|err|/max|λ| ${worstAbs.toExponential(1)}, large-λ relative ${worstRelLarge.toExponential(1)}, residual ${residual.toExponential(1)}, ‖VᵀV−I‖ ${orth.toExponential(1)}${relSmall}`);
      expect(s.offRatio).toBeLessThan(offTol);
      expect(worstAbs).toBeLessThan(1e-13);
      expect(worstRelLarge).toBeLessThan(1e-13);
      expect(residual).toBeLessThan(1e-13);
      expect(orth).toBeLessThan(1e-13);
    });
  }

  it('keeps high relative accuracy on a graded SPD matrix D·H·D (cond 1e12)', async () => {
    // H = Q·diag(μ)·Qᵀ with μ in [0.5, 2] (cond(H) ≤ 4), D = diag(1 … 1e-6): the eigenvalues
    // of A span 1 … ~1e-12 and are determined to ~cond(H)·ε relative by the stored entries
    const rnd = createRandom(1212);
    const mu = Array.from({ length: n }, () => rnd.uniform(0.5, 2));
    const h = withSpectrum(mu, randomOrthogonal(n, rnd));
    const dScale = Array.from({ length: n }, (_, i) => 10 ** ((-6 * i) / (n - 1)));
    const a0 = Float64Array.from(h, (x, k) => dScale[Math.floor(k / n)] * x * dScale[k % n]);
    const s = await solve(sub.backend, a0, n, offRelativeToDiagonal);
    const got = sorted(diagonal(s.a, n));
    const exact = ddEigenvalues(a0, n);
    const rel = maxRelative(got, exact);
    const { residual, orth } = eigenChecks(a0, s.v, diagonal(s.a, n), n);
    log(sub, `graded D·H·D: ${s.sweeps} sweeps to max|a_pq|/√(a_pp·a_qq) ${s.offRatio.toExponential(1)}, λ ${exact[0].toExponential(1)} … ${exact[n - 1].toExponential(1)}, worst relative eigenvalue error vs double-double ${rel.toExponential(1)}, residual ${residual.toExponential(1)}, ‖VᵀV−I‖ ${orth.toExponential(1)}`);
    expect(exact[n - 1] / exact[0]).toBeGreaterThan(1e11);
    expect(s.offRatio).toBeLessThan(1e-15);
    expect(rel).toBeLessThan(1e-9);
    expect(residual).toBeLessThan(1e-13);
    expect(orth).toBeLessThan(1e-13);
  });
}
