// What belongs to the WebAssembly backend alone (its kernels are tested in
// conformance/): how it describes itself, and linear memory that grows.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KERNEL_KINDS } from '../../src/backend/kernels.js';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { backendEntry } from '../../src/backend/registry.js';
import { createRandom } from '../helpers/random.js';
import { createReferenceBackend } from '../reference/reference-backend.js';

let backend: Backend;
beforeAll(async () => {
  backend = await createWasmBackend({ threads: 1 });
});
afterAll(() => backend.dispose());

describe('wasm backend', () => {
  it('describes itself as f64 WebAssembly and runs every kernel, as its registry entry says', () => {
    expect(backend.info).toEqual({
      name: 'wasm', precision: 'f64', device: 'WebAssembly (f64, SIMD, 1 thread)',
      memory: { maxBufferBytes: 2 ** 31, maxTotalBytes: 3 * 2 ** 30 },
      threads: { count: 1, reason: 'one thread was asked for' },
    });
    for (const kind of KERNEL_KINDS) expect(backend.supports(kind)).toBe(backendEntry('wasm').kernels.includes(kind));
    expect(backendEntry('wasm').kernels).toEqual(KERNEL_KINDS);
  });

  it('keeps data intact when the memory grows', async () => {
    const data = createRandom(9).array(1000);
    const kept = backend.upload(data);
    const big = backend.alloc(6_000_000); // 48 MB: forces memory.grow
    backend.run({ kind: 'fill', out: big, n: big.length, value: 1.5 });
    expect(await backend.read(kept)).toEqual(data);
    expect(Array.from((await backend.read(big)).subarray(big.length - 3))).toEqual([1.5, 1.5, 1.5]);
    backend.free(big);
    backend.free(kept);
  });

  it('evaluates B-splines on increasing knots by their k+1 window, to the bit of the full triangle', async () => {
    // the window path forms every kept value with the reference's operations; rows with
    // repeated knots take the full triangle (tested against the reference in conformance/)
    const reference = await createReferenceBackend();
    const rnd = createRandom(5);
    let compared = 0;
    for (const [G, k] of [[5, 3], [20, 3], [7, 2], [3, 1], [10, 5], [4, 0]]) {
      const nKnots = G + 2 * k + 1, nIn = 3, nPoints = 200, nBasis = nKnots - k - 1;
      const uniform = Array.from({ length: nKnots }, (_, j) => -1 + ((j - k) * 2) / G);
      const jittered = uniform.map((t, j) => (j > 0 && j < nKnots - 1 ? t + (0.3 * (rnd.next() - 0.5)) / G : t)).sort((a, b) => a - b);
      const grid = [...uniform, ...jittered, ...uniform.map((t) => 3 * t)];
      const x = rnd.array(nPoints * nIn, -1.3, 1.3);
      x[0] = NaN;
      x[1] = -Infinity;
      x[2] = uniform[nKnots - 1];
      for (let deriv = 0; deriv <= k + 1; deriv++) {
        const [got, want] = await Promise.all([backend, reference].map(async (b) => {
          const bx = b.upload(x), bg = b.upload(grid), out = b.alloc(nPoints * nIn * nBasis);
          b.run({ kind: 'bspline', x: bx, grid: bg, out, nPoints, nIn, nKnots, k, deriv });
          const values = await b.read(out);
          for (const buf of [bx, bg, out]) b.free(buf);
          return values;
        }));
        // equal as numbers (±0 alike) and NaN where the reference has NaN
        got.forEach((g, i) => {
          if (!(g === want[i] || (Number.isNaN(g) && Number.isNaN(want[i])))) expect.fail(`G=${G} k=${k} d=${deriv} [${i}]: ${g} vs ${want[i]}`);
        });
        compared += got.length;
      }
    }
    expect(compared).toBeGreaterThan(100_000);
    reference.dispose();
  });
});
