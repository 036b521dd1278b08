// The wasm backend against the plain-TypeScript reference (test/reference/kernels.ts):
// every kernel kind and every unary/binary/reduce function on seeded random
// inputs, the awkward layouts (broadcast, transposed, offsets, repeated
// indices), B-spline edge points and the fixture values, SIMD tails, memory
// accounting and the misuse errors.
//
// Tolerances (why):
// - element-wise (unary, binary): 1e-13 relative. Arithmetic is IEEE-exact on
//   both sides; exp/log/sin/… come from AssemblyScript's musl ports here and
//   V8's fdlibm ports in the reference, each within ~1 ulp, so they may differ
//   by a few ulps (≈1e-15 relative). 1e-13 leaves margin without hiding bugs.
// - matmul: 1e-13 × Σ_k |a||b| per entry, the scale of the rounding error of
//   any summation order (ours keeps the reference order, so it is exact today).
// - sum: 1e-13 × Σ|x| over the reduced group (the SIMD row sum uses 4 partial
//   sums); max is exact.
// - copy, gather, scatterAdd, fill: exact (data movement; scatter adds in the
//   reference order).
// - bspline: 1e-13 × the largest |value| of the call (same operation order as
//   the reference); against the JAX fixture 1e-12 × max, as in bspline.test.ts.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import type { Backend } from '../../src/backend/backend.js';
import { DeviceBuffer } from '../../src/backend/buffer.js';
import {
  UNARY_FNS, BINARY_FNS, REDUCE_FNS, MAX_RANK, buffersOf, contiguousStrides, sizeOf,
  type KernelCall, type UnaryFn,
} from '../../src/backend/kernels.js';
import { KanntkError } from '../../src/errors.js';
import { runReference } from '../reference/kernels.js';
import { createRandom } from '../helpers/random.js';
import { loadFixture } from '../helpers/fixtures.js';

const ELEMENTWISE_TOL = 1e-13;
const SUM_TOL = 1e-13;
const BSPLINE_TOL = 1e-13;
const FIXTURE_TOL = 1e-12;

let backend: Backend;
beforeAll(async () => {
  backend = await createWasmBackend();
});
afterAll(() => backend.dispose());

type Arrays = Record<string, ArrayLike<number>>;
type Buffers = Record<string, DeviceBuffer>;

interface Outcome {
  got: Float64Array;
  want: Float64Array;
  /** Reference memory, to rerun the call on other data (e.g. |a|, |b| for error scales). */
  host: Map<DeviceBuffer, Float64Array>;
  bufs: Buffers;
}

/**
 * Uploads `arrays`, builds the call, runs it on the backend and on the reference
 * (each with its own copy of every array, `out` included so untouched elements
 * are compared too) and returns both results of the written buffer.
 */
async function runBoth(arrays: Arrays, make: (b: Buffers) => KernelCall, keep = false): Promise<Outcome> {
  const bufs: Buffers = {};
  const host = new Map<DeviceBuffer, Float64Array>();
  for (const [name, data] of Object.entries(arrays)) {
    bufs[name] = backend.upload(data);
    host.set(bufs[name], Float64Array.from(data));
  }
  const call = make(bufs);
  backend.run(call);
  runReference(call, (buf) => host.get(buf)!);
  const { write } = buffersOf(call);
  const got = await backend.read(write);
  if (!keep) for (const buf of Object.values(bufs)) backend.free(buf);
  return { got, want: host.get(write)!, host, bufs };
}

/** Same NaN-ness, same infinities, otherwise |got − want| ≤ tol·scale[i]. */
function expectClose(got: Float64Array, want: Float64Array, tol: number, scale: (i: number) => number, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w)) expect.fail(`${what}[${i}]: got ${g}, want ${w}`);
      continue;
    }
    if (!(Math.abs(g - w) <= tol * scale(i))) expect.fail(`${what}[${i}]: got ${g}, want ${w} (tol ${tol * scale(i)})`);
  }
}

const relative = (want: Float64Array) => (i: number) => Math.max(Math.abs(want[i]), Number.MIN_VALUE);

function expectExact(got: Float64Array, want: Float64Array, what: string): void {
  expectClose(got, want, 0, () => 1, what);
}

const SPECIALS = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 1e-300, -1e300];

/** Inputs in each function's domain, with the IEEE specials appended. */
function unaryInputs(fn: UnaryFn, n: number, seed: number): Float64Array {
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

describe('wasm backend: info', () => {
  it('describes itself as f64 WebAssembly', () => {
    expect(backend.info).toEqual({ name: 'wasm', precision: 'f64', device: 'WebAssembly (f64, SIMD)' });
  });
});

describe('wasm unary', () => {
  for (const fn of UNARY_FNS) {
    const params = fn === 'powi' ? [-3, 0, 1, 2, 5] : [0];
    for (const param of params) {
      it(`${fn}${fn === 'powi' ? ` ^${param}` : ''} (odd length, specials)`, async () => {
        const x = unaryInputs(fn, 1037, 11 + UNARY_FNS.indexOf(fn));
        const { got, want } = await runBoth({ x, out: new Float64Array(x.length) }, (b) => ({
          kind: 'unary', fn, x: b.x, out: b.out, n: x.length, param,
        }));
        expectClose(got, want, ELEMENTWISE_TOL, relative(want), fn);
      });
    }
  }

  it('runs in place and leaves elements past n alone', async () => {
    const x = createRandom(3).array(21, -3, 3);
    const { got, want } = await runBoth({ x }, (b) => ({ kind: 'unary', fn: 'relu', x: b.x, out: b.x, n: 17, param: 0 }));
    expectExact(got, want, 'relu in place');
  });

  it('keeps the sign of zero where the reference does', async () => {
    const x = [0, -0, 1e-320, -1e-320];
    for (const fn of ['neg', 'relu', 'abs', 'sin', 'tanh', 'sqrt', 'square'] as const) {
      const { got, want } = await runBoth({ x, out: [9, 9, 9, 9] }, (b) => ({ kind: 'unary', fn, x: b.x, out: b.out, n: 4, param: 0 }));
      for (let i = 0; i < 4; i++) expect(Object.is(got[i], want[i]), `${fn}(${x[i]}): ${got[i]} vs ${want[i]}`).toBe(true);
    }
  });
});

describe('wasm binary', () => {
  const rnd = createRandom(101);
  const cases: { name: string; outShape: number[]; aShape: number[]; aStrides: number[]; bShape: number[]; bStrides: number[] }[] = [
    { name: 'same shape, odd length', outShape: [1001], aShape: [1001], aStrides: [1], bShape: [1001], bStrides: [1] },
    { name: 'row broadcast (zero stride on b)', outShape: [13, 31], aShape: [13, 31], aStrides: [31, 1], bShape: [31], bStrides: [0, 1] },
    { name: 'column broadcast (zero inner stride)', outShape: [13, 31], aShape: [13, 31], aStrides: [31, 1], bShape: [13], bStrides: [1, 0] },
    { name: 'outer product [5,1,7]·[1,6,7]', outShape: [5, 6, 7], aShape: [5, 7], aStrides: [7, 0, 1], bShape: [6, 7], bStrides: [0, 7, 1] },
    { name: 'scalar a', outShape: [4, 9], aShape: [1], aStrides: [0, 0], bShape: [4, 9], bStrides: [9, 1] },
    { name: 'transposed a', outShape: [11, 7], aShape: [7, 11], aStrides: [1, 11], bShape: [11, 7], bStrides: [7, 1] },
    { name: 'rank 6 with extent-1 dims', outShape: [2, 1, 3, 2, 1, 5], aShape: [60], aStrides: [30, 30, 10, 5, 5, 1], bShape: [2, 5], bStrides: [5, 0, 0, 0, 0, 1] },
    { name: 'rank 0', outShape: [], aShape: [1], aStrides: [], bShape: [1], bStrides: [] },
    { name: 'empty', outShape: [3, 0], aShape: [1], aStrides: [0, 0], bShape: [1], bStrides: [0, 0] },
  ];
  for (const fn of BINARY_FNS) {
    for (const c of cases) {
      it(`${fn}: ${c.name}`, async () => {
        const a = rnd.array(sizeOf(c.aShape), -4, 4);
        const b = rnd.array(sizeOf(c.bShape), -4, 4);
        if (fn === 'div') b[0] = 0; // x/0 = ±Inf (or NaN) on both sides
        const size = sizeOf(c.outShape);
        const { got, want } = await runBoth({ a, b, out: new Float64Array(Math.max(size, 1)).fill(7) }, (bf) => ({
          kind: 'binary', fn, a: bf.a, b: bf.b, out: bf.out, outShape: c.outShape, aStrides: c.aStrides, bStrides: c.bStrides,
        }));
        expectClose(got, want, ELEMENTWISE_TOL, relative(want), `${fn} ${c.name}`);
      });
    }
  }

  it('adds in place on long vectors with an odd tail', async () => {
    const n = 100_003;
    const a = createRandom(5).array(n), b = createRandom(6).array(n);
    const { got, want } = await runBoth({ a, b }, (bf) => ({
      kind: 'binary', fn: 'mul', a: bf.a, b: bf.b, out: bf.a, outShape: [n], aStrides: [1], bStrides: [1],
    }));
    expectExact(got, want, 'mul in place');
  });
});

describe('wasm reduce', () => {
  const shape = [3, 4, 5, 6];
  const axesCases = [
    [1, 0, 1, 0], // non-adjacent axes, last kept
    [0, 1, 0, 1], // non-adjacent axes, last reduced
    [1, 1, 1, 1], // all axes
    [0, 0, 0, 0], // none
    [0, 1, 1, 0], // adjacent middle axes (merged)
    [1, 0, 0, 0], // leading axis
  ];
  for (const fn of REDUCE_FNS) {
    for (const reduceAxes of axesCases) {
      it(`${fn} over [${reduceAxes}] of [${shape}]`, async () => {
        await checkReduce(fn, shape, reduceAxes, 200 + reduceAxes.join('').length);
      });
    }
    it(`${fn} of long odd rows and columns (SIMD tails)`, async () => {
      await checkReduce(fn, [3, 100_003], [0, 1], 7);
      await checkReduce(fn, [1001, 3], [1, 0], 8);
      await checkReduce(fn, [2, 3, 5, 7, 3, 9], [1, 0, 1, 0, 1, 0], 9);
    });
    it(`${fn} of a scalar and of an empty kept axis`, async () => {
      await checkReduce(fn, [], [], 10);
      await checkReduce(fn, [0, 4], [1, 0], 11);
    });
  }

  async function checkReduce(fn: 'sum' | 'max', inShape: number[], reduceAxes: number[], seed: number): Promise<void> {
    const x = createRandom(seed).array(sizeOf(inShape), -10, 10);
    const outSize = sizeOf(inShape.filter((_, d) => !reduceAxes[d]));
    const { got, want, host, bufs } = await runBoth({ x, out: new Float64Array(outSize).fill(123) }, (b) => ({
      kind: 'reduce', fn, x: b.x, out: b.out, inShape, reduceAxes,
    }), true);
    // error scale of a sum: the same reduction of |x|
    const absX = host.get(bufs.x)!.map(Math.abs);
    const scale = new Float64Array(outSize);
    runReference({ kind: 'reduce', fn: 'sum', x: bufs.x, out: bufs.out, inShape, reduceAxes }, (buf) => (buf === bufs.x ? absX : scale));
    for (const buf of Object.values(bufs)) backend.free(buf);
    if (fn === 'max') expectExact(got, want, 'max');
    else expectClose(got, want, SUM_TOL, (i) => Math.max(scale[i], Number.MIN_VALUE), 'sum');
  }
});

describe('wasm matmul', () => {
  interface MatmulCase { name: string; batch: number; m: number; k: number; n: number; transA?: boolean; transB?: boolean; shareB?: boolean }
  const cases: MatmulCase[] = [
    { name: 'small', batch: 1, m: 3, k: 5, n: 7 },
    { name: 'vector × matrix', batch: 1, m: 1, k: 33, n: 9 },
    { name: 'blocked, ragged edges, k > KC', batch: 1, m: 67, k: 300, n: 70 }, // 300 > KC = 128: three depth blocks
    { name: 'blocked, n > NC', batch: 1, m: 9, k: 20, n: 1029 },
    { name: 'transposed A and B', batch: 1, m: 45, k: 37, n: 29, transA: true, transB: true },
    { name: 'transposed A, small', batch: 2, m: 3, k: 4, n: 5, transA: true },
    { name: 'batch with B batch stride 0', batch: 3, m: 21, k: 40, n: 19, shareB: true },
    { name: 'batch, transposed B, stride 0', batch: 4, m: 2, k: 6, n: 3, transB: true, shareB: true },
    { name: 'k = 0 gives zeros', batch: 2, m: 3, k: 0, n: 4 },
    { name: 'm = 0 writes nothing', batch: 2, m: 0, k: 3, n: 4 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const rnd = createRandom(c.m * 1000 + c.k * 10 + c.n);
      const a = rnd.array(c.batch * c.m * c.k, -2, 2);
      const b = rnd.array((c.shareB ? 1 : c.batch) * c.k * c.n, -2, 2);
      const aStrides: [number, number, number] = c.transA ? [c.m * c.k, 1, c.m] : [c.m * c.k, c.k, 1];
      const bStrides: [number, number, number] = c.transB ? [c.k * c.n, 1, c.k] : [c.k * c.n, c.n, 1];
      if (c.shareB) bStrides[0] = 0;
      const outLen = Math.max(1, c.batch * c.m * c.n);
      const { got, want, bufs } = await runBoth({ a, b, out: new Float64Array(outLen).fill(5) }, (bf) => ({
        kind: 'matmul', a: bf.a, b: bf.b, out: bf.out, batch: c.batch, m: c.m, k: c.k, n: c.n, aStrides, bStrides,
      }), true);
      // error scale Σ_k |a||b|: the same product of the absolute values
      const absA = a.map(Math.abs), absB = b.map(Math.abs);
      const scale = new Float64Array(outLen).fill(5);
      runReference(
        { kind: 'matmul', a: bufs.a, b: bufs.b, out: bufs.out, batch: c.batch, m: c.m, k: c.k, n: c.n, aStrides, bStrides },
        (buf) => (buf === bufs.a ? absA : buf === bufs.b ? absB : scale),
      );
      for (const buf of Object.values(bufs)) backend.free(buf);
      expectClose(got, want, ELEMENTWISE_TOL, (i) => Math.max(scale[i], Number.MIN_VALUE), c.name);
    });
  }
});

describe('wasm copy', () => {
  const rnd = createRandom(77);
  it('transposes', async () => {
    const x = rnd.array(37 * 41);
    const { got, want } = await runBoth({ x, out: new Float64Array(37 * 41) }, (b) => ({
      kind: 'copy', x: b.x, out: b.out, shape: [41, 37], xStrides: [1, 41], xOffset: 0, outStrides: [37, 1], outOffset: 0,
    }));
    expectExact(got, want, 'transpose');
  });

  it('slices with an offset', async () => {
    const x = rnd.array(10 * 12);
    const { got, want } = await runBoth({ x, out: new Float64Array(20) }, (b) => ({
      kind: 'copy', x: b.x, out: b.out, shape: [4, 5], xStrides: [12, 1], xOffset: 2 * 12 + 3, outStrides: [5, 1], outOffset: 0,
    }));
    expectExact(got, want, 'slice');
  });

  it('concatenates parts into one buffer, leaving the rest untouched', async () => {
    const p = rnd.array(3 * 5), q = rnd.array(4 * 5), r = rnd.array(7 * 2);
    const out = backend.upload(rnd.array(7 * 8));
    const host = new Map<DeviceBuffer, Float64Array>([[out, Float64Array.from(await backend.read(out))]]);
    // out is [7, 8]: p → rows 0..3 × cols 0..5, q → rows 3..7 × cols 0..5, r → cols 5..7 of every row
    const parts: [Float64Array, number[], number[], number][] = [
      [p, [3, 5], [5, 1], 0], [q, [4, 5], [5, 1], 3 * 8], [r, [7, 2], [2, 1], 5],
    ];
    for (const [data, shape, xStrides, outOffset] of parts) {
      const x = backend.upload(data);
      host.set(x, data);
      const call: KernelCall = { kind: 'copy', x, out, shape, xStrides, xOffset: 0, outStrides: [8, 1], outOffset };
      backend.run(call);
      runReference(call, (buf) => host.get(buf)!);
      backend.free(x);
    }
    expectExact(await backend.read(out), host.get(out)!, 'concat');
    backend.free(out);
  });

  it('broadcasts, reverses and copies long contiguous runs', async () => {
    const x = rnd.array(1001);
    for (const [shape, xStrides, xOffset] of [
      [[6, 1001], [0, 1], 0], // broadcast-to
      [[1001], [-1], 1000], // negative stride, reversed
      [[2, 3, 7], [0, 7, 1], 500], // rank 3 broadcast from an offset
    ] as [number[], number[], number][]) {
      const n = sizeOf(shape);
      const { got, want } = await runBoth({ x, out: new Float64Array(n) }, (b) => ({
        kind: 'copy', x: b.x, out: b.out, shape, xStrides, xOffset, outStrides: contiguousStrides(shape), outOffset: 0,
      }));
      expectExact(got, want, `copy [${shape}]`);
    }
  });
});

describe('wasm gather / scatterAdd', () => {
  const rnd = createRandom(31);
  const idx = [6, 0, 6, 2, 2, 2, 5, 0];
  for (const [outer, axisLen, inner] of [[3, 7, 5], [2, 7, 1], [1, 7, 8], [4, 7, 3]]) {
    it(`gather [${outer}, ${axisLen}, ${inner}] with repeated indices`, async () => {
      const x = rnd.array(outer * axisLen * inner);
      const { got, want } = await runBoth({ x, idx, out: new Float64Array(outer * idx.length * inner) }, (b) => ({
        kind: 'gather', x: b.x, idx: b.idx, out: b.out, outer, axisLen, inner, nIdx: idx.length,
      }));
      expectExact(got, want, 'gather');
    });
    it(`scatterAdd [${outer}, ${axisLen}, ${inner}] with repeated indices`, async () => {
      const g = rnd.array(outer * idx.length * inner);
      const { got, want } = await runBoth({ g, idx, out: rnd.array(outer * axisLen * inner) }, (b) => ({
        kind: 'scatterAdd', g: b.g, idx: b.idx, out: b.out, outer, axisLen, inner, nIdx: idx.length,
      }));
      expectExact(got, want, 'scatterAdd');
    });
  }
});

describe('wasm fill', () => {
  it('fills the first n elements (odd n) and leaves the rest', async () => {
    for (const value of [0, -0, 2.5, -Infinity, NaN]) {
      const { got, want } = await runBoth({ out: createRandom(1).array(40) }, (b) => ({ kind: 'fill', out: b.out, n: 37, value }));
      for (let i = 0; i < 40; i++) expect(Object.is(got[i], want[i])).toBe(true);
    }
  });
});

describe('wasm bspline', () => {
  const fx = loadFixture('spline_basis.json');
  const below = (v: number) => {
    // the largest double below v (v finite, non-zero or zero)
    const view = new DataView(new ArrayBuffer(8));
    if (v === 0) return -Number.MIN_VALUE;
    view.setFloat64(0, v);
    const bits = view.getBigUint64(0);
    view.setBigUint64(0, v > 0 ? bits - 1n : bits + 1n);
    return view.getFloat64(0);
  };

  for (const k of [1, 2, 3]) {
    const c = fx.cases.find((cs: { k: number; G: number }) => cs.k === k && cs.G === 5) ?? fx.cases.find((cs: { k: number }) => cs.k === k);
    const knots: number[] = c.knots.data;
    for (let deriv = 0; deriv <= 3; deriv++) {
      it(`k=${k} deriv=${deriv}: knots, one ulp below, outside, right edge`, async () => {
        const rnd = createRandom(k * 10 + deriv);
        const t0 = knots[0], tLast = knots[knots.length - 1];
        const pts = [
          ...knots, ...knots.map(below),
          t0 - 1, tLast + 1, tLast, below(tLast), -1e300, 1e300,
          ...Array.from({ length: 9 }, () => rnd.uniform(t0, tLast)),
        ];
        // two inputs: row 0 the fixture knots, row 1 the same knots stretched and shifted
        const nIn = 2;
        const grid = [...knots, ...knots.map((t) => 2 * t + 0.5)];
        const x = pts.flatMap((p) => [p, 2 * p + 0.5]);
        const nPoints = pts.length;
        const nBasis = knots.length - 1 - k;
        const { got, want } = await runBoth({ x, grid, out: new Float64Array(nPoints * nIn * nBasis).fill(3) }, (b) => ({
          kind: 'bspline', x: b.x, grid: b.grid, out: b.out, nPoints, nIn, nKnots: knots.length, k, deriv,
        }));
        const scale = Math.max(1, ...want.map(Math.abs));
        expectClose(got, want, BSPLINE_TOL, () => scale, `bspline k=${k} d=${deriv}`);
        if (deriv > k) expect(got.every((v) => v === 0)).toBe(true);
      });
    }
  }

  for (const c of fx.cases) {
    it(`matches the fixture: k=${c.k} G=${c.G} (B, dB, d2B)`, async () => {
      const x = backend.upload(c.x.data);
      const grid = backend.upload(c.knots.data);
      const nPoints = c.x.data.length, nBasis = c.n_basis;
      for (const [deriv, key] of [[0, 'B'], [1, 'dB'], [2, 'd2B']] as const) {
        const out = backend.alloc(nPoints * nBasis);
        backend.run({ kind: 'bspline', x, grid, out, nPoints, nIn: 1, nKnots: c.knots.data.length, k: c.k, deriv });
        const got = await backend.read(out);
        const want = Float64Array.from(c[key].data as number[]);
        const scale = Math.max(1, ...want.map(Math.abs));
        expectClose(got, want, FIXTURE_TOL, () => scale, `${key} k=${c.k} G=${c.G}`);
        backend.free(out);
      }
      backend.free(x);
      backend.free(grid);
    });
  }
});

describe('wasm memory', () => {
  it('returns to the baseline after free and reuses pooled ranges', async () => {
    const base = backend.stats();
    const sizes = [1, 7, 100, 1000, 4097, 65_536];
    const bufs = sizes.map((n) => backend.alloc(n));
    const during = backend.stats();
    expect(during.liveBuffers).toBe(base.liveBuffers + sizes.length);
    expect(during.liveBytes).toBeGreaterThanOrEqual(base.liveBytes + 8 * sizes.reduce((a, b) => a + b, 0));
    for (const b of bufs) backend.free(b);
    const after = backend.stats();
    expect(after.liveBuffers).toBe(base.liveBuffers);
    expect(after.liveBytes).toBe(base.liveBytes);
    expect(after.pooledBytes).toBeGreaterThanOrEqual(during.liveBytes - base.liveBytes);
    // the same sizes again come from the pool
    const again = sizes.map((n) => backend.alloc(n));
    expect(backend.stats().pooledBytes).toBe(after.pooledBytes - (during.liveBytes - base.liveBytes));
    for (const b of again) backend.free(b);
    expect(backend.stats().liveBuffers).toBe(base.liveBuffers);
  });

  it('keeps data intact when the memory grows', async () => {
    const data = createRandom(9).array(1000);
    const kept = backend.upload(data);
    const big = backend.alloc(6_000_000); // 48 MB: forces memory.grow
    backend.run({ kind: 'fill', out: big, n: big.length, value: 1.5 });
    expect(await backend.read(kept)).toEqual(data);
    const tail = (await backend.read(big)).subarray(big.length - 3);
    expect(Array.from(tail)).toEqual([1.5, 1.5, 1.5]);
    backend.free(big);
    backend.free(kept);
  });

  it('uploads hold copies and reads return fresh arrays', async () => {
    const src = [1, 2, 3];
    const buf = backend.upload(src);
    src[0] = 99;
    const first = await backend.read(buf);
    first[1] = 42;
    expect(Array.from(await backend.read(buf))).toEqual([1, 2, 3]);
    backend.free(buf);
  });
});

describe('wasm errors', () => {
  const expectKanntk = (f: () => unknown, message: RegExp) => {
    let thrown: unknown;
    try {
      f();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(KanntkError);
    expect((thrown as Error).message).toMatch(message);
  };

  it('rejects use after free and double free', async () => {
    const x = backend.upload([1, 2, 3]);
    const out = backend.alloc(3);
    backend.free(x);
    expectKanntk(() => backend.run({ kind: 'unary', fn: 'exp', x, out, n: 3, param: 0 }), /used after free/);
    await expect(backend.read(x)).rejects.toThrow(/used after free/);
    expectKanntk(() => backend.free(x), /freed twice/);
    backend.free(out);
  });

  it('rejects buffers of another backend', () => {
    const foreign = new DeviceBuffer(4, 'webgpu', null);
    const out = backend.alloc(4);
    expectKanntk(() => backend.run({ kind: 'unary', fn: 'neg', x: foreign, out, n: 4, param: 0 }), /belongs to backend 'webgpu'/);
    expectKanntk(() => backend.free(foreign), /belongs to backend 'webgpu'/);
    backend.free(out);
  });

  it('rejects buffers too short for the shape', () => {
    const a = backend.alloc(12), b = backend.alloc(4), out = backend.alloc(11);
    expectKanntk(
      () => backend.run({ kind: 'binary', fn: 'add', a, b, out, outShape: [3, 4], aStrides: [4, 1], bStrides: [0, 1] }),
      /out buffer #\d+ has 11 elements, the call needs 12/,
    );
    expectKanntk(
      () => backend.run({ kind: 'binary', fn: 'add', a, b, out: a, outShape: [3, 4], aStrides: [4, 1], bStrides: [1, 1] }),
      /b buffer #\d+ has 4 elements, the call needs 6/,
    );
    expectKanntk(
      () => backend.run({ kind: 'matmul', a, b, out, batch: 1, m: 3, k: 4, n: 2, aStrides: [0, 4, 1], bStrides: [0, 2, 1] }),
      /b buffer #\d+ has 4 elements, the call needs 8/,
    );
    expectKanntk(() => backend.run({ kind: 'fill', out: b, n: 5, value: 0 }), /has 4 elements, the call needs 5/);
    expectKanntk(
      () => backend.run({ kind: 'copy', x: a, out: b, shape: [2, 2], xStrides: [4, 1], xOffset: 9, outStrides: [2, 1], outOffset: 0 }),
      /x buffer #\d+ has 12 elements, the call needs 15/,
    );
    for (const buf of [a, b, out]) backend.free(buf);
  });

  it('rejects bad ranks, sizes and strides', () => {
    const x = backend.alloc(64), out = backend.alloc(64);
    const tooDeep = new Array(MAX_RANK + 1).fill(1);
    expectKanntk(
      () => backend.run({ kind: 'copy', x, out, shape: tooDeep, xStrides: tooDeep, xOffset: 0, outStrides: tooDeep, outOffset: 0 }),
      /rank 7 > MAX_RANK 6/,
    );
    expectKanntk(() => backend.run({ kind: 'unary', fn: 'exp', x, out, n: -1, param: 0 }), /n must be a non-negative integer, got -1/);
    expectKanntk(() => backend.run({ kind: 'unary', fn: 'exp', x, out, n: 2.5, param: 0 }), /got 2.5/);
    expectKanntk(() => backend.run({ kind: 'unary', fn: 'powi', x, out, n: 2, param: 0.5 }), /powi exponent must be an integer/);
    expectKanntk(() => backend.alloc(-3), /length must be a non-negative integer/);
    expectKanntk(
      () => backend.run({ kind: 'reduce', fn: 'sum', x, out, inShape: [4, -4], reduceAxes: [1, 0] }),
      /inShape\[1\] must be a non-negative integer/,
    );
    expectKanntk(
      () => backend.run({ kind: 'binary', fn: 'add', a: x, b: x, out, outShape: [2, 2], aStrides: [2], bStrides: [2, 1] }),
      /aStrides must have 2 entries/,
    );
    expectKanntk(
      () => backend.run({ kind: 'copy', x, out, shape: [3], xStrides: [-1], xOffset: 1, outStrides: [1], outOffset: 0 }),
      /strides reach element -1/,
    );
    expectKanntk(
      () => backend.run({ kind: 'matmul', a: x, b: x, out: x, batch: 1, m: 2, k: 2, n: 2, aStrides: [0, 2, 1], bStrides: [0, 2, 1] }),
      /must not also be an input/,
    );
    backend.free(x);
    backend.free(out);
  });

  it('rejects gather / scatterAdd indices out of range', () => {
    const x = backend.upload(new Float64Array(2 * 7 * 3));
    const out = backend.alloc(2 * 4 * 3);
    for (const [bad, j] of [[7, 2], [-1, 0], [1.5, 3], [NaN, 1]] as const) {
      const values = [0, 1, 2, 3];
      values[j] = bad;
      const idx = backend.upload(values);
      expectKanntk(
        () => backend.run({ kind: 'gather', x, idx, out, outer: 2, axisLen: 7, inner: 3, nIdx: 4 }),
        new RegExp(`idx\\[${j}\\] = ${bad} is out of range \\[0, 7\\)`),
      );
      expectKanntk(
        () => backend.run({ kind: 'scatterAdd', g: out, idx, out: x, outer: 2, axisLen: 7, inner: 3, nIdx: 4 }),
        /is out of range \[0, 7\)/,
      );
      backend.free(idx);
    }
    backend.free(x);
    backend.free(out);
  });

  it('refuses work after dispose', async () => {
    const other = await createWasmBackend();
    const buf = other.alloc(2);
    other.dispose();
    expectKanntk(() => other.alloc(1), /after dispose/);
    expectKanntk(() => other.run({ kind: 'fill', out: buf, n: 2, value: 0 }), /after dispose/);
    expect(other.stats().liveBuffers).toBe(1);
  });
});
