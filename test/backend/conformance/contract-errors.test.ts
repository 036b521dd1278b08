// The kernel contract's checks (src/backend/validate-call.ts) on every backend:
// a call that would read or write outside its buffers, that aliases what must
// not be aliased, or that has bad sizes, kinds or parameters is refused with a
// KanntkError naming the call, the argument and the values — before anything
// runs, so the buffers keep their contents. Backend limits (GPU kernel arrays)
// are named by their constant.

import { it, expect } from 'vitest';
import type { DeviceBuffer } from '../../../src/backend/buffer.js';
import { DeviceBuffer as Buffer } from '../../../src/backend/buffer.js';
import { MAX_RANK, type KernelBasisContract, type KernelCall } from '../../../src/backend/kernels.js';
import { MAX_BSPLINE_KNOTS, MAX_BASIS_CONTRACT_DEGREE, MAX_BASIS_CONTRACT_VALUES, MAX_JACOBI_N } from '../../../src/backend/webgpu/shader-variants.js';
import { createRandom } from '../../helpers/random.js';
import { identity, randomSymmetric } from '../../helpers/spectra.js';
import { describeBackends, expectKanntkError } from './harness.js';

describeBackends('kernel contract errors', (s) => {
  it('use after free, double free, read after free', async () => {
    const b = s.backend;
    const x = b.upload([1, 2, 3]), out = b.alloc(3);
    b.free(x);
    expectKanntkError(() => b.run({ kind: 'unary', fn: 'exp', x, out, n: 3, param: 0 }), /used after free/);
    await expect(b.read(x)).rejects.toThrow(/used after free/);
    expectKanntkError(() => b.free(x), /freed twice|used after free/);
    b.free(out);
  });

  it('a buffer of another backend', () => {
    const b = s.backend;
    const foreign = new Buffer(4, 'elsewhere', null);
    const out = b.alloc(4);
    expectKanntkError(() => b.run({ kind: 'unary', fn: 'neg', x: foreign, out, n: 4, param: 0 }), /belongs to backend 'elsewhere'/);
    b.free(out);
  });

  it('buffers too short for the call', () => {
    const b = s.backend;
    const a = b.alloc(12), short = b.alloc(4), out = b.alloc(11);
    expectKanntkError(() => b.run({ kind: 'unary', fn: 'exp', x: short, out, n: 10, param: 0 }), /unary: x \(buffer #\d+\) holds 4 elements, the call needs 10/);
    expectKanntkError(
      () => b.run({ kind: 'binary', fn: 'add', a, b: short, out, outShape: [3, 4], aStrides: [4, 1], bStrides: [0, 1] }),
      /binary: out \(buffer #\d+\) holds 11 elements, the call needs 12/,
    );
    expectKanntkError(
      () => b.run({ kind: 'binary', fn: 'add', a, b: short, out: a, outShape: [3, 4], aStrides: [4, 1], bStrides: [1, 1] }),
      /binary: b \(buffer #\d+, 4 elements\) is addressed at \[0, 5\]/,
    );
    expectKanntkError(
      () => b.run({ kind: 'matmul', a, b: short, out, batch: 1, m: 3, k: 4, n: 2, aStrides: [0, 4, 1], bStrides: [0, 2, 1] }),
      /matmul: b \(buffer #\d+, 4 elements\) is addressed at \[0, 7\]/,
    );
    expectKanntkError(() => b.run({ kind: 'fill', out: short, n: 5, value: 0 }), /fill: out \(buffer #\d+\) holds 4 elements, the call needs 5/);
    expectKanntkError(
      () => b.run({ kind: 'copy', x: a, out: short, shape: [2, 2], xStrides: [4, 1], xOffset: 9, outStrides: [2, 1], outOffset: 0 }),
      /copy: x \(buffer #\d+, 12 elements\) is addressed at \[9, 14\]/,
    );
    expectKanntkError(() => b.run({ kind: 'gather', x: a, idx: short, out, outer: 1, axisLen: 5, inner: 1, nIdx: 11 }), /gather: idx \(buffer #\d+\) holds 4 elements, the call needs 11/);
    for (const buf of [a, short, out]) b.free(buf);
  });

  it('bad ranks, counts, strides and parameters', () => {
    const b = s.backend;
    const x = b.alloc(64), out = b.alloc(64);
    const tooDeep = new Array(MAX_RANK + 1).fill(1);
    expectKanntkError(
      () => b.run({ kind: 'copy', x, out, shape: tooDeep, xStrides: tooDeep, xOffset: 0, outStrides: tooDeep, outOffset: 0 }),
      new RegExp(`copy: shape has rank ${MAX_RANK + 1}, more than MAX_RANK = ${MAX_RANK}`),
    );
    expectKanntkError(() => b.run({ kind: 'binary', fn: 'add', a: x, b: x, out, outShape: tooDeep, aStrides: tooDeep, bStrides: tooDeep }), /rank 7, more than MAX_RANK/);
    expectKanntkError(() => b.run({ kind: 'unary', fn: 'exp', x, out, n: -1, param: 0 }), /unary: n = -1 is not a non-negative integer/);
    expectKanntkError(() => b.run({ kind: 'unary', fn: 'exp', x, out, n: 2.5, param: 0 }), /n = 2.5 is not a non-negative integer/);
    expectKanntkError(() => b.run({ kind: 'unary', fn: 'powi', x, out, n: 2, param: 0.5 }), /powi exponent 0.5 is not an integer/);
    expectKanntkError(() => b.run({ kind: 'unary', fn: 'erf' as 'exp', x, out, n: 2, param: 0 }), /unknown function 'erf'/);
    expectKanntkError(() => b.run({ kind: 'reduce', fn: 'sum', x, out, inShape: [4, -4], reduceAxes: [1, 0] }), /inShape\[1\] = -4 is not a non-negative integer/);
    expectKanntkError(() => b.run({ kind: 'reduce', fn: 'sum', x, out, inShape: [4], reduceAxes: [2] }), /reduceAxes\[0\] = 2, expected 0 or 1/);
    expectKanntkError(() => b.run({ kind: 'binary', fn: 'add', a: x, b: x, out, outShape: [2, 2], aStrides: [2], bStrides: [2, 1] }), /aStrides must have 2 entries/);
    expectKanntkError(() => b.run({ kind: 'copy', x, out, shape: [3], xStrides: [-1], xOffset: 1, outStrides: [1], outOffset: 0 }), /x \(buffer #\d+, 64 elements\) is addressed at \[-1, 1\]/);
    expectKanntkError(() => b.run({ kind: 'fill', out, n: 2.5, value: 0 }), /fill: n = 2.5 is not a non-negative integer/);
    expectKanntkError(() => b.run({ kind: 'softmax' } as unknown as KernelCall), /unknown kernel kind 'softmax'|softmax/);
    b.free(x);
    b.free(out);
  });

  it('aliasing: out may be an input only for element-wise calls with the same layout', () => {
    const b = s.backend;
    const x = b.upload(new Array(16).fill(1)), y = b.alloc(16);
    expectKanntkError(
      () => b.run({ kind: 'matmul', a: x, b: y, out: x, batch: 1, m: 2, k: 2, n: 2, aStrides: [0, 2, 1], bStrides: [0, 2, 1] }),
      /matmul: out \(buffer #\d+\) must not also be an input/,
    );
    expectKanntkError(() => b.run({ kind: 'copy', x, out: x, shape: [2], xStrides: [1], xOffset: 0, outStrides: [1], outOffset: 2 }), /copy: out .* must not also be an input/);
    expectKanntkError(() => b.run({ kind: 'reduce', fn: 'sum', x, out: x, inShape: [4, 4], reduceAxes: [0, 1] }), /reduce: out .* must not also be an input/);
    expectKanntkError(
      () => b.run({ kind: 'binary', fn: 'add', a: x, b: y, out: x, outShape: [4, 4], aStrides: [1, 4], bStrides: [4, 1] }),
      /binary: out \(buffer #\d+\) is also an input with a different layout/,
    );
    b.free(x);
    b.free(y);
  });

  it('gather / scatterAdd index values, where the backend reads them on the host', async () => {
    if (s.precision === 'f32') return expect(s.runs('gather')).toBe(true); // the GPU cannot: see layout.test.ts
    const b = s.backend;
    const x = b.upload(new Float64Array(2 * 7 * 3));
    const out = b.alloc(2 * 4 * 3);
    for (const [bad, j] of [[7, 2], [-1, 0], [1.5, 3], [NaN, 1]] as const) {
      const values = [0, 1, 2, 3];
      values[j] = bad;
      const idx = b.upload(values);
      expectKanntkError(() => b.run({ kind: 'gather', x, idx, out, outer: 2, axisLen: 7, inner: 3, nIdx: 4 }), new RegExp(`gather: idx\\[${j}\\] = ${bad} is out of range \\[0, 7\\)`));
      expectKanntkError(() => b.run({ kind: 'scatterAdd', g: out, idx, out: x, outer: 2, axisLen: 7, inner: 3, nIdx: 4 }), /scatterAdd: idx\[\d\] = .* is out of range \[0, 7\)/);
      b.free(idx);
    }
    b.free(x);
    b.free(out);
  });

  it('bspline sizes', () => {
    const b = s.backend;
    const x = b.alloc(1), grid = b.alloc(100), out = b.alloc(100);
    const call = (nKnots: number, k: number): KernelCall => ({ kind: 'bspline', x, grid, out, nPoints: 1, nIn: 1, nKnots, k, deriv: 0 });
    expectKanntkError(() => b.run(call(4, 3)), /bspline: degree 3 needs at least 5 knots, got 4/);
    expectKanntkError(() => b.run({ ...call(8, 3), deriv: -1 } as KernelCall), /deriv = -1 is not a non-negative integer/);
    if (s.precision === 'f32') expectKanntkError(() => b.run(call(MAX_BSPLINE_KNOTS + 1, 3)), new RegExp(`nKnots = ${MAX_BSPLINE_KNOTS + 1} exceeds the webgpu kernel's maximum of ${MAX_BSPLINE_KNOTS} \\(MAX_BSPLINE_KNOTS\\)`));
    [x, grid, out].forEach((buf) => b.free(buf));
  });

  it('basisContract operands, sizes and limits', () => {
    const b = s.backend;
    const nPoints = 4, nIn = 3, nOut = 2, k = 3, nTable = 12, nBasis = 8;
    const x = b.alloc(nPoints * nIn);
    const knots = [-2.2, -1.8, -1.4, -1, -0.6, -0.2, 0.2, 0.6, 1, 1.4, 1.8, 2.2];
    const grid = b.upload(Array.from({ length: nIn }, () => knots).flat());
    const edgeGrid = b.upload(Array.from({ length: nOut * nIn }, () => knots).flat());
    const w = b.alloc(nOut * nIn * nBasis), a = b.alloc(nPoints * nOut), sb = b.alloc(nPoints * nIn);
    const outY = b.alloc(nPoints * nOut), outS = b.alloc(nPoints * nIn), outW = b.alloc(nOut * nIn * nBasis);
    const short = b.alloc(5), coef = b.alloc(64), big = b.alloc(4096);
    const base: KernelBasisContract = {
      kind: 'basisContract', mode: 'y', basis: 'bspline', x, table: grid, w, a: null, s: sb, out: outY,
      nPoints, nIn, nOut, nBasis, nTable, k, deriv: 0, gridPerEdge: false,
    };
    const run = (patch: Partial<KernelBasisContract>) => () => b.run({ ...base, ...patch });
    // a good call of each mode first
    run({})();
    run({ mode: 's', a, s: null, out: outS })();
    run({ mode: 'w', a, w: null, out: outW })();
    run({ gridPerEdge: true, table: edgeGrid })();
    // tanhPoly: nBasis rows of nTable coefficients; k and deriv are ignored there
    run({ basis: 'tanhPoly', nBasis: 8, nTable: 4, table: coef, k: -1, deriv: 0.5 })();

    // which operands each mode reads
    expectKanntkError(run({ a }), /basisContract \(mode 'y', bspline\): a must be null in mode 'y'/);
    expectKanntkError(run({ w: null }), /w must be a buffer in mode 'y'/);
    expectKanntkError(run({ mode: 's', a: null, s: null, out: outS }), /a must be a buffer in mode 's'/);
    expectKanntkError(run({ mode: 'w', a, out: outW }), /w must be null in mode 'w'/);
    expectKanntkError(run({ mode: 'w', w: null, out: outW }), /a must be a buffer in mode 'w'/);
    // buffer lengths
    expectKanntkError(run({ x: short }), /x \(buffer #\d+\) holds 5 elements, the call needs 12/);
    expectKanntkError(run({ w: short }), /w \(buffer #\d+\) holds 5 elements, the call needs 48/);
    expectKanntkError(run({ s: short }), /s \(buffer #\d+\) holds 5 elements, the call needs 12/);
    expectKanntkError(run({ out: short }), /out \(buffer #\d+\) holds 5 elements, the call needs 8/);
    expectKanntkError(run({ mode: 's', a: short, s: null, out: outS }), /a \(buffer #\d+\) holds 5 elements, the call needs 8/);
    expectKanntkError(run({ mode: 's', a, s: null, out: outY }), /out \(buffer #\d+\) holds 8 elements, the call needs 12/);
    expectKanntkError(run({ mode: 'w', a, w: null, out: outS }), /out \(buffer #\d+\) holds 12 elements, the call needs 48/);
    // knot rows: nIn per input, nOut·nIn per edge; tanhPoly: one row per basis function
    expectKanntkError(run({ gridPerEdge: true }), /table \(buffer #\d+\) holds 36 elements, the call needs 72/);
    expectKanntkError(run({ table: short }), /table \(buffer #\d+\) holds 5 elements, the call needs 36/);
    expectKanntkError(run({ basis: 'tanhPoly', nBasis: 8, nTable: 9, table: coef }), /table \(buffer #\d+\) holds 64 elements, the call needs 72/);
    expectKanntkError(run({ basis: 'tanhPoly', nBasis: 9, nTable: 4, table: coef }), /w \(buffer #\d+\) holds 48 elements, the call needs 54/);
    // spline sizes
    expectKanntkError(run({ nTable: 4, nBasis: 0 }), /degree 3 needs at least 5 knots, got nTable = 4/);
    expectKanntkError(run({ nBasis: 7 }), /nBasis = 7, expected nTable − k − 1 = 8/);
    expectKanntkError(run({ k: -1 }), /k = -1 is not a non-negative integer/);
    expectKanntkError(run({ deriv: 1.5 }), /deriv = 1.5 is not a non-negative integer/);
    expectKanntkError(run({ nPoints: -4 }), /nPoints = -4 is not a non-negative integer/);
    expectKanntkError(run({ nIn: 2.5 }), /nIn = 2.5 is not a non-negative integer/);
    expectKanntkError(run({ nOut: NaN }), /nOut = NaN is not a non-negative integer/);
    // kinds, aliasing
    expectKanntkError(run({ mode: 'z' as 'y' }), /basisContract: mode 'z' is not one of y, s, w/);
    expectKanntkError(run({ basis: 'fourier' as 'bspline' }), /basisContract: basis 'fourier' is not one of bspline, tanhPoly/);
    expectKanntkError(run({ mode: 's', a, s: null, out: x }), /out \(buffer #\d+\) must not also be an input/);
    // the GPU kernel's fixed arrays
    if (s.precision === 'f32') {
      expectKanntkError(run({ k: MAX_BASIS_CONTRACT_DEGREE + 1, nTable: 20, nBasis: 20 - MAX_BASIS_CONTRACT_DEGREE - 2, table: big }), /MAX_BASIS_CONTRACT_DEGREE/);
      expectKanntkError(run({ nTable: MAX_BSPLINE_KNOTS + 1, nBasis: MAX_BSPLINE_KNOTS - 3, table: big, w: big }), new RegExp(`maximum of ${MAX_BSPLINE_KNOTS}`));
      expectKanntkError(run({ basis: 'tanhPoly', nBasis: MAX_BASIS_CONTRACT_VALUES + 1, nTable: 4, table: big, w: big }), /MAX_BASIS_CONTRACT_VALUES/);
      expectKanntkError(run({ basis: 'tanhPoly', nBasis: 4, nTable: MAX_BASIS_CONTRACT_VALUES + 1, table: big, w: big }), /MAX_BASIS_CONTRACT_VALUES/);
    }
    for (const buf of [x, grid, edgeGrid, w, a, sb, outY, outS, outW, short, coef, big]) b.free(buf);
  });

  it('jacobiSweeps: bad n, sweeps, short or aliased buffers leave a and v untouched', async () => {
    const b = s.backend;
    const n = 4;
    const call = (over: Partial<Extract<KernelCall, { kind: 'jacobiSweeps' }>>, a: DeviceBuffer, v: DeviceBuffer): KernelCall =>
      ({ kind: 'jacobiSweeps', a, v, n, sweeps: 1, ...over });
    const cases: Array<[(a: DeviceBuffer, v: DeviceBuffer, short: DeviceBuffer) => KernelCall, RegExp]> = [
      [(a, v) => call({ n: 0 }, a, v), /jacobiSweeps: n = 0 is not a positive integer/],
      [(a, v) => call({ n: -3 }, a, v), /n = -3 is not a positive integer/],
      [(a, v) => call({ n: 2.5 }, a, v), /n = 2.5 is not a positive integer/],
      [(a, v) => call({ n: NaN }, a, v), /n = NaN is not a positive integer/],
      [(a, v) => call({ n: 50000 }, a, v), /an n = 50000 matrix has 2500000000 elements|n = 50000 exceeds/],
      [(a, v) => call({ sweeps: -1 }, a, v), /sweeps = -1 is not a non-negative integer/],
      [(a, v) => call({ sweeps: 1.5 }, a, v), /sweeps = 1.5 is not a non-negative integer/],
      [(a, v) => call({ sweeps: Infinity }, a, v), /sweeps = Infinity/],
      [(_a, v, short) => call({}, short, v), /a \(buffer #\d+\) holds 15 elements, the call needs 16/],
      [(a, _v, short) => call({}, a, short), /v \(buffer #\d+\) holds 15 elements, the call needs 16/],
      [(a) => call({}, a, a), /a and v are the same buffer \(#\d+\)/],
    ];
    if (s.precision === 'f32') cases.push([(a, v) => call({ n: MAX_JACOBI_N + 1 }, a, v), /MAX_JACOBI_N/]);
    for (const [make, message] of cases) {
      const a0 = s.stored(randomSymmetric(n, createRandom(3)));
      const a = b.upload(a0), v = b.upload(identity(n)), short = b.alloc(n * n - 1);
      expectKanntkError(() => b.run(make(a, v, short)), message);
      expect(Array.from(await b.read(a))).toEqual(Array.from(a0));
      expect(Array.from(await b.read(v))).toEqual(Array.from(identity(n)));
      for (const buf of [a, v, short]) b.free(buf);
    }
  });

  it('jacobiSweeps: a matrix over the device limit', () => {
    // the largest n whose n² f32 elements exceed one storage buffer, kept under MAX_JACOBI_N
    const b = s.backend;
    const maxBytes = b.info.memory.maxBufferBytes;
    const bytes = s.pick(8, 4);
    const n = Math.ceil(Math.sqrt(maxBytes / bytes + 1));
    const a = b.alloc(4), v = b.alloc(4);
    if (s.precision === 'f32' && n <= MAX_JACOBI_N) {
      expectKanntkError(() => b.run({ kind: 'jacobiSweeps', a, v, n, sweeps: 1 }), new RegExp(`an n = ${n} matrix has \\d+ elements, more than the webgpu backend's`));
    } else {
      expectKanntkError(() => b.run({ kind: 'jacobiSweeps', a, v, n, sweeps: 1 }), /jacobiSweeps: /);
    }
    b.free(a);
    b.free(v);
  });

  it('tridiagonalize / householderApply: bad n, m, short and aliased buffers', () => {
    if (!s.runs('tridiagonalize')) return expect(s.backend.supports('tridiagonalize')).toBe(false); // refused: see tridiagonal.test.ts
    const b = s.backend;
    const a = b.alloc(16), tau = b.alloc(4), z = b.alloc(8), a25 = b.alloc(25), tau3 = b.alloc(3);
    for (const n of [-1, 2.5, NaN]) {
      expectKanntkError(() => b.run({ kind: 'tridiagonalize', a, tau, n }), /tridiagonalize: n = .* is not a non-negative integer/);
      expectKanntkError(() => b.run({ kind: 'householderApply', a, tau, z, n, m: 2 }), /householderApply: n = .* is not a non-negative integer/);
    }
    for (const m of [-3, 0.5]) expectKanntkError(() => b.run({ kind: 'householderApply', a, tau, z, n: 4, m }), /m = .* is not a non-negative integer/);
    expectKanntkError(() => b.run({ kind: 'tridiagonalize', a, tau, n: 5 }), /a \(buffer #\d+\) holds 16 elements, the call needs 25/);
    expectKanntkError(() => b.run({ kind: 'tridiagonalize', a: a25, tau, n: 5 }), /tau \(buffer #\d+\) holds 4 elements, the call needs 5/);
    expectKanntkError(() => b.run({ kind: 'householderApply', a, tau, z, n: 4, m: 3 }), /z \(buffer #\d+\) holds 8 elements, the call needs 12/);
    expectKanntkError(() => b.run({ kind: 'householderApply', a, tau: tau3, z, n: 4, m: 2 }), /tau \(buffer #\d+\) holds 3 elements, the call needs 4/);
    expectKanntkError(() => b.run({ kind: 'tridiagonalize', a, tau, n: 50000 }), /an n = 50000 matrix has/);
    expectKanntkError(() => b.run({ kind: 'tridiagonalize', a, tau: a, n: 4 }), /a and tau are the same buffer/);
    expectKanntkError(() => b.run({ kind: 'householderApply', a, tau, z: a, n: 4, m: 4 }), /z \(buffer #\d+\) must not also be a/);
    expectKanntkError(() => b.run({ kind: 'householderApply', a, tau, z: tau, n: 4, m: 1 }), /z \(buffer #\d+\) must not also be tau/);
    // n = 0 needs nothing
    b.run({ kind: 'tridiagonalize', a, tau, n: 0 });
    b.run({ kind: 'householderApply', a, tau, z, n: 0, m: 5 });
    [a, tau, z, a25, tau3].forEach((buf) => b.free(buf));
  });
});
