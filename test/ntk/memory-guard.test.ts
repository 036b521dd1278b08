// The NTK's memory guard refuses before allocating, names the sizes, and gives
// advice that fits the method in use (structured is the lean one already).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createKan } from '../../src/kan/build.js';
import { ntk } from '../../src/ntk/ntk.js';
import { makeBackend } from '../helpers/engines.js';

/** The same backend claiming only `total` bytes of memory (and a quarter of it per array). */
function withMemory(backend: Backend, total: number): Backend {
  return Object.create(backend, { info: { value: { ...backend.info, memory: { maxBufferBytes: total / 4, maxTotalBytes: total } } } });
}

describe('NTK memory guard', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());

  const points = (n: number) => ({ shape: [n, 2], data: Array.from({ length: 2 * n }, (_, i) => Math.sin(i)) });
  const model = createKan({ layerDims: [2, 8, 8, 1], G: 5, k: 3, init: { type: 'glorot' }, seed: 3 });

  it('plain: refuses a Jacobian too big, and points to the structured method where that needs less', async () => {
    const bound = model.bind(withMemory(backend, 4 * 2 ** 20));
    try {
      await expect(ntk(bound, points(200), { method: 'plain' })).rejects.toThrow(/the Jacobian \(plain NTK\) of 200 points × 897 parameters needs about .* MiB .*: use fewer points, or the structured method/);
      // with many points J is the smaller of the two: no advice to take the structured method
      await expect(ntk(bound, points(2000), { method: 'plain' })).rejects.toThrow(/of 2000 points × 897 parameters needs .*: use fewer points, or take the top eigenpairs without forming K/);
    } finally {
      bound.dispose();
    }
  });

  it('structured: refuses too many points, and does not recommend the method in use', async () => {
    const bound = model.bind(withMemory(backend, 4 * 2 ** 20));
    try {
      const err = await ntk(bound, points(2000), { method: 'structured' }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/the structured NTK of 2000 points needs about .*: use fewer points, or take the top eigenpairs without forming K \(ntkTopEigenpairs; kanntk ntk --matrix-free --top K\)$/);
      expect((err as Error).message).not.toMatch(/structured method/);
    } finally {
      bound.dispose();
    }
  });
});
