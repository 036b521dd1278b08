// The wasm 'jacobiSweeps' kernel: against the plain-TypeScript reference
// (test/reference/kernels.ts), as an eigensolver on matrices with known
// spectra, and its misuse errors.
//
// Tolerances (why):
// - against the reference: 1e-12 × max|a| for a, 1e-12 × max|v| for v. The
//   kernel forms every element with the reference's operations in the
//   reference's order (angles from the matrix before the round, c·x − s·y and
//   s·x + c·y, no fused multiply-add; √ is correctly rounded on both sides), so
//   today the results are bit-identical (asserted separately for one case). The
//   tolerance leaves room for a reordering of operations that is as accurate:
//   a few sweeps of rotations accumulate rounding of at most ~sweeps·n·ε·max|a|
//   (≈ 1e-13 for n = 33, 3 sweeps), and an 1e-12 bound still catches any wrong
//   index, angle or sign (those give O(max|a|) errors).
// - eigenvalues: a backward-stable method gives each eigenvalue to within a
//   few n·ε·‖A‖ absolute, so the known λ are compared at 1e-13 × max|λ|
//   absolute (about 1e-13 relative for the large ones). Eigenvalues far below
//   ‖A‖ are known only that well in absolute terms for a dense matrix: a random
//   orthogonal Q spreads every λ over all entries, the rounding of forming
//   Q·diag(λ)·Qᵀ alone moves λ_min = 1e-12 by ~1e-16 (1e-4 relative). Jacobi's
//   high relative accuracy holds for graded matrices A = D·H·D with H well
//   conditioned; that case is checked against a double-double Jacobi solve of
//   the same stored matrix, at 1e-9 relative per eigenvalue (measured: see the
//   logged numbers).
// - V: VᵀV = I to 1e-13 and ‖A·V − V·diag(a)‖_F ≤ 1e-13·‖A‖_F (orthogonal
//   rotations, each accurate to a few ε).

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import type { Backend } from '../../src/backend/backend.js';
import type { DeviceBuffer } from '../../src/backend/buffer.js';
import type { KernelCall } from '../../src/backend/kernels.js';
import { KanntkError } from '../../src/errors.js';
import { runReference } from '../reference/kernels.js';
import { createRandom, type Random } from '../helpers/random.js';
import { frobenius, identity, maxAbs, randomOrthogonal, randomSymmetric, withSpectrum } from '../helpers/spectra.js';

let backend: Backend;
beforeAll(async () => {
  backend = await createWasmBackend();
});
afterAll(() => backend.dispose());

// ---------------------------------------------------------------- helpers

function offDiagonalNorm(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += a[i * n + j] ** 2;
  return Math.sqrt(s);
}

const diagonal = (a: Float64Array, n: number) => Float64Array.from({ length: n }, (_, i) => a[i * n + i]);

/** Runs the call on wasm and on the reference (each on its own copies of a and v). */
async function runBoth(a0: Float64Array, v0: Float64Array, n: number, sweeps: number) {
  const a = backend.upload(a0), v = backend.upload(v0);
  const call: KernelCall = { kind: 'jacobiSweeps', a, v, n, sweeps };
  backend.run(call);
  const got = { a: await backend.read(a), v: await backend.read(v) };
  backend.free(a);
  backend.free(v);
  const host = new Map<DeviceBuffer, Float64Array>([[a, Float64Array.from(a0)], [v, Float64Array.from(v0)]]);
  runReference(call, (buf) => host.get(buf)!);
  return { got, want: { a: host.get(a)!, v: host.get(v)! } };
}

function expectClose(got: Float64Array, want: Float64Array, tol: number, what: string): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= tol)) expect.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]} (tol ${tol})`);
    worst = Math.max(worst, d);
  }
  return worst;
}

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
async function solve(a0: Float64Array, n: number, measure = offRelativeToNorm(a0)): Promise<Solved> {
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

// ---------------------------------------------------------------- against the reference

describe('wasm jacobiSweeps against the reference', () => {
  for (const n of [1, 2, 3, 7, 16, 33]) {
    for (const sweeps of [1, 3]) {
      it(`n = ${n}, ${sweeps} sweep${sweeps > 1 ? 's' : ''}`, async () => {
        const a0 = randomSymmetric(n, createRandom(100 * n + sweeps));
        const { got, want } = await runBoth(a0, identity(n), n, sweeps);
        expectClose(got.a, want.a, 1e-12 * maxAbs(want.a), 'a');
        expectClose(got.v, want.v, 1e-12 * maxAbs(want.v), 'v');
      });
    }
  }

  it('is bit-identical to the reference (n = 33, 3 sweeps)', async () => {
    const a0 = randomSymmetric(33, createRandom(7));
    const { got, want } = await runBoth(a0, identity(33), 33, 3);
    expect(Array.from(got.a)).toEqual(Array.from(want.a));
    expect(Array.from(got.v)).toEqual(Array.from(want.v));
  });

  it('accumulates into a general v (v ← v·J) and a non-normalized a', async () => {
    const rnd = createRandom(21);
    const n = 12;
    const a0 = randomSymmetric(n, rnd).map((x) => 1e3 * x);
    const v0 = rnd.array(n * n, -2, 2);
    const { got, want } = await runBoth(a0, v0, n, 2);
    expectClose(got.a, want.a, 1e-12 * maxAbs(want.a), 'a');
    expectClose(got.v, want.v, 1e-12 * maxAbs(want.v), 'v');
  });

  it('skips pairs whose a_pq is exactly 0 (block-diagonal input)', async () => {
    // two interleaved blocks: indices of different parity never couple
    const n = 10;
    const rnd = createRandom(5);
    const a0 = randomSymmetric(n, rnd);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if ((i + j) % 2) a0[i * n + j] = 0;
    const { got, want } = await runBoth(a0, identity(n), n, 2);
    expect(Array.from(got.a)).toEqual(Array.from(want.a));
    expect(Array.from(got.v)).toEqual(Array.from(want.v));
  });

  it('leaves a diagonal matrix, sweeps = 0 and elements past n² untouched', async () => {
    const n = 5;
    const diag = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? k + 1 : 0));
    const r1 = await runBoth(diag, identity(n), n, 3);
    expect(Array.from(r1.got.a)).toEqual(Array.from(diag));
    expect(Array.from(r1.got.v)).toEqual(Array.from(identity(n)));

    const a0 = randomSymmetric(n, createRandom(9));
    const r0 = await runBoth(a0, identity(n), n, 0);
    expect(Array.from(r0.got.a)).toEqual(Array.from(a0));

    // buffers longer than n²: the tail is neither read nor written
    const tail = [NaN, 123, -7];
    const aLong = Float64Array.from([...a0, ...tail]);
    const vLong = Float64Array.from([...identity(n), ...tail]);
    const r2 = await runBoth(aLong, vLong, n, 2);
    expect(Array.from(r2.got.a.subarray(n * n))).toEqual(tail);
    expect(Array.from(r2.got.v.subarray(n * n))).toEqual(tail);
    expectClose(r2.got.a.subarray(0, n * n), r2.want.a.subarray(0, n * n), 1e-12 * maxAbs(a0), 'a');
  });
});

// ---------------------------------------------------------------- as an eigensolver

describe('wasm jacobiSweeps as an eigensolver (n = 64)', () => {
  const n = 64;

  it('diagonalizes a random symmetric matrix', async () => {
    const a0 = randomSymmetric(n, createRandom(64));
    const s = await solve(a0, n);
    const d = diagonal(s.a, n);
    const { residual, orth } = eigenChecks(a0, s.v, d, n);
    console.log(`random n=${n}: ${s.sweeps} sweeps, off/‖A‖ ${s.offRatio.toExponential(1)}, residual ${residual.toExponential(1)}, ‖VᵀV−I‖ ${orth.toExponential(1)}`);
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
      const s = await solve(a0, n);
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
      console.log(`${name}: ${s.sweeps} sweeps, off/‖A‖ ${s.offRatio.toExponential(1)}, max|err|/max|λ| ${worstAbs.toExponential(1)}, large-λ relative ${worstRelLarge.toExponential(1)}, residual ${residual.toExponential(1)}, ‖VᵀV−I‖ ${orth.toExponential(1)}${relSmall}`);
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
    const s = await solve(a0, n, offRelativeToDiagonal);
    const got = sorted(diagonal(s.a, n));
    const exact = ddEigenvalues(a0, n);
    const rel = maxRelative(got, exact);
    const { residual, orth } = eigenChecks(a0, s.v, diagonal(s.a, n), n);
    console.log(`graded D·H·D: ${s.sweeps} sweeps to max|a_pq|/√(a_pp·a_qq) ${s.offRatio.toExponential(1)}, λ ${exact[0].toExponential(1)} … ${exact[n - 1].toExponential(1)}, worst relative eigenvalue error vs double-double ${rel.toExponential(1)}, residual ${residual.toExponential(1)}, ‖VᵀV−I‖ ${orth.toExponential(1)}`);
    expect(exact[n - 1] / exact[0]).toBeGreaterThan(1e11);
    expect(s.offRatio).toBeLessThan(1e-15);
    expect(rel).toBeLessThan(1e-9);
    expect(residual).toBeLessThan(1e-13);
    expect(orth).toBeLessThan(1e-13);
  });
});

// ---------------------------------------------------------------- misuse

describe('wasm jacobiSweeps errors', () => {
  const n = 4;
  const call = (over: Partial<Extract<KernelCall, { kind: 'jacobiSweeps' }>>, a: DeviceBuffer, v: DeviceBuffer): KernelCall =>
    ({ kind: 'jacobiSweeps', a, v, n, sweeps: 1, ...over });

  const cases: Array<[string, (a: DeviceBuffer, v: DeviceBuffer, short: DeviceBuffer) => KernelCall, RegExp]> = [
    ['n = 0', (a, v) => call({ n: 0 }, a, v), /wasm jacobiSweeps: n must be an integer >= 1, got 0/],
    ['n = -3', (a, v) => call({ n: -3 }, a, v), /n must be an integer >= 1, got -3/],
    ['n = 2.5', (a, v) => call({ n: 2.5 }, a, v), /n must be an integer >= 1, got 2.5/],
    ['n = NaN', (a, v) => call({ n: NaN }, a, v), /n must be an integer >= 1, got NaN/],
    ['n² beyond i32', (a, v) => call({ n: 50000 }, a, v), /n = 50000 is too large/],
    ['sweeps = -1', (a, v) => call({ sweeps: -1 }, a, v), /sweeps must be a non-negative integer, got -1/],
    ['sweeps = 1.5', (a, v) => call({ sweeps: 1.5 }, a, v), /sweeps must be a non-negative integer, got 1.5/],
    ['a shorter than n²', (_a, v, short) => call({ a: short }, short, v), /a buffer #\d+ has 15 elements, the call needs 16/],
    ['v shorter than n²', (a, _v, short) => call({ v: short }, a, short), /v buffer #\d+ has 15 elements, the call needs 16/],
    ['a === v', (a) => call({}, a, a), /a and v must be different buffers, both are #\d+/],
  ];
  for (const [what, make, message] of cases) {
    it(`rejects ${what} and leaves a and v untouched`, async () => {
      const a0 = randomSymmetric(n, createRandom(3));
      const a = backend.upload(a0), v = backend.upload(identity(n)), short = backend.alloc(n * n - 1);
      let thrown: unknown;
      try {
        backend.run(make(a, v, short));
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(KanntkError);
      expect((thrown as Error).message).toMatch(message);
      expect(Array.from(await backend.read(a))).toEqual(Array.from(a0));
      expect(Array.from(await backend.read(v))).toEqual(Array.from(identity(n)));
      for (const b of [a, v, short]) backend.free(b);
    });
  }

  it('rejects freed buffers', () => {
    const a = backend.upload(identity(n)), v = backend.upload(identity(n));
    backend.free(v);
    expect(() => backend.run(call({}, a, v))).toThrow(KanntkError);
    expect(() => backend.run(call({}, a, v))).toThrow(/used after free/);
    backend.free(a);
  });
});
