// Reductions and matrix products on every backend against the reference:
// non-adjacent and adjacent axes, long odd rows and columns (SIMD tails,
// cooperative GPU reductions), scalars and empty kept axes; matmul with ragged
// blocks, transposes, shared (stride-0) batches, k = 0 and m = 0.
//
// Tolerances (why): a sum or product carries the rounding of its summation
// order, which differs between backends (SIMD partial sums, GPU trees), so the
// error scale is Σ|terms| per output (the same call on |inputs|):
// - f64: 1e-13 × Σ|terms|;   f32: 1e-5 × Σ|terms| (f32 accumulation of up to
//   ~10^5 terms in a tree);
// - max: exact (it picks an input).

import { it, expect } from 'vitest';
import { REDUCE_FNS, sizeOf, type ReduceFn } from '../../../src/backend/kernels.js';
import { createRandom } from '../../helpers/random.js';
import { describeBackends, notReference, runBoth, absScale, expectClose, expectExact, expectKanntkError, type Subject } from './harness.js';

async function checkReduce(s: Subject, fn: ReduceFn, inShape: number[], reduceAxes: number[], seed: number): Promise<void> {
  const x = createRandom(seed).array(sizeOf(inShape), -10, 10);
  const outSize = sizeOf(inShape.filter((_, d) => !reduceAxes[d]));
  const { got, want, call, host } = await runBoth(s, { x, out: new Float64Array(outSize).fill(123) }, (b) => ({
    kind: 'reduce', fn, x: b.x, out: b.out, inShape, reduceAxes,
  }));
  if (fn === 'max') return expectExact('max', got, want);
  const scale = absScale(call, host, [call.kind === 'reduce' ? call.x : call.out]);
  expectClose('sum', got, want, { rel: s.pick(1e-13, 1e-5), scale: (i) => Math.max(scale[i], Number.MIN_VALUE) });
}

describeBackends('reduce', (s) => {
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
      it(`${fn} over [${reduceAxes}] of [${shape}]`, () => checkReduce(s, fn, shape, reduceAxes, 200 + reduceAxes.join('').length));
    }
    it(`${fn} of long odd rows and columns (SIMD tails, one workgroup per output, cooperative columns)`, async () => {
      await checkReduce(s, fn, [3, 100_003], [0, 1], 7);
      await checkReduce(s, fn, [1001, 3], [1, 0], 8);
      await checkReduce(s, fn, [2, 3, 5, 7, 3, 9], [1, 0, 1, 0, 1, 0], 9);
      await checkReduce(s, fn, [2, 40, 30, 2], [0, 1, 1, 0], 10); // 2400 terms per output
    });
    it(`${fn} of a scalar and over an empty kept axis; an empty reduced axis is refused`, async () => {
      await checkReduce(s, fn, [], [], 10);
      await checkReduce(s, fn, [4, 0], [1, 0], 11);
      const x = s.backend.alloc(1), out = s.backend.alloc(4);
      expectKanntkError(() => s.backend.run({ kind: 'reduce', fn, x, out, inShape: [0, 4], reduceAxes: [1, 0] }), /axis 0 is reduced over an empty extent/);
      s.backend.free(x);
      s.backend.free(out);
    });
  }
}, notReference);

describeBackends('matmul', (s) => {
  interface MatmulCase { name: string; batch: number; m: number; k: number; n: number; transA?: boolean; transB?: boolean; shareB?: boolean }
  const cases: MatmulCase[] = [
    { name: 'small', batch: 1, m: 3, k: 5, n: 7 },
    { name: 'vector × matrix', batch: 1, m: 1, k: 33, n: 9 },
    { name: 'vector × matrix, transposed B', batch: 1, m: 1, k: 64, n: 70, transB: true },
    { name: 'blocked, ragged edges, k > KC', batch: 1, m: 67, k: 300, n: 70 }, // 300 > KC = 128: three depth blocks
    { name: 'blocked, n > NC', batch: 1, m: 9, k: 20, n: 1029 },
    { name: 'non-square, not multiples of the GPU tile, batched', batch: 3, m: 37, k: 19, n: 45 },
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
      // transposed storage: A kept as [batch, k, m], B as [batch, n, k]
      const aStrides: [number, number, number] = c.transA ? [c.m * c.k, 1, c.m] : [c.m * c.k, c.k, 1];
      const bStrides: [number, number, number] = c.transB ? [c.k * c.n, 1, c.k] : [c.k * c.n, c.n, 1];
      if (c.shareB) bStrides[0] = 0;
      const outLen = Math.max(1, c.batch * c.m * c.n);
      const { got, want, call, host } = await runBoth(s, { a, b, out: new Float64Array(outLen).fill(5) }, (bf) => ({
        kind: 'matmul', a: bf.a, b: bf.b, out: bf.out, batch: c.batch, m: c.m, k: c.k, n: c.n, aStrides, bStrides,
      }));
      const scale = call.kind === 'matmul' ? absScale(call, host, [call.a, call.b]) : new Float64Array(0);
      expectClose(c.name, got, want, { rel: s.pick(1e-13, 1e-5), scale: (i) => Math.max(scale[i], Number.MIN_VALUE) });
      if (c.k === 0 && c.m > 0) expect(got.every((v) => v === 0)).toBe(true);
    });
  }
}, notReference);
