// Element-wise kernels (unary, binary, fill) on every backend against the
// reference, on seeded random inputs, broadcast and transposed layouts, ranks 0
// to MAX_RANK, in-place calls and the elements past n.
//
// Tolerances (why):
// - f64: 1e-13 relative. Arithmetic is IEEE-exact on both sides; exp/log/sin/…
//   come from AssemblyScript's musl ports in the core and V8's fdlibm ports in
//   the reference, each within ~1 ulp, so they may differ by a few ulps.
// - f32: inputs are rounded to f32 before the reference sees them, so the
//   difference is the kernel's f32 arithmetic: one rounding (2^-24 ≈ 6e-8) for
//   add, mul, square, …: 1e-6 relative; exp, log, sin, cos, tanh, sigmoid, silu:
//   1e-5 relative + 1e-6 absolute (WGSL allows several ulp for exp/log, and log's
//   error near its zero at 1 is absolute).
// - f32 inputs stay where each function is well conditioned in f32 (no IEEE
//   specials, no division by zero: WGSL leaves non-finite results undefined).

import { it, expect } from 'vitest';
import { UNARY_FNS, BINARY_FNS, MAX_RANK, sizeOf, type UnaryFn } from '../../../src/backend/kernels.js';
import { createRandom } from '../../helpers/random.js';
import { describeBackends, notReference, runBoth, expectClose, expectExact, type Subject } from './harness.js';

const SPECIALS = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 1e-300, -1e300];
const TRANSCENDENTAL: ReadonlySet<UnaryFn> = new Set(['exp', 'log', 'sin', 'cos', 'tanh', 'sigmoid', 'silu']);

/** f64: inputs across each function's domain with the IEEE specials appended. */
function unaryInputsF64(fn: UnaryFn, n: number, seed: number): Float64Array {
  const rnd = createRandom(seed);
  const data = new Float64Array(n + SPECIALS.length);
  for (let i = 0; i < n; i++) {
    switch (fn) {
      case 'log': case 'sqrt': data[i] = rnd.uniform(1e-6, 50); break;
      case 'exp': case 'sigmoid': case 'silu': case 'tanh': data[i] = rnd.uniform(-40, 40); break;
      case 'recip': data[i] = (rnd.next() < 0.5 ? -1 : 1) * rnd.uniform(1e-3, 1e3); break;
      default: data[i] = rnd.uniform(-8, 8);
    }
  }
  data.set(SPECIALS, n);
  return data;
}

/** f32: inputs where each function is defined and well conditioned enough for an f32 comparison. */
function unaryInputsF32(fn: UnaryFn, n: number, seed: number): Float64Array {
  const rnd = createRandom(seed);
  switch (fn) {
    case 'log': case 'sqrt': return rnd.array(n, 0.05, 5);
    case 'recip': return rnd.array(n, 0.25, 3).map((v, i) => (i % 2 ? -v : v));
    case 'powi': return rnd.array(n, 0.3, 1.8).map((v, i) => (i % 3 ? v : -v));
    default: {
      // signs, small arguments, saturation
      return Float64Array.from([...rnd.array(n, -4, 4), 0, -0.5, 0.5, 1e-3, -1e-3, 20, -20, 30, -30]);
    }
  }
}

const unaryTolerance = (s: Subject, fn: UnaryFn) =>
  s.pick({ rel: 1e-13 }, TRANSCENDENTAL.has(fn) ? { rel: 1e-5, abs: 1e-6 } : { rel: 1e-6 });

describeBackends('unary', (s) => {
  for (const fn of UNARY_FNS) {
    for (const param of fn === 'powi' ? [-3, 0, 1, 2, 5] : [0]) {
      it(`${fn}${fn === 'powi' ? ` ^${param}` : ''} (odd length${s.precision === 'f64' ? ', IEEE specials' : ''})`, async () => {
        const seed = 11 + UNARY_FNS.indexOf(fn) + param;
        const x = s.pick(unaryInputsF64, unaryInputsF32)(fn, 1037, seed);
        const { got, want } = await runBoth(s, { x, out: new Float64Array(x.length) }, (b) => ({
          kind: 'unary', fn, x: b.x, out: b.out, n: x.length, param,
        }));
        expectClose(`unary ${fn}`, got, want, unaryTolerance(s, fn));
      });
    }
  }

  it('runs in place and leaves elements past n alone', async () => {
    const x = createRandom(3).array(21, -3, 3);
    const { got, want } = await runBoth(s, { x }, (b) => ({ kind: 'unary', fn: 'relu', x: b.x, out: b.x, n: 17, param: 0 }));
    expectExact('relu in place', got, want);
  });

  if (s.precision === 'f64') {
    // f32 storage turns 1e-320 into 0, and GPUs may flush the sign of a zero: an f64 property
    it('keeps the sign of zero where the reference does', async () => {
      const x = [0, -0, 1e-320, -1e-320];
      for (const fn of ['neg', 'relu', 'abs', 'sin', 'tanh', 'sqrt', 'square'] as const) {
        const { got, want } = await runBoth(s, { x, out: [9, 9, 9, 9] }, (b) => ({ kind: 'unary', fn, x: b.x, out: b.out, n: 4, param: 0 }));
        for (let i = 0; i < 4; i++) expect(Object.is(got[i], want[i]), `${fn}(${x[i]}): ${got[i]} vs ${want[i]}`).toBe(true);
      }
    });
  }

  it('more than 65535 workgroups of 64 elements (a 2-D dispatch on a GPU)', async () => {
    const n = 65536 * 64 + 100;
    const x = Float64Array.from({ length: n }, (_, i) => i % 1000);
    const { got, want } = await runBoth(s, { x, out: new Float64Array(n) }, (b) => ({ kind: 'unary', fn: 'neg', x: b.x, out: b.out, n, param: 0 }));
    expectExact('neg', got, want);
  });
}, notReference);

describeBackends('binary', (s) => {
  const rnd = createRandom(101);
  const cases: { name: string; outShape: number[]; aShape: number[]; aStrides: number[]; bShape: number[]; bStrides: number[] }[] = [
    { name: 'same shape, odd length', outShape: [1001], aShape: [1001], aStrides: [1], bShape: [1001], bStrides: [1] },
    { name: 'row broadcast (zero stride on b)', outShape: [13, 31], aShape: [13, 31], aStrides: [31, 1], bShape: [31], bStrides: [0, 1] },
    { name: 'column broadcast (zero inner stride)', outShape: [13, 31], aShape: [13, 31], aStrides: [31, 1], bShape: [13], bStrides: [1, 0] },
    { name: 'outer product [5,1,7]·[1,6,7]', outShape: [5, 6, 7], aShape: [5, 7], aStrides: [7, 0, 1], bShape: [6, 7], bStrides: [0, 7, 1] },
    { name: 'scalar a', outShape: [4, 9], aShape: [1], aStrides: [0, 0], bShape: [4, 9], bStrides: [9, 1] },
    { name: 'transposed a', outShape: [11, 7], aShape: [7, 11], aStrides: [1, 11], bShape: [11, 7], bStrides: [7, 1] },
    { name: `rank ${MAX_RANK} with extent-1 dims`, outShape: [2, 1, 3, 2, 1, 5], aShape: [60], aStrides: [30, 30, 10, 5, 5, 1], bShape: [2, 5], bStrides: [5, 0, 0, 0, 0, 1] },
    { name: 'rank 0', outShape: [], aShape: [1], aStrides: [], bShape: [1], bStrides: [] },
    { name: 'empty', outShape: [3, 0], aShape: [1], aStrides: [0, 0], bShape: [1], bStrides: [0, 0] },
  ];
  for (const fn of BINARY_FNS) {
    for (const c of cases) {
      it(`${fn}: ${c.name}`, async () => {
        const a = rnd.array(sizeOf(c.aShape), -4, 4);
        // f64: x/0 = ±Inf (or NaN) on both sides; f32 keeps the divisor away from 0
        const b = fn === 'div' && s.precision === 'f32'
          ? rnd.array(sizeOf(c.bShape), 0.5, 4).map((v, i) => (i % 2 ? -v : v))
          : rnd.array(sizeOf(c.bShape), -4, 4);
        if (fn === 'div' && s.precision === 'f64') b[0] = 0;
        const size = sizeOf(c.outShape);
        const { got, want } = await runBoth(s, { a, b, out: new Float64Array(Math.max(size, 1)).fill(7) }, (bf) => ({
          kind: 'binary', fn, a: bf.a, b: bf.b, out: bf.out, outShape: c.outShape, aStrides: c.aStrides, bStrides: c.bStrides,
        }));
        expectClose(`${fn} ${c.name}`, got, want, { rel: s.pick(1e-13, 1e-6) });
      });
    }
  }

  it('multiplies in place on long vectors with an odd tail', async () => {
    const n = 100_003;
    const a = createRandom(5).array(n), b = createRandom(6).array(n);
    const { got, want } = await runBoth(s, { a, b }, (bf) => ({
      kind: 'binary', fn: 'mul', a: bf.a, b: bf.b, out: bf.a, outShape: [n], aStrides: [1], bStrides: [1],
    }));
    expectClose('mul in place', got, want, { rel: s.pick(0, 1e-6) });
  });
}, notReference);

describeBackends('fill', (s) => {
  it('fills the first n elements (odd n) and leaves the rest', async () => {
    // NaN and infinities are stored as such in f32 too
    for (const value of [0, -0, 2.5, -Infinity, NaN]) {
      const { got, want } = await runBoth(s, { out: createRandom(1).array(40) }, (b) => ({ kind: 'fill', out: b.out, n: 37, value }));
      for (let i = 0; i < 40; i++) expect(Object.is(got[i], want[i]), `[${i}] ${got[i]} vs ${want[i]}`).toBe(true);
    }
  });
}, notReference);
