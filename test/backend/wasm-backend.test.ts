// What belongs to the WebAssembly backend alone (its kernels are tested in
// conformance/): how it describes itself, and linear memory that grows.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KERNEL_KINDS } from '../../src/backend/kernels.js';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { backendEntry } from '../../src/backend/registry.js';
import { createRandom } from '../helpers/random.js';

let backend: Backend;
beforeAll(async () => {
  backend = await createWasmBackend();
});
afterAll(() => backend.dispose());

describe('wasm backend', () => {
  it('describes itself as f64 WebAssembly and runs every kernel, as its registry entry says', () => {
    expect(backend.info).toEqual({
      name: 'wasm', precision: 'f64', device: 'WebAssembly (f64, SIMD)',
      memory: { maxBufferBytes: 2 ** 31, maxTotalBytes: 3 * 2 ** 30 },
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
});
