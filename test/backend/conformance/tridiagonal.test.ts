// The 'tridiagonalize' and 'householderApply' kernels on every backend that
// runs them (the CPU core and the reference; a GPU backend refuses them and
// eigh takes Jacobi there): against the reference kernels, by independent
// checks of the factorization A = Q·T·Qᵀ, and as the first stage of an
// eigensolver on matrices with known spectra (which checks the reference too).
// They run in f64 only.
//
// Tolerances (why):
// - against the reference: 1e-12 × max|a| (and 1e-12 × max|z| for z). The
//   kernel sums the matrix-vector products in another order (lower-triangle
//   dot + axpy, f64x2 partial sums) and householderApply goes through blocked
//   products (compact WY), so results differ from the reference by rounding:
//   Householder reduction is backward stable and, for these well-separated
//   random matrices, forward differences stay at a few n·ε·max|a| (~1e-14 for
//   n = 33); any wrong index, sign or reflector gives O(max|a|) errors.
// - factorization: QᵀQ = I to 1e-13 and Q·T·Qᵀ = A to 1e-13·‖A‖_F, both
//   elementwise (a product of n − 2 reflections, each accurate to a few ε,
//   gives ~n·ε; measured ~1e-15 for n ≤ 150).
// - eigenvalues: Q·T·Qᵀ = A to ~n·ε·‖A‖ means the eigenvalues of T are those of
//   A to about the same absolute error (Weyl); Sturm bisection on T adds
//   ~n·ε·‖T‖. So the known λ of Q₀·diag(λ)·Q₀ᵀ are compared at 1e-13 × max|λ|.

import { it, expect, beforeAll } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import type { DeviceBuffer } from '../../../src/backend/buffer.js';
import type { KernelCall } from '../../../src/backend/kernels.js';
import { runReference } from '../../reference/kernels.js';
import { createRandom, type Random } from '../../helpers/random.js';
import { frobenius, identity, maxAbs, randomOrthogonal, randomSymmetric, withSpectrum } from '../../helpers/spectra.js';
import { describeBackends, expectKanntkError, type Subject } from './harness.js';

/** The backend of the describe block running now (blocks run one after another). */
let backend: Backend;
const runsIt = (s: Subject) => s.runs('tridiagonalize') && s.runs('householderApply');
/** Sets `backend` for the helpers below. */
function useBackend(s: Subject): void {
  beforeAll(() => {
    backend = s.backend;
  });
}

// ---------------------------------------------------------------- helpers

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    const d = Math.abs(g - w);
    if (!(d <= tol)) expect.fail(`${what}[${i}]: got ${g}, want ${w} (tol ${tol})`);
    worst = Math.max(worst, d);
  }
  return worst;
}

/** Runs tridiagonalize on the backend and on the reference (each on its own copies). */
async function tridiagonalizeBoth(a0: Float64Array, n: number, tauLength = n) {
  const tau0 = new Float64Array(tauLength).fill(-5); // stale values the kernel must overwrite
  const a = backend.upload(a0), tau = backend.upload(tau0);
  const call: KernelCall = { kind: 'tridiagonalize', a, tau, n };
  backend.run(call);
  const got = { a: await backend.read(a), tau: await backend.read(tau) };
  backend.free(a);
  backend.free(tau);
  const host = new Map<DeviceBuffer, Float64Array>([[a, Float64Array.from(a0)], [tau, Float64Array.from(tau0)]]);
  runReference(call, (buf) => host.get(buf)!);
  return { got, want: { a: host.get(a)!, tau: host.get(tau)! } };
}

/** Runs householderApply on the backend and on the reference with the same (a, tau, z). */
async function applyBoth(aR: Float64Array, tauR: Float64Array, z0: Float64Array, n: number, m: number) {
  const a = backend.upload(aR), tau = backend.upload(tauR), z = backend.upload(z0);
  const call: KernelCall = { kind: 'householderApply', a, tau, z, n, m };
  backend.run(call);
  const got = await backend.read(z);
  const aAfter = await backend.read(a), tauAfter = await backend.read(tau);
  [a, tau, z].forEach((b) => backend.free(b));
  const host = new Map<DeviceBuffer, Float64Array>([[a, Float64Array.from(aR)], [tau, Float64Array.from(tauR)], [z, Float64Array.from(z0)]]);
  runReference(call, (buf) => host.get(buf)!);
  // a and tau are read only
  expect(Array.from(aAfter)).toEqual(Array.from(aR));
  expect(Array.from(tauAfter)).toEqual(Array.from(tauR));
  return { got, want: host.get(z)! };
}

/** Tridiagonalizes on the backend, then forms Q = householderApply(identity); returns d, e, Q. */
async function factor(a0: Float64Array, n: number) {
  const a = backend.upload(a0), tau = backend.alloc(n), z = backend.upload(identity(n));
  backend.run({ kind: 'tridiagonalize', a, tau, n });
  backend.run({ kind: 'householderApply', a, tau, z, n, m: n });
  const out = await backend.read(a), Q = await backend.read(z), taus = await backend.read(tau);
  [a, tau, z].forEach((b) => backend.free(b));
  const d = Float64Array.from({ length: n }, (_, i) => out[i * n + i]);
  const e = Float64Array.from({ length: Math.max(0, n - 1) }, (_, i) => out[(i + 1) * n + i]);
  return { d, e, Q, tau: taus, out };
}

/** max |QᵀQ − I| and max |Q·T·Qᵀ − A| / ‖A‖_F for T = tridiag(e, d, e). */
function factorChecks(a0: Float64Array, n: number, d: Float64Array, e: Float64Array, Q: Float64Array) {
  const QT = new Float64Array(n * n); // Q·T
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      let s = Q[i * n + k] * d[k];
      if (k > 0) s += Q[i * n + k - 1] * e[k - 1];
      if (k < n - 1) s += Q[i * n + k + 1] * e[k];
      QT[i * n + k] = s;
    }
  }
  let orth = 0, recon = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let qtq = 0, qtqt = 0;
      for (let k = 0; k < n; k++) {
        qtq += Q[k * n + i] * Q[k * n + j];
        qtqt += QT[i * n + k] * Q[j * n + k];
      }
      orth = Math.max(orth, Math.abs(qtq - (i === j ? 1 : 0)));
      recon = Math.max(recon, Math.abs(qtqt - a0[i * n + j]));
    }
  }
  return { orth, recon: recon / (frobenius(a0) || 1) };
}

/** Number of eigenvalues of tridiag(e, d, e) below x (Sturm sequence / LDLᵀ inertia). */
function countBelow(d: Float64Array, e: Float64Array, x: number): number {
  let count = 0, q = 1;
  for (let i = 0; i < d.length; i++) {
    q = d[i] - x - (i > 0 ? (e[i - 1] * e[i - 1]) / q : 0);
    if (q === 0) q = -1e-300; // x is an eigenvalue of the leading block: perturb below it
    if (q < 0) count++;
  }
  return count;
}

/** All eigenvalues of tridiag(e, d, e), ascending, by bisection on Sturm counts. */
function sturmEigenvalues(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  let radius = 0;
  for (let i = 0; i < n; i++) radius = Math.max(radius, Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0));
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // the (k+1)-th smallest: the smallest x with countBelow(x) > k
    let lo = -radius - 1, hi = radius + 1;
    for (let it = 0; it < 200 && hi - lo > 2 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi)); it++) {
      const mid = (lo + hi) / 2;
      if (mid === lo || mid === hi) break;
      if (countBelow(d, e, mid) > k) hi = mid;
      else lo = mid;
    }
    out[k] = (lo + hi) / 2;
  }
  return out;
}

// ---------------------------------------------------------------- against the reference

describeBackends('tridiagonalize / householderApply against the reference', (s) => {
  useBackend(s);
  for (const n of [1, 2, 3, 5, 16, 33]) {
    it(`n = ${n}`, async () => {
      const rnd = createRandom(1000 + n);
      const a0 = randomSymmetric(n, rnd);
      const { got, want } = await tridiagonalizeBoth(a0, n);
      expectClose(got.a, want.a, 1e-12 * maxAbs(a0), 'a');
      expectClose(got.tau, want.tau, 1e-12, 'tau');
      for (let j = Math.max(0, n - 2); j < n; j++) expect(got.tau[j]).toBe(0);
      if (n <= 2) expect(Array.from(got.a)).toEqual(Array.from(a0)); // nothing to reduce
      // the back-transformation, on the reference's (a, tau): one column, a few, m = n
      for (const m of [1, 7, n]) {
        const z0 = rnd.array(n * m, -2, 2);
        const r = await applyBoth(want.a, want.tau, z0, n, m);
        expectClose(r.got, r.want, 1e-12 * maxAbs(r.want), `z (m = ${m})`);
        if (n <= 2) expect(Array.from(r.got)).toEqual(Array.from(z0)); // Q = I
      }
    });
  }

  it('n = 150: several reflector blocks of householderApply, ragged last block', async () => {
    // 148 reflectors = two full blocks of 64 and one of 20; m = 3 and 130 (odd/even column counts)
    const n = 150;
    const rnd = createRandom(150);
    const a0 = randomSymmetric(n, rnd).map((x) => 1e3 * x);
    const { got, want } = await tridiagonalizeBoth(a0, n);
    expectClose(got.a, want.a, 1e-12 * maxAbs(a0), 'a');
    expectClose(got.tau, want.tau, 1e-12, 'tau');
    for (const m of [3, 130]) {
      const z0 = rnd.array(n * m, -1, 1);
      const r = await applyBoth(got.a, got.tau, z0, n, m);
      expectClose(r.got, r.want, 1e-12 * maxAbs(r.want), `z (m = ${m})`);
    }
  });

  it('zero columns give tau = 0 (H = I): diagonal, block-diagonal and zero matrices', async () => {
    const n = 9;
    const rnd = createRandom(3);
    // diagonal: every column is already reduced
    const diag = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? k / (n + 1) - 4 : 0));
    const r1 = await tridiagonalizeBoth(diag, n);
    expect(Array.from(r1.got.tau)).toEqual(new Array(n).fill(0));
    expect(Array.from(r1.got.a)).toEqual(Array.from(diag));
    // zero matrix
    const r0 = await tridiagonalizeBoth(new Float64Array(n * n), n);
    expect(Array.from(r0.got.tau)).toEqual(new Array(n).fill(0));
    expect(maxAbs(r0.got.a)).toBe(0);
    // a block of 4 then a block of 5, and a zero column below the subdiagonal in the middle
    const a0 = randomSymmetric(n, rnd);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if ((i < 4) !== (j < 4)) a0[i * n + j] = 0;
    for (let i = 6; i < n; i++) a0[i * n + 4] = a0[4 * n + i] = 0;
    const r2 = await tridiagonalizeBoth(a0, n);
    expectClose(r2.got.a, r2.want.a, 1e-12 * maxAbs(a0), 'a');
    expectClose(r2.got.tau, r2.want.tau, 1e-12, 'tau');
    expect(r2.got.tau[3]).toBe(0); // column 3 below the subdiagonal: rows 5.. of the other block
    expect(r2.got.tau[4]).toBe(0);
    const { d, e, Q } = await factor(a0, n);
    const { orth, recon } = factorChecks(a0, n, d, e, Q);
    expect(orth).toBeLessThan(1e-13);
    expect(recon).toBeLessThan(1e-13);
  });

  it('scales: 2^±1000 × A gives 2^±1000 × T and the same reflectors (no overflow or underflow)', async () => {
    const n = 16;
    const a0 = randomSymmetric(n, createRandom(16));
    const base = await tridiagonalizeBoth(a0, n);
    for (const f of [2 ** -1000, 2 ** 1000]) {
      const { got, want } = await tridiagonalizeBoth(a0.map((x) => f * x), n);
      expectClose(got.tau, base.got.tau, 1e-13, `tau (×${f})`);
      expectClose(got.tau, want.tau, 1e-12, `tau vs reference (×${f})`);
      // T scales, the stored reflectors (below the subdiagonal) do not
      const unscaled = got.a.map((x, k) => (k % n >= Math.floor(k / n) - 1 ? x / f : x));
      expectClose(unscaled, base.got.a, 1e-13 * maxAbs(a0), `a (×${f})`);
    }
  });

  it('reads only the lower triangle, writes nothing above it or past n², overwrites all of tau', async () => {
    const n = 12;
    const rnd = createRandom(12);
    const sym = randomSymmetric(n, rnd);
    const tail = [NaN, 123, -7];
    // strict upper triangle: NaN (never read); a longer buffer: the tail stays
    const a0 = Float64Array.from([...sym.map((x, k) => (k % n > Math.floor(k / n) ? NaN : x)), ...tail]);
    const { got, want } = await tridiagonalizeBoth(a0, n, n + 2);
    const ref = await tridiagonalizeBoth(sym, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j > i) expect(got.a[i * n + j]).toBeNaN();
        else expect(Math.abs(got.a[i * n + j] - ref.got.a[i * n + j])).toBeLessThanOrEqual(0);
      }
    }
    expect(Array.from(got.a.subarray(n * n))).toEqual(tail);
    expectClose(got.a, want.a, 1e-12, 'a');
    // tau: all n entries written (zeros after n − 3), entries past n untouched
    expect(Array.from(got.tau.subarray(n - 2))).toEqual([0, 0, -5, -5]);
  });

  it('householderApply leaves z past n·m untouched and m = 0 is a no-op', async () => {
    const n = 10, m = 4;
    const rnd = createRandom(10);
    const { got } = await tridiagonalizeBoth(randomSymmetric(n, rnd), n);
    const z0 = Float64Array.from([...rnd.array(n * m), 9, 8]);
    const r = await applyBoth(got.a, got.tau, z0, n, m);
    expect(Array.from(r.got.subarray(n * m))).toEqual([9, 8]);
    expectClose(r.got, r.want, 1e-12 * maxAbs(r.want), 'z');
    const r0 = await applyBoth(got.a, got.tau, z0, n, 0);
    expect(Array.from(r0.got)).toEqual(Array.from(z0));
  });
}, (s) => runsIt(s) && !s.isReference);

// ---------------------------------------------------------------- independent checks

describeBackends('tridiagonalize: A = Q·T·Qᵀ with Q from householderApply', (s) => {
  useBackend(s);
  for (const n of [3, 4, 16, 64, 67, 150]) {
    it(`random symmetric n = ${n}`, async () => {
      const a0 = randomSymmetric(n, createRandom(77 + n)).map((x) => 10 * x);
      const { d, e, Q } = await factor(a0, n);
      const { orth, recon } = factorChecks(a0, n, d, e, Q);
      console.log(`n=${n}: max|QᵀQ−I| ${orth.toExponential(1)}, max|QTQᵀ−A|/‖A‖_F ${recon.toExponential(1)}`);
      expect(orth).toBeLessThan(1e-13);
      expect(recon).toBeLessThan(1e-13);
      // invariants of T: trace and Frobenius norm
      const tr0 = a0.reduce((acc, x, k) => (k % (n + 1) === 0 ? acc + x : acc), 0);
      expect(Math.abs(d.reduce((acc, x) => acc + x, 0) - tr0)).toBeLessThan(1e-13 * n * frobenius(a0));
      const fro = Math.sqrt(d.reduce((acc, x) => acc + x * x, 0) + 2 * e.reduce((acc, x) => acc + x * x, 0));
      expect(Math.abs(fro - frobenius(a0))).toBeLessThan(1e-13 * frobenius(a0));
    });
  }
}, runsIt);

describeBackends('tridiagonalize: eigenvalues of T match a known spectrum (n = 64)', (s) => {
  useBackend(s);
  const n = 64;
  const spectra: Array<[string, (rnd: Random) => number[]]> = [
    ['uniform in [−5, 5]', (rnd) => Array.from({ length: n }, () => rnd.uniform(-5, 5))],
    ['repeated eigenvalues', (rnd) => Array.from({ length: n }, (_, i) => (i < 16 ? 3 : i < 32 ? -2 : i < 44 ? 0.5 : rnd.uniform(-4, 4)))],
    ['clusters 1 and 1 + 1e-10', (rnd) => Array.from({ length: n }, (_, i) => (i < 20 ? 1 : i < 40 ? 1 + 1e-10 : rnd.uniform(-1, 2)))],
    ['geometric 1 … 1e-12 (SPD, cond 1e12)', () => Array.from({ length: n }, (_, i) => 10 ** ((-12 * i) / (n - 1)))],
  ];
  for (const [name, make] of spectra) {
    it(name, async () => {
      const rnd = createRandom(name.length + 500);
      const lambda = make(rnd);
      const a0 = withSpectrum(lambda, randomOrthogonal(n, rnd));
      const { d, e, Q } = await factor(a0, n);
      const got = sturmEigenvalues(d, e);
      const want = Float64Array.from(lambda).sort();
      const scale = maxAbs(want);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / scale);
      const { orth, recon } = factorChecks(a0, n, d, e, Q);
      console.log(`${name}: max|λ(T) − λ|/max|λ| ${worst.toExponential(1)}, max|QᵀQ−I| ${orth.toExponential(1)}, max|QTQᵀ−A|/‖A‖_F ${recon.toExponential(1)}`);
      expect(worst).toBeLessThan(1e-13);
      expect(orth).toBeLessThan(1e-13);
      expect(recon).toBeLessThan(1e-13);
    });
  }
}, runsIt);


describeBackends('tridiagonalize / householderApply are refused cleanly', (s) => {
  it('supports() says no, and a call is refused with a message naming the way out', () => {
    const b = s.backend;
    expect(b.supports('tridiagonalize')).toBe(false);
    expect(b.supports('householderApply')).toBe(false);
    const a = b.alloc(16), tau = b.alloc(4), z = b.alloc(16);
    expectKanntkError(() => b.run({ kind: 'tridiagonalize', a, tau, n: 4 }), new RegExp(`tridiagonalize: the ${s.name} backend does not run this kernel`));
    expectKanntkError(() => b.run({ kind: 'householderApply', a, tau, z, n: 4, m: 4 }), /householderApply: the .* backend does not run this kernel/);
    [a, tau, z].forEach((buf) => b.free(buf));
  });
}, (s) => !runsIt(s));
