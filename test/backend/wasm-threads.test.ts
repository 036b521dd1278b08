// The wasm core on worker threads: how calls are cut into slices, and that the
// threaded results equal the one-thread results to the last bit (every slice
// computes its outputs in the one-thread order). The kernels themselves are
// checked against the reference in conformance/, where 'wasm-threads' is one
// of the backends.

import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import type { KernelCall } from '../../src/backend/kernels.js';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { splitRange, matmulSlices, reduceSlices, outerDimSlices, basisContractSlices } from '../../src/backend/wasm/parallel-split.js';
import { threadPlan } from '../../src/backend/wasm/thread-plan.js';
import { createKan } from '../../src/kan/build.js';
import { ntk } from '../../src/ntk/ntk.js';
import { tensor } from '../../src/graph/ops/create.js';
import { tidy } from '../../src/graph/tape.js';
import { grad } from '../../src/graph/grad.js';
import { lossGraph } from '../../src/train/loss-and-grad.js';
import { adam } from '../../src/train/optimizers/adam.js';
import { createRandom } from '../helpers/random.js';
import { tridiagonalEigen } from '../../src/spectral/tridiagonal-eigen.js';

/** The bits of every f64, so that -0/+0 and NaN payloads count. */
const bits = (a: Float64Array): bigint[] => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length));

describe('cutting calls into slices', () => {
  it('splitRange covers [0, n) in aligned, non-empty, ordered ranges', () => {
    for (const [n, parts, align] of [[10, 2, 1], [10, 3, 4], [7, 8, 1], [256, 2, 4], [1, 2, 2]]) {
      const r = splitRange(n, parts, align);
      expect(r.length).toBeLessThanOrEqual(parts);
      expect(r[0][0]).toBe(0);
      expect(r[r.length - 1][1]).toBe(n);
      r.forEach(([b, e], j) => {
        expect(e).toBeGreaterThan(b);
        if (j > 0) expect(b).toBe(r[j - 1][1]);
        if (j < r.length - 1) expect((e - b) % align).toBe(0);
      });
    }
    expect(splitRange(0, 2)).toEqual([[0, 0]]); // an empty call still runs once
  });

  it('matmul: whole matrices of a batch, or rows of a single one', () => {
    const c = { a: 1000, b: 5000, out: 9000, k: 3, n: 5, meta: 16, aStrides: [12, 3, 1], bStrides: [15, 5, 1] };
    expect(matmulSlices({ ...c, batch: 3, m: 4 }, 2)).toEqual([
      [1000, 5000, 9000, 2, 4, 3, 5, 16],
      [1000 + 2 * 12 * 8, 5000 + 2 * 15 * 8, 9000 + 2 * 4 * 5 * 8, 1, 4, 3, 5, 16],
    ]);
    expect(matmulSlices({ ...c, batch: 1, m: 10 }, 2)).toEqual([
      [1000, 5000, 9000, 1, 8, 3, 5, 16],
      [1000 + 8 * 3 * 8, 5000, 9000 + 8 * 5 * 8, 1, 2, 3, 5, 16],
    ]);
  });

  it('reduce: along a kept outer dim, along columns of a row sum, else whole', () => {
    expect(reduceSlices([4, 6], [6, 1], 24, 2).map((s) => [s.xShift, s.outShift, s.outSize, s.shape[0]])).toEqual([[0, 0, 12, 2], [96, 96, 12, 2]]);
    expect(reduceSlices([5, 6], [0, 1], 6, 2).map((s) => [s.xShift, s.outShift, s.outSize, s.xRowBytes, s.shape[1]])).toEqual([[0, 0, 4, 48, 4], [32, 32, 2, 48, 2]]);
    expect(reduceSlices([3, 4, 5], [0, 5, 1], 20, 2)).toHaveLength(1);
  });

  it('strided walks move each operand by its outer stride, and stay whole when the output does not move', () => {
    const s = outerDimSlices([4, 3], [[3, 1], [0, 1], [3, 1]], 2, 2);
    expect(s.map((x) => x.shift)).toEqual([[0, 0, 0], [48, 0, 48]]);
    expect(outerDimSlices([4, 3], [[3, 1], [3, 1], [0, 1]], 2, 2)).toHaveLength(1);
  });

  it("basisContract: 'y'/'s' by points, packed 'w' by inputs, per-edge 'w' whole", () => {
    const base = { basis: 0, x: 100, table: 200, w: 300, a: 400, s: 500, hasS: 1, out: 600, nPoints: 5, nIn: 3, nOut: 2, nBasis: 4, nTable: 8, k: 3, deriv: 0, perEdge: 0 };
    const y = basisContractSlices({ ...base, mode: 0 }, 2);
    expect(y.map((a) => [a[2], a[6], a[8], a[9]])).toEqual([[100, 500, 600, 3], [100 + 3 * 3 * 8, 500 + 3 * 3 * 8, 600 + 3 * 2 * 8, 2]]);
    const sMode = basisContractSlices({ ...base, mode: 1 }, 2);
    expect(sMode.map((a) => [a[5], a[8]])).toEqual([[400, 600], [400 + 3 * 2 * 8, 600 + 3 * 3 * 8]]);
    expect(basisContractSlices({ ...base, mode: 2 }, 2).map((a) => a.slice(-2))).toEqual([[0, 2], [2, 3]]);
    expect(basisContractSlices({ ...base, mode: 2, perEdge: 1 }, 2)).toHaveLength(1);
  });
});

describe('thread plan', () => {
  it('takes a count, refuses nonsense, and says why one thread', async () => {
    expect(await threadPlan(1)).toEqual({ count: 1, reason: 'one thread was asked for' });
    expect((await threadPlan(3)).count).toBe(3);
    await expect(threadPlan(0)).rejects.toThrow(/threads: expected a whole number of threads from 1 to 16/);
    await expect(threadPlan(2.5)).rejects.toThrow(/got '2.5'/);
    const auto = await threadPlan('auto');
    expect(auto.count).toBeGreaterThanOrEqual(1);
    expect(auto.reason).toMatch(/core|KANNTK_THREADS/);
  });

  it('reads KANNTK_THREADS for auto', async () => {
    const old = process.env.KANNTK_THREADS;
    try {
      process.env.KANNTK_THREADS = '1';
      expect(await threadPlan('auto')).toEqual({ count: 1, reason: 'KANNTK_THREADS=1' });
      process.env.KANNTK_THREADS = 'many';
      await expect(threadPlan('auto')).rejects.toThrow(/KANNTK_THREADS: expected a whole number/);
    } finally {
      if (old === undefined) delete process.env.KANNTK_THREADS;
      else process.env.KANNTK_THREADS = old;
    }
  });
});

describe('threaded results equal one-thread results bit for bit', () => {
  let one: Backend, two: Backend;
  beforeAll(async () => {
    one = await createWasmBackend({ threads: 1 });
    // every call that can be cut is cut, however small
    two = await createWasmBackend({ threads: 2, parallelMinWork: 1, waitForThreads: true });
  });
  afterAll(() => {
    one.dispose();
    two.dispose();
  });

  it('says how many threads it runs and why', () => {
    expect(one.info.threads).toEqual({ count: 1, reason: 'one thread was asked for' });
    expect(two.info.threads).toEqual({ count: 2, reason: '2 threads were asked for' });
    expect(two.info.device).toBe('WebAssembly (f64, SIMD, 2 threads)');
  });

  /** Runs the call built by `make` on both backends (inputs uploaded from the same data) and compares outputs. */
  async function same(inputs: Record<string, Float64Array | number[] | null>, outLength: number, make: (bufs: Record<string, any>, out: any) => KernelCall, outInit?: Float64Array) {
    const results: bigint[][] = [];
    for (const backend of [one, two]) {
      const bufs: Record<string, any> = {};
      for (const [name, data] of Object.entries(inputs)) bufs[name] = data === null ? null : backend.upload(data);
      const out = outInit ? backend.upload(outInit) : backend.alloc(outLength);
      backend.run(make(bufs, out));
      results.push(bits(await backend.read(out)));
      for (const b of Object.values(bufs)) if (b) backend.free(b);
      backend.free(out);
    }
    expect(results[1]).toEqual(results[0]);
  }

  // each case must really have been shared out (an uncut call would equal trivially)
  let before = 0;
  beforeEach(() => {
    before = two.stats().threadedCalls!;
  });
  afterEach((context) => {
    if (context.task.name.startsWith('says')) return;
    expect(two.stats().threadedCalls! - before).toBeGreaterThan(0);
  });

  it('matmul: batches, single matrices, transposes, broadcast batch, ragged sizes', async () => {
    const rnd = createRandom(1);
    for (const [batch, m, k, n] of [[3, 17, 9, 13], [1, 37, 70, 29], [1, 130, 140, 66], [8, 5, 1, 6], [2, 1, 4, 3]]) {
      const A = rnd.array(batch * m * k), B = rnd.array(batch * k * n);
      await same({ A, B }, batch * m * n, (b, out) => ({ kind: 'matmul', a: b.A, b: b.B, out, batch, m, k, n, aStrides: [m * k, k, 1], bStrides: [k * n, n, 1] }));
      // Aᵀ stored as [k, m] and a B shared by every batch entry
      await same({ A, B }, batch * m * n, (b, out) => ({ kind: 'matmul', a: b.A, b: b.B, out, batch, m, k, n, aStrides: [m * k, 1, m], bStrides: [0, 1, k] }));
    }
  });

  it('basisContract: every mode, B-splines (shared and per-edge rows, derivatives) and tanh polynomials', async () => {
    const rnd = createRandom(2);
    const nPoints = 37, nIn = 5, nOut = 3, k = 3, G = 6;
    const knots = Array.from({ length: G + 2 * k + 1 }, (_, j) => -1 + ((j - k) * 2) / G);
    const x = rnd.array(nPoints * nIn, -1.2, 1.2);
    x[7] = NaN; // a NaN row in every mode
    const a = rnd.array(nPoints * nOut), s = rnd.array(nPoints * nIn);
    for (const perEdge of [false, true]) {
      const nTable = knots.length, nBasis = nTable - k - 1;
      const table = (perEdge ? Array.from({ length: nOut * nIn }, () => knots) : Array.from({ length: nIn }, () => knots)).flat();
      const w = rnd.array(nOut * nIn * nBasis);
      for (const deriv of [0, 1]) {
        const common = { kind: 'basisContract' as const, basis: 'bspline' as const, nPoints, nIn, nOut, nBasis, nTable, k, deriv, gridPerEdge: perEdge };
        await same({ x, table, w, s }, nPoints * nOut, (b, out) => ({ ...common, mode: 'y', x: b.x, table: b.table, w: b.w, a: null, s: b.s, out }));
        await same({ x, table, w, a }, nPoints * nIn, (b, out) => ({ ...common, mode: 's', x: b.x, table: b.table, w: b.w, a: b.a, s: null, out }));
        await same({ x, table, a, s }, nOut * nIn * nBasis, (b, out) => ({ ...common, mode: 'w', x: b.x, table: b.table, w: null, a: b.a, s: b.s, out }));
      }
    }
    const nBasis = 4, nTable = 4;
    const table = rnd.array(nBasis * nTable), w = rnd.array(nOut * nIn * nBasis);
    const common = { kind: 'basisContract' as const, basis: 'tanhPoly' as const, nPoints, nIn, nOut, nBasis, nTable, k: 0, deriv: 0, gridPerEdge: false };
    await same({ x, table, w }, nPoints * nOut, (b, out) => ({ ...common, mode: 'y', x: b.x, table: b.table, w: b.w, a: null, s: null, out }));
    await same({ x, table, a }, nOut * nIn * nBasis, (b, out) => ({ ...common, mode: 'w', x: b.x, table: b.table, w: null, a: b.a, s: null, out }));
  });

  it('element-wise, strided and reducing kernels, B-spline bases (with repeated knots and NaN)', async () => {
    const rnd = createRandom(3);
    const x = rnd.array(1001);
    await same({ x }, 1001, (b, out) => ({ kind: 'unary', fn: 'tanh', x: b.x, out, n: 1001, param: 0 }));
    await same({}, 777, (_b, out) => ({ kind: 'fill', out, n: 777, value: -2.5 }));
    const A = rnd.array(7 * 9 * 11), B = rnd.array(9 * 11);
    await same({ A, B }, 7 * 9 * 11, (b, out) => ({ kind: 'binary', fn: 'mul', a: b.A, b: b.B, out, outShape: [7, 9, 11], aStrides: [99, 11, 1], bStrides: [0, 11, 1] }));
    await same({ A, B }, 11 * 9 * 7, (b, out) => ({ kind: 'binary', fn: 'sub', a: b.A, b: b.B, out, outShape: [11, 9, 7], aStrides: [1, 11, 99], bStrides: [1, 11, 0] }));
    await same({ A }, 9 * 11 * 7, (b, out) => ({ kind: 'copy', x: b.A, out, shape: [9, 11, 7], xStrides: [11, 1, 99], xOffset: 0, outStrides: [77, 7, 1], outOffset: 0 }));
    for (const axes of [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1]]) {
      const outLen = [7, 9, 11].reduce((p, e, d) => (axes[d] ? p : p * e), 1);
      for (const fn of ['sum', 'max'] as const) {
        await same({ A }, outLen, (b, out) => ({ kind: 'reduce', fn, x: b.A, out, inShape: [7, 9, 11], reduceAxes: axes }));
      }
    }
    const k = 3, nIn = 3, nPoints = 41;
    const uniform = Array.from({ length: 12 }, (_, j) => -1 + (j * 2) / 11);
    const repeated = [-1, -1, -1, -1, -0.5, 0, 0, 0.5, 1, 1, 1, 1];
    const grid = [...uniform, ...repeated, ...uniform.map((t) => 2 * t)];
    const xs = rnd.array(nPoints * nIn, -1.5, 1.5);
    xs[4] = NaN;
    xs[5] = Infinity;
    xs[9] = 1; // the last knot
    for (const deriv of [0, 1, 3, 4]) {
      await same({ xs, grid }, nPoints * nIn * (12 - k - 1), (b, out) => ({ kind: 'bspline', x: b.xs, grid: b.grid, out, nPoints, nIn, nKnots: 12, k, deriv }));
    }
  });

  it('the tridiagonal reduction, whose threads sum p = A·w in another order: the same eigenvalues to 1e-14', async () => {
    const rnd = createRandom(6);
    for (const n of [3, 7, 64, 201]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rnd.uniform(-1, 1);
      const spectra: Float64Array[] = [], tridiagonals: number[][] = [];
      for (const backend of [one, two]) {
        const A = backend.upload(a), tau = backend.alloc(n);
        backend.run({ kind: 'tridiagonalize', a: A, tau, n });
        const ra = await backend.read(A);
        const d = Array.from({ length: n }, (_, i) => ra[i * n + i]);
        const e = Array.from({ length: n - 1 }, (_, i) => ra[(i + 1) * n + i]);
        tridiagonals.push([...d, ...e]);
        spectra.push(Float64Array.from(tridiagonalEigen(d, e).values));
        backend.free(A);
        backend.free(tau);
      }
      const norm = Math.max(...spectra[0].map(Math.abs));
      // rounding differences only: 1e-14 on the spectrum; the tridiagonal itself (one of many with
      // this spectrum) drifts further over the n steps, by about n·ε·‖A‖ per entry
      spectra[1].forEach((v, i) => expect(Math.abs(v - spectra[0][i])).toBeLessThanOrEqual(1e-14 * norm));
      tridiagonals[1].forEach((v, i) => expect(Math.abs(v - tridiagonals[0][i])).toBeLessThanOrEqual(1e-11 * norm));
      if (n >= 64) expect(tridiagonals[1]).not.toEqual(tridiagonals[0]); // the threads did take part
    }
  });

  it('a KAN NTK and an Adam step on the big research model', async () => {
    const model = createKan({ layerDims: [2, 16, 16, 1], G: 10, k: 3, init: { type: 'glorot' }, seed: 7 });
    const rnd = createRandom(4);
    const x = { shape: [96, 2], data: Array.from(rnd.array(192)) };
    const y = rnd.array(96);
    const out: Array<{ K: bigint[]; loss: bigint[]; params: bigint[] }> = [];
    for (const backend of [one, two]) {
      const bound = model.bind(backend);
      const K = await ntk(bound, x, { method: 'structured' });
      const opt = adam({ lr: 1e-2 });
      const xt = tensor(backend, x.data, x.shape), yt = tensor(backend, y, [96, 1]);
      let loss = new Float64Array(0);
      for (let step = 0; step < 3; step++) {
        loss = await tidy(async () => {
          const L = lossGraph(bound, xt, yt, 'mse');
          bound.setParams(opt.step(bound.params, grad(L, bound.params)));
          return L.data();
        });
      }
      const params = await Promise.all(bound.params.map((p) => p.data()));
      out.push({ K: bits(K.data), loss: bits(loss), params: params.flatMap(bits) });
      opt.dispose();
      xt.dispose();
      yt.dispose();
      bound.dispose();
    }
    expect(out[1].K).toEqual(out[0].K);
    expect(out[1].loss).toEqual(out[0].loss);
    expect(out[1].params).toEqual(out[0].params);
  });
});
