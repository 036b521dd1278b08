// WebGPU kernels against the f64 reference (test/reference/kernels.ts), on SwiftShader
// when there is no GPU. A missing adapter fails the suite; it is never skipped.
//
// Inputs are rounded to f32 before the reference sees them, so differences measure
// the kernels' f32 arithmetic only. Tolerances (why):
// - one f32 rounding per element (add, mul, square, …): 1e-6 relative (2^-24 ≈ 6e-8, with margin);
// - exp, log, sin, cos, tanh, sigmoid, silu of arguments in [-4, 4]: 1e-5 relative + 1e-6 absolute
//   (WGSL allows several ulp for exp/log, and log's error near its zero at 1 is absolute;
//   sin/cos/tanh are computed in the shader to a few ulp because the built-ins are coarser);
// - sums and matmul: 1e-5 of Σ|terms| (f32 accumulation of up to ~2000 terms);
// - B-spline: 2e-5 of the largest |value| (knot differences of size h lose ~log2(1/h) bits).

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { DeviceBuffer } from '../../src/backend/buffer.js';
import { UNARY_FNS, BINARY_FNS, REDUCE_FNS, MAX_RANK, contiguousStrides, sizeOf } from '../../src/backend/kernels.js';
import type { KernelCall, UnaryFn } from '../../src/backend/kernels.js';
import { KanntkError } from '../../src/errors.js';
import { getNodeGPU } from '../../src/backend/webgpu/node-gpu.js';
import { createWebGPUBackend } from '../../src/backend/webgpu/webgpu-backend.js';
import { MAX_BSPLINE_KNOTS } from '../../src/backend/webgpu/shader-variants.js';
import { runReference } from '../reference/kernels.js';
import { createRandom } from '../helpers/random.js';
import { loadFixture } from '../helpers/fixtures.js';

let backend: Backend;

beforeAll(async () => {
  const gpu = await getNodeGPU({ swiftshader: true });
  backend = await createWebGPUBackend(gpu); // throws (fails the suite) when no adapter is found
});

afterAll(() => {
  if (process.env.KANNTK_PRINT_ERRORS) {
    const rows = [...worst].map(([name, e]) => `${name.padEnd(22)} max abs ${e.abs.toExponential(2)}  max rel ${e.rel.toExponential(2)}`);
    console.log(`WebGPU kernel errors vs f64 reference (${backend.info.device}):\n${rows.join('\n')}`);
  }
  backend?.dispose();
});

/** Worst errors seen per kernel, printed with KANNTK_PRINT_ERRORS=1. */
const worst = new Map<string, { abs: number; rel: number }>();

const f32 = (values: ArrayLike<number>) => Float64Array.from(values, Math.fround);

interface Tolerance {
  rel: number;
  abs?: number;
  /** Per-element scale replacing |want| (Σ|terms| for sums and products). */
  scale?: ArrayLike<number>;
}

/** Element-wise |got − want| ≤ rel·scale + abs, recording the worst errors under `name`. */
function expectClose(name: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance): void {
  expect(got.length).toBe(want.length);
  const record = worst.get(name) ?? { abs: 0, rel: 0 };
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const w = want[i], g = got[i];
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w))) bad.push(`[${i}] got ${g}, want ${w}`);
      continue;
    }
    const err = Math.abs(g - w);
    const scale = tol.scale ? tol.scale[i] : Math.abs(w);
    record.abs = Math.max(record.abs, err);
    if (scale > 0) record.rel = Math.max(record.rel, err / scale);
    if (!(err <= tol.rel * scale + (tol.abs ?? 0))) bad.push(`[${i}] got ${g}, want ${w}, err ${err.toExponential(2)}`);
  }
  worst.set(name, record);
  expect(bad.slice(0, 5), `${name}: ${bad.length} of ${want.length} elements off`).toEqual([]);
}

type Inputs = Record<string, ArrayLike<number>>;

/**
 * Uploads `inputs` (and the initial output) to the backend, runs the call made by
 * `make` there and on the reference, and returns both outputs.
 */
async function runBoth(
  inputs: Inputs,
  outInit: ArrayLike<number>,
  make: (bufs: Record<string, DeviceBuffer>, out: DeviceBuffer) => KernelCall,
): Promise<{ got: Float64Array; want: Float64Array }> {
  const host = new Map<DeviceBuffer, Float64Array>();
  const bufs: Record<string, DeviceBuffer> = {};
  for (const [name, values] of Object.entries(inputs)) {
    bufs[name] = backend.upload(values);
    host.set(bufs[name], f32(values));
  }
  const out = backend.upload(outInit);
  host.set(out, f32(outInit));
  const call = make(bufs, out);
  backend.run(call);
  runReference(call, (b) => host.get(b)!);
  const got = await backend.read(out);
  for (const b of [...Object.values(bufs), out]) backend.free(b);
  return { got, want: host.get(out)! };
}

/** The reference applied to |inputs|: Σ|terms| per output element, the natural error scale of sums and products. */
function absScale(inputs: Inputs, outLength: number, make: (bufs: Record<string, DeviceBuffer>, out: DeviceBuffer) => KernelCall): Float64Array {
  const host = new Map<DeviceBuffer, Float64Array>();
  const bufs: Record<string, DeviceBuffer> = {};
  for (const [name, values] of Object.entries(inputs)) {
    bufs[name] = new DeviceBuffer(values.length, 'host', null);
    host.set(bufs[name], Float64Array.from(values, (v) => Math.abs(Math.fround(v))));
  }
  const out = new DeviceBuffer(outLength, 'host', null);
  host.set(out, new Float64Array(outLength));
  runReference(make(bufs, out), (b) => host.get(b)!);
  return host.get(out)!;
}

const TRANSCENDENTAL: ReadonlySet<UnaryFn> = new Set(['exp', 'log', 'sin', 'cos', 'tanh', 'sigmoid', 'silu']);

/** Inputs where each function is defined and well-conditioned enough for an f32 comparison. */
function unaryInputs(fn: UnaryFn, n: number, seed: number): ArrayLike<number> {
  const rnd = createRandom(seed);
  switch (fn) {
    case 'log':
    case 'sqrt':
      return rnd.array(n, 0.05, 5);
    case 'recip':
      return rnd.array(n, 0.25, 3).map((v, i) => (i % 2 ? -v : v));
    case 'powi':
      return rnd.array(n, 0.3, 1.8).map((v, i) => (i % 3 ? v : -v));
    default: {
      const values = Array.from(rnd.array(n, -4, 4));
      values.push(0, -0.5, 0.5, 1e-3, -1e-3, 20, -20, 30, -30); // signs, small arguments, saturation
      return values;
    }
  }
}

describe('webgpu backend', () => {
  it('reports a WebGPU adapter and its limits', () => {
    expect(backend.info.name).toBe('webgpu');
    expect(backend.info.precision).toBe('f32');
    expect(backend.info.device).toMatch(/^[^/]+\/[^/]*$/);
    expect(backend.info.adapter?.vendor).toBeTypeOf('string');
    expect(backend.info.limits!.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    expect(backend.info.limits!.maxComputeWorkgroupStorageSize).toBeGreaterThanOrEqual(16384);
  });
});

describe('unary', () => {
  for (const fn of UNARY_FNS) {
    const params = fn === 'powi' ? [-3, 0, 1, 2, 5] : [0];
    for (const param of params) {
      it(`${fn}${fn === 'powi' ? ` ^${param}` : ''}`, async () => {
        const x = unaryInputs(fn, 1000, 11 + param);
        const n = x.length;
        const { got, want } = await runBoth({ x }, new Array(n).fill(0), (b, out) => ({ kind: 'unary', fn, x: b.x, out, n, param }));
        const tol = TRANSCENDENTAL.has(fn) ? { rel: 1e-5, abs: 1e-6 } : { rel: 1e-6 };
        expectClose(`unary ${fn}`, got, want, tol);
      });
    }
  }

  it('writes only the first n elements', async () => {
    const { got } = await runBoth({ x: [1, 2, 3, 4] }, [9, 9, 9, 9], (b, out) => ({ kind: 'unary', fn: 'neg', x: b.x, out, n: 2, param: 0 }));
    expect([...got]).toEqual([-1, -2, 9, 9]);
  });
});

describe('binary', () => {
  const rnd = createRandom(5);
  // out [3, 4, 5]; a contiguous; b of shape [4, 1] broadcast over axes 0 and 2 by zero strides
  const outShape = [3, 4, 5];
  const a = rnd.array(60, -2, 2);
  const b = rnd.array(4, 0.5, 2).map((v, i) => (i % 2 ? -v : v)); // away from 0 for div
  for (const fn of BINARY_FNS) {
    it(`${fn} with zero-stride broadcasting`, async () => {
      const { got, want } = await runBoth({ a, b }, new Array(60).fill(0), (bufs, out) => ({
        kind: 'binary', fn, a: bufs.a, b: bufs.b, out, outShape, aStrides: contiguousStrides(outShape), bStrides: [0, 1, 0],
      }));
      expectClose(`binary ${fn}`, got, want, { rel: 1e-6 });
    });
  }

  it(`rank ${MAX_RANK} with a transposed operand, and rank 0`, async () => {
    const shape = [2, 3, 1, 4, 2, 3];
    const n = sizeOf(shape);
    const x = rnd.array(n), y = rnd.array(n);
    // b read in reversed axis order: its strides are the contiguous strides of the reversed shape, reversed
    const bStrides = contiguousStrides([...shape].reverse()).reverse();
    const { got, want } = await runBoth({ x, y }, new Array(n).fill(0), (bufs, out) => ({
      kind: 'binary', fn: 'sub', a: bufs.x, b: bufs.y, out, outShape: shape, aStrides: contiguousStrides(shape), bStrides,
    }));
    expectClose('binary sub', got, want, { rel: 1e-6 });
    const scalar = await runBoth({ x: [3], y: [4] }, [0], (bufs, out) => ({
      kind: 'binary', fn: 'mul', a: bufs.x, b: bufs.y, out, outShape: [], aStrides: [], bStrides: [],
    }));
    expect([...scalar.got]).toEqual([12]);
  });
});

describe('reduce', () => {
  const cases: Array<{ inShape: number[]; reduceAxes: number[] }> = [
    { inShape: [4, 5, 6, 3], reduceAxes: [1, 0, 1, 0] }, // several non-adjacent axes
    { inShape: [4, 5, 6, 3], reduceAxes: [0, 0, 0, 1] },
    { inShape: [7, 9], reduceAxes: [1, 1] }, // everything
    { inShape: [3, 1000], reduceAxes: [0, 1] }, // long rows: one workgroup per output
    { inShape: [300, 7], reduceAxes: [1, 0] }, // long strided columns, cooperative
    { inShape: [2, 40, 30, 2], reduceAxes: [0, 1, 1, 0] }, // 2400 terms per output
    { inShape: [5], reduceAxes: [0] },
  ];
  for (const fn of REDUCE_FNS) {
    for (const [c, { inShape, reduceAxes }] of cases.entries()) {
      it(`${fn} of [${inShape}] over axes [${reduceAxes}]`, async () => {
        const x = createRandom(100 + c).array(sizeOf(inShape), -3, 3);
        const nOut = sizeOf(inShape.filter((_, d) => !reduceAxes[d]));
        const make = (bufs: Record<string, DeviceBuffer>, out: DeviceBuffer): KernelCall => ({ kind: 'reduce', fn, x: bufs.x, out, inShape, reduceAxes });
        const { got, want } = await runBoth({ x }, new Array(nOut).fill(0), make);
        if (fn === 'max') expectClose('reduce max', got, want, { rel: 0 }); // a max is exact
        else expectClose('reduce sum', got, want, { rel: 1e-5, scale: absScale({ x }, nOut, make) });
      });
    }
  }
});

describe('matmul', () => {
  const cases = [
    { name: 'non-square, sizes not multiples of the tile', batch: 3, m: 37, k: 19, n: 45, transA: false, transB: false, shareB: false },
    { name: 'transposed A and B', batch: 2, m: 17, k: 33, n: 20, transA: true, transB: true, shareB: false },
    { name: 'batch stride 0 for B, long k', batch: 4, m: 5, k: 300, n: 3, transA: false, transB: false, shareB: true },
    { name: 'vector times matrix, transposed B', batch: 1, m: 1, k: 64, n: 70, transA: false, transB: true, shareB: false },
    { name: 'k = 0 gives zeros', batch: 2, m: 3, k: 0, n: 4, transA: false, transB: false, shareB: false },
  ];
  for (const [c, { name, batch, m, k, n, transA, transB, shareB }] of cases.entries()) {
    it(name, async () => {
      const rnd = createRandom(200 + c);
      const a = rnd.array(batch * m * k);
      const bBatch = shareB ? 1 : batch;
      const b = rnd.array(bBatch * k * n);
      // transposed storage: A kept as [batch, k, m], B as [batch, n, k]
      const aStrides: [number, number, number] = transA ? [m * k, 1, m] : [m * k, k, 1];
      const bStrides: [number, number, number] = [shareB ? 0 : k * n, ...(transB ? [1, k] : [n, 1])] as [number, number, number];
      const make = (bufs: Record<string, DeviceBuffer>, out: DeviceBuffer): KernelCall => ({
        kind: 'matmul', a: bufs.a, b: bufs.b, out, batch, m, k, n, aStrides, bStrides,
      });
      const outLength = batch * m * n;
      const { got, want } = await runBoth({ a, b }, new Array(outLength).fill(7), make);
      expectClose('matmul', got, want, { rel: 1e-5, abs: 0, scale: absScale({ a, b }, outLength, make) });
      if (k === 0) expect([...got].every((v) => v === 0)).toBe(true);
    });
  }
});

describe('copy', () => {
  it('transpose into a slice of a larger buffer, leaving the rest untouched', async () => {
    const x = createRandom(300).array(2 + 3 * 4); // x[2 + i·4 + j] is a 3×4 matrix after 2 elements of padding
    const outInit = new Array(40).fill(-9);
    // out[5 + j·6 + i] = x[2 + i·4 + j]: the transpose into rows of width 6, starting at 5
    const { got, want } = await runBoth({ x }, outInit, (bufs, out) => ({
      kind: 'copy', x: bufs.x, out, shape: [3, 4], xStrides: [4, 1], xOffset: 2, outStrides: [1, 6], outOffset: 5,
    }));
    expectClose('copy', got, want, { rel: 0 });
    expect(got.filter((v) => v === -9).length).toBe(40 - 12);
  });

  it('broadcast with zero strides, and rank 6', async () => {
    const x = createRandom(301).array(5);
    const bc = await runBoth({ x }, new Array(15).fill(0), (bufs, out) => ({
      kind: 'copy', x: bufs.x, out, shape: [3, 5], xStrides: [0, 1], xOffset: 0, outStrides: [5, 1], outOffset: 0,
    }));
    expectClose('copy', bc.got, bc.want, { rel: 0 });
    const shape = [2, 1, 3, 2, 2, 3];
    const y = createRandom(302).array(sizeOf(shape));
    const perm = contiguousStrides([3, 2, 2, 3, 1, 2]); // a permuted layout of the same data
    const xStrides = [perm[5], perm[4], perm[0], perm[1], perm[2], perm[3]];
    const r6 = await runBoth({ y }, new Array(y.length).fill(0), (bufs, out) => ({
      kind: 'copy', x: bufs.y, out, shape, xStrides, xOffset: 0, outStrides: contiguousStrides(shape), outOffset: 0,
    }));
    expectClose('copy', r6.got, r6.want, { rel: 0 });
  });
});

describe('gather and scatterAdd', () => {
  const outer = 3, axisLen = 7, inner = 4;
  const idx = [6, 0, 6, 2, 2, 2, 5]; // repeated indices
  const nIdx = idx.length;

  it('gather with repeated indices', async () => {
    const x = createRandom(400).array(outer * axisLen * inner);
    const { got, want } = await runBoth({ x, idx }, new Array(outer * nIdx * inner).fill(0), (b, out) => ({
      kind: 'gather', x: b.x, idx: b.idx, out, outer, axisLen, inner, nIdx,
    }));
    expectClose('gather', got, want, { rel: 0 });
  });

  it('scatterAdd sums repeated indices and zeroes untouched rows', async () => {
    const g = createRandom(401).array(outer * nIdx * inner);
    const make = (b: Record<string, DeviceBuffer>, out: DeviceBuffer): KernelCall => ({
      kind: 'scatterAdd', g: b.g, idx: b.idx, out, outer, axisLen, inner, nIdx,
    });
    const outLength = outer * axisLen * inner;
    const { got, want } = await runBoth({ g, idx }, new Array(outLength).fill(5), make);
    expectClose('scatterAdd', got, want, { rel: 1e-6, scale: absScale({ g, idx }, outLength, make) });
  });

  it('gather gives NaN and scatterAdd skips for an index out of range (values are not checkable on the host)', async () => {
    const x = [1, 2, 3];
    const { got } = await runBoth({ x, idx: [2, 3, -1, 0.5] }, [0, 0, 0, 0], (b, out) => ({
      kind: 'gather', x: b.x, idx: b.idx, out, outer: 1, axisLen: 3, inner: 1, nIdx: 4,
    }));
    expect(got[0]).toBe(3);
    expect([got[1], got[2], got[3]].every(Number.isNaN)).toBe(true);
    const sa = await runBoth({ g: [1, 10, 100], idx: [1, 3, 1] }, [0, 0, 0], (b, out) => ({
      kind: 'scatterAdd', g: b.g, idx: b.idx, out, outer: 1, axisLen: 3, inner: 1, nIdx: 3,
    }));
    expect([...sa.got]).toEqual([0, 101, 0]);
  });
});

describe('bspline', () => {
  /** Uniform knots per input row with spacing h, jittered starts so rows differ. */
  function makeGrid(nIn: number, G: number, k: number, seed: number): number[] {
    const rnd = createRandom(seed);
    const grid: number[] = [];
    for (let i = 0; i < nIn; i++) {
      const lo = rnd.uniform(-1.5, -0.5), hi = rnd.uniform(0.5, 1.5);
      const h = (hi - lo) / G;
      for (let j = 0; j <= G + 2 * k; j++) grid.push((j - k) * h + lo);
    }
    return grid;
  }

  for (const k of [1, 2, 3]) {
    for (const deriv of [0, 1, 2, 3]) {
      it(`k=${k} deriv=${deriv} on random grids, points inside, outside and on knots`, async () => {
        const nIn = 3, G = 6, nKnots = G + 2 * k + 1, nPoints = 50;
        const grid = makeGrid(nIn, G, k, 500 + k);
        const rnd = createRandom(600 + 10 * k + deriv);
        const x: number[] = [];
        for (let p = 0; p < nPoints; p++) {
          for (let i = 0; i < nIn; i++) {
            // every 5th point sits exactly on a knot (after f32 rounding, on both sides), a few far outside
            const knot = grid[i * nKnots + rnd.int(0, nKnots)];
            x.push(p % 5 === 0 ? knot : p % 7 === 0 ? rnd.uniform(-6, 6) : rnd.uniform(-2, 2));
          }
        }
        const nb = nKnots - 1 - k;
        const { got, want } = await runBoth({ x, grid }, new Array(nPoints * nIn * nb).fill(0), (b, out) => ({
          kind: 'bspline', x: b.x, grid: b.grid, out, nPoints, nIn, nKnots, k, deriv,
        }));
        const peak = Math.max(1, ...want.map(Math.abs));
        expectClose(`bspline k=${k} d=${deriv}`, got, want, { rel: 2e-5, scale: new Array(want.length).fill(peak) });
        if (deriv > k) expect(got.every((v) => v === 0)).toBe(true);
      });
    }
  }

  it('matches spline_basis.json (B, dB, d2B) away from the knots', async () => {
    const fx = loadFixture('spline_basis.json');
    for (const c of fx.cases) {
      const knots: number[] = c.knots.data;
      // f32 moves a point one ulp below a knot onto the knot (the other side): skip points that near a knot
      const keep = (c.x.data as number[]).map((x) => knots.every((t) => x === t || Math.abs(x - t) > 1e-5));
      for (const [deriv, key] of [[0, 'B'], [1, 'dB'], [2, 'd2B']] as const) {
        const nb: number = c.n_basis;
        const xs = backend.upload(c.x.data), grid = backend.upload(knots), out = backend.alloc(c.x.data.length * nb);
        backend.run({ kind: 'bspline', x: xs, grid, out, nPoints: c.x.data.length, nIn: 1, nKnots: knots.length, k: c.k, deriv });
        const got = await backend.read(out);
        [xs, grid, out].forEach((b) => backend.free(b));
        const want: number[] = c[key].data;
        const peak = Math.max(1, ...want.map(Math.abs));
        const rows = keep.flatMap((ok: boolean, p: number) => (ok ? Array.from({ length: nb }, (_, m) => p * nb + m) : []));
        expect(rows.length).toBeGreaterThan(nb * 10);
        expectClose(`bspline fixture ${key}`, rows.map((r: number) => got[r]), rows.map((r: number) => want[r]), {
          rel: 1e-5, scale: rows.map(() => peak),
        });
      }
    }
  });
});

describe('fill', () => {
  it('fills the first n elements', async () => {
    const { got, want } = await runBoth({}, new Array(300).fill(1), (_, out) => ({ kind: 'fill', out, n: 257, value: -2.5 }));
    expectClose('fill', got, want, { rel: 0 });
  });
});

describe('batching, pooling and large dispatches', () => {
  it('200 free/alloc/upload/run cycles without a read give the known sum', async () => {
    const n = 1000;
    const before = backend.stats();
    let acc = backend.upload(new Array(n).fill(0));
    for (let i = 1; i <= 200; i++) {
      // a freshly uploaded operand reuses buffers freed moments ago: their pending dispatches must run first
      const term = backend.upload(new Array(n).fill(i));
      const next = backend.alloc(n);
      backend.run({ kind: 'binary', fn: 'add', a: acc, b: term, out: next, outShape: [n], aStrides: [1], bStrides: [1] });
      backend.free(acc);
      backend.free(term);
      acc = next;
    }
    const got = await backend.read(acc);
    expect(got.every((v) => v === 200 * 201 / 2)).toBe(true);
    backend.free(acc);
    backend.flush();
    const after = backend.stats();
    expect(after.liveBuffers).toBe(before.liveBuffers);
    expect(after.liveBytes).toBe(before.liveBytes);
    expect(after.pooledBytes).toBeGreaterThan(0); // freed buffers are kept for reuse
  });

  it('memory stats return to baseline and buffers are reused', async () => {
    const before = backend.stats();
    const bufs = [10, 1000, 1000, 5000, 0].map((n) => backend.alloc(n));
    const during = backend.stats();
    expect(during.liveBuffers).toBe(before.liveBuffers + 5);
    expect(during.liveBytes).toBeGreaterThan(before.liveBytes + 4 * 7010 - 1);
    bufs.forEach((b) => backend.free(b));
    backend.flush();
    const after = backend.stats();
    expect(after.liveBuffers).toBe(before.liveBuffers);
    expect(after.liveBytes).toBe(before.liveBytes);
    // allocating the same sizes again takes them from the pool
    const again = [10, 1000, 1000, 5000, 0].map((n) => backend.alloc(n));
    expect(backend.stats().pooledBytes).toBeLessThan(after.pooledBytes);
    again.forEach((b) => backend.free(b));
    backend.flush();
  });

  it('more than 65535 workgroups use a 2-D dispatch', async () => {
    const n = 65536 * 64 + 100;
    const x = Float32Array.from({ length: n }, (_, i) => i % 1000);
    const { got, want } = await runBoth({ x }, new Float32Array(n), (b, out) => ({ kind: 'unary', fn: 'neg', x: b.x, out, n, param: 0 }));
    expectClose('unary neg (2-D grid)', got, want, { rel: 0 });
  });

  it('an output that is also an input is read before it is written', async () => {
    const buf = backend.upload([1, 2, 3, 4]);
    backend.run({ kind: 'binary', fn: 'mul', a: buf, b: buf, out: buf, outShape: [4], aStrides: [1], bStrides: [1] });
    backend.run({ kind: 'copy', x: buf, out: buf, shape: [2], xStrides: [1], xOffset: 0, outStrides: [1], outOffset: 2 });
    expect([...(await backend.read(buf))]).toEqual([1, 4, 1, 4]);
    backend.free(buf);
  });
});

describe('errors', () => {
  const unary = (x: DeviceBuffer, out: DeviceBuffer, n = x.length): KernelCall => ({ kind: 'unary', fn: 'exp', x, out, n, param: 0 });

  it('use after free, double free, read after free', async () => {
    const x = backend.upload([1, 2]), out = backend.alloc(2);
    backend.free(x);
    expect(() => backend.run(unary(x, out, 2))).toThrow(/used after free/);
    expect(() => backend.free(x)).toThrow(KanntkError);
    await expect(backend.read(x)).rejects.toThrow(/used after free/);
    backend.free(out);
  });

  it('a buffer of another backend', () => {
    const foreign = new DeviceBuffer(4, 'wasm', 0);
    const out = backend.alloc(4);
    expect(() => backend.run(unary(foreign, out))).toThrow(/belongs to backend 'wasm'/);
    backend.free(out);
  });

  it('too-short buffers and out-of-range strides', () => {
    const x = backend.alloc(5), out = backend.alloc(10);
    expect(() => backend.run(unary(x, out, 10))).toThrow(/x \(buffer #\d+\) holds 5 elements, the call needs 10/);
    expect(() =>
      backend.run({ kind: 'matmul', a: x, b: x, out, batch: 1, m: 2, k: 2, n: 2, aStrides: [0, 4, 1], bStrides: [0, 2, 1] }),
    ).toThrow(/matmul: a \(buffer #\d+, 5 elements\) is addressed at \[0, 5\]/);
    expect(() =>
      backend.run({ kind: 'copy', x, out, shape: [3], xStrides: [1], xOffset: 3, outStrides: [1], outOffset: 0 }),
    ).toThrow(/copy: x/);
    expect(() => backend.run({ kind: 'gather', x, idx: x, out, outer: 1, axisLen: 5, inner: 1, nIdx: 11 })).toThrow(/idx/);
    [x, out].forEach((b) => backend.free(b));
  });

  it(`rank above MAX_RANK = ${MAX_RANK}`, () => {
    const x = backend.alloc(1), out = backend.alloc(1);
    const shape = new Array(MAX_RANK + 1).fill(1);
    expect(() =>
      backend.run({ kind: 'binary', fn: 'add', a: x, b: x, out, outShape: shape, aStrides: shape, bStrides: shape }),
    ).toThrow(/rank 7 exceeds MAX_RANK/);
    [x, out].forEach((b) => backend.free(b));
  });

  it('no adapter: a KanntkError that says why', async () => {
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    await expect(createWebGPUBackend(noAdapter)).rejects.toThrow(/no adapter found/);
  });

  it('sizes over the device limit', () => {
    const limit = Math.min(backend.info.limits!.maxBufferSize, backend.info.limits!.maxStorageBufferBindingSize);
    expect(() => backend.alloc(limit / 4 + 1)).toThrow(/exceed the device limit/);
    expect(() => backend.alloc(-1)).toThrow(KanntkError);
  });

  it(`bspline with more than ${MAX_BSPLINE_KNOTS} knots, or too few for the degree`, () => {
    const x = backend.alloc(1), grid = backend.alloc(100), out = backend.alloc(100);
    const call = (nKnots: number, k: number): KernelCall => ({ kind: 'bspline', x, grid, out, nPoints: 1, nIn: 1, nKnots, k, deriv: 0 });
    expect(() => backend.run(call(MAX_BSPLINE_KNOTS + 1, 3))).toThrow(new RegExp(`maximum of ${MAX_BSPLINE_KNOTS}`));
    expect(() => backend.run(call(4, 3))).toThrow(/needs at least 5 knots/);
    [x, grid, out].forEach((b) => backend.free(b));
  });

  it('bad parameters', () => {
    const x = backend.alloc(4), out = backend.alloc(4);
    expect(() => backend.run({ kind: 'unary', fn: 'powi', x, out, n: 4, param: 0.5 })).toThrow(/not an integer/);
    expect(() => backend.run({ kind: 'reduce', fn: 'sum', x, out, inShape: [4], reduceAxes: [2] })).toThrow(/expected 0 or 1/);
    expect(() => backend.run({ kind: 'fill', out, n: 2.5, value: 0 })).toThrow(/non-negative integer/);
    [x, out].forEach((b) => backend.free(b));
  });
});
