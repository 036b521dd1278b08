// Data movement on every backend against the reference: strided copies
// (transpose, slice, concat, broadcast, reverse, rank 6), gather and
// scatterAdd with repeated indices. Copies and gathers move values, so they
// are exact; scatterAdd sums repeated indices (f32: 1e-6 × Σ|terms|).

import { it, expect } from 'vitest';
import { contiguousStrides, sizeOf, type KernelCall } from '../../../src/backend/kernels.js';
import type { DeviceBuffer } from '../../../src/backend/buffer.js';
import { KanntkError } from '../../../src/errors.js';
import { runReference } from '../../reference/kernels.js';
import { createRandom } from '../../helpers/random.js';
import { describeBackends, notReference, runBoth, absScale, expectClose, expectExact } from './harness.js';

describeBackends('copy', (s) => {
  const rnd = createRandom(77);
  it('transposes', async () => {
    const x = rnd.array(37 * 41);
    const { got, want } = await runBoth(s, { x, out: new Float64Array(37 * 41) }, (b) => ({
      kind: 'copy', x: b.x, out: b.out, shape: [41, 37], xStrides: [1, 41], xOffset: 0, outStrides: [37, 1], outOffset: 0,
    }));
    expectExact('transpose', got, want);
  });

  it('slices with an offset, and transposes into a slice of a larger buffer leaving the rest', async () => {
    const x = rnd.array(10 * 12);
    const sl = await runBoth(s, { x, out: new Float64Array(20) }, (b) => ({
      kind: 'copy', x: b.x, out: b.out, shape: [4, 5], xStrides: [12, 1], xOffset: 2 * 12 + 3, outStrides: [5, 1], outOffset: 0,
    }));
    expectExact('slice', sl.got, sl.want);
    // out[5 + j·6 + i] = x[2 + i·4 + j]: the transpose into rows of width 6, starting at 5
    const tr = await runBoth(s, { x: rnd.array(14), out: new Float64Array(40).fill(-9) }, (b) => ({
      kind: 'copy', x: b.x, out: b.out, shape: [3, 4], xStrides: [4, 1], xOffset: 2, outStrides: [1, 6], outOffset: 5,
    }));
    expectExact('transpose into a slice', tr.got, tr.want);
    expect(tr.got.filter((v) => v === -9).length).toBe(40 - 12);
  });

  it('concatenates parts into one buffer, leaving the rest untouched', async () => {
    const backend = s.backend;
    const p = rnd.array(3 * 5), q = rnd.array(4 * 5), r = rnd.array(7 * 2);
    const init = s.stored(rnd.array(7 * 8));
    const out = backend.upload(init);
    const host = new Map<DeviceBuffer, Float64Array>([[out, init]]);
    // out is [7, 8]: p → rows 0..3 × cols 0..5, q → rows 3..7 × cols 0..5, r → cols 5..7 of every row
    const parts: [Float64Array, number[], number[], number][] = [
      [p, [3, 5], [5, 1], 0], [q, [4, 5], [5, 1], 3 * 8], [r, [7, 2], [2, 1], 5],
    ];
    for (const [data, shape, xStrides, outOffset] of parts) {
      const x = backend.upload(data);
      host.set(x, s.stored(data));
      const call: KernelCall = { kind: 'copy', x, out, shape, xStrides, xOffset: 0, outStrides: [8, 1], outOffset };
      backend.run(call);
      runReference(call, (buf) => host.get(buf)!);
      backend.free(x);
    }
    expectExact('concat', await backend.read(out), host.get(out)!);
    backend.free(out);
  });

  it('broadcasts, reverses, permutes rank 6 and copies long contiguous runs', async () => {
    const x = rnd.array(1001);
    const perm = contiguousStrides([3, 2, 2, 3, 1, 2]); // a permuted layout of [2, 1, 3, 2, 2, 3]
    for (const [shape, xStrides, xOffset] of [
      [[6, 1001], [0, 1], 0], // broadcast-to
      [[1001], [-1], 1000], // negative stride, reversed
      [[2, 3, 7], [0, 7, 1], 500], // rank 3 broadcast from an offset
      [[2, 1, 3, 2, 2, 3], [perm[5], perm[4], perm[0], perm[1], perm[2], perm[3]], 0], // rank 6 permutation
    ] as [number[], number[], number][]) {
      const n = sizeOf(shape);
      const { got, want } = await runBoth(s, { x, out: new Float64Array(n) }, (b) => ({
        kind: 'copy', x: b.x, out: b.out, shape, xStrides, xOffset, outStrides: contiguousStrides(shape), outOffset: 0,
      }));
      expectExact(`copy [${shape}]`, got, want);
    }
  });
}, notReference);

describeBackends('gather / scatterAdd', (s) => {
  const rnd = createRandom(31);
  const idx = [6, 0, 6, 2, 2, 2, 5, 0];
  for (const [outer, axisLen, inner] of [[3, 7, 5], [2, 7, 1], [1, 7, 8], [4, 7, 3]]) {
    it(`gather [${outer}, ${axisLen}, ${inner}] with repeated indices`, async () => {
      const x = rnd.array(outer * axisLen * inner);
      const { got, want } = await runBoth(s, { x, idx, out: new Float64Array(outer * idx.length * inner) }, (b) => ({
        kind: 'gather', x: b.x, idx: b.idx, out: b.out, outer, axisLen, inner, nIdx: idx.length,
      }));
      expectExact('gather', got, want);
    });
    it(`scatterAdd [${outer}, ${axisLen}, ${inner}] sums repeated indices and zeroes untouched rows`, async () => {
      const g = rnd.array(outer * idx.length * inner);
      const { got, want, call, host } = await runBoth(s, { g, idx, out: rnd.array(outer * axisLen * inner) }, (b) => ({
        kind: 'scatterAdd', g: b.g, idx: b.idx, out: b.out, outer, axisLen, inner, nIdx: idx.length,
      }));
      const scale = call.kind === 'scatterAdd' ? absScale(call, host, [call.g]) : new Float64Array(0);
      expectClose('scatterAdd', got, want, { rel: s.pick(0, 1e-6), scale: (i) => scale[i] });
    });
  }

  it('an index out of range is refused where the backend can read indices, else gives NaN (gather) or is skipped (scatterAdd)', async () => {
    // the wasm core and the reference check index values on the host; a GPU cannot see them without a read-back,
    // so its shaders make a bad gather index NaN and skip a bad scatter index
    const backend = s.backend;
    const x = backend.upload([1, 2, 3]), idx = backend.upload([2, 3, -1, 0.5]), out = backend.upload([0, 0, 0, 0]);
    let refused: unknown = null;
    try {
      backend.run({ kind: 'gather', x, idx, out, outer: 1, axisLen: 3, inner: 1, nIdx: 4 });
    } catch (e) {
      refused = e;
    }
    if (refused) {
      expect(refused).toBeInstanceOf(KanntkError);
      expect((refused as Error).message).toMatch(/idx\[1\] = 3 is out of range \[0, 3\)/);
    } else {
      const got = await backend.read(out);
      expect(got[0]).toBe(3);
      expect([got[1], got[2], got[3]].every(Number.isNaN)).toBe(true);
      const g = backend.upload([1, 10, 100]), idx2 = backend.upload([1, 3, 1]), out2 = backend.upload([0, 0, 0]);
      backend.run({ kind: 'scatterAdd', g, idx: idx2, out: out2, outer: 1, axisLen: 3, inner: 1, nIdx: 3 });
      expect([...(await backend.read(out2))]).toEqual([0, 101, 0]);
      for (const b of [g, idx2, out2]) backend.free(b);
    }
    for (const b of [x, idx, out]) backend.free(b);
  });
}, notReference);
