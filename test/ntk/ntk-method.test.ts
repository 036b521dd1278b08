// ntk's method 'auto' (the default): plain J·Jᵀ when the model is small next to
// the point set (n ≥ P·C/2), the structured Gram assembly otherwise; the same K.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createKan } from '../../src/kan/build.js';
import { ntk, resolveNtkMethod } from '../../src/ntk/ntk.js';
import { makeBackend } from '../helpers/engines.js';
import { createRandom } from '../helpers/random.js';
import { relErr } from '../helpers/nd.js';

describe("ntk method 'auto'", () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());

  it('plain from n ≥ P·C/2, structured below; explicit methods pass through', () => {
    const small = createKan({ layerDims: [2, 3, 2], G: 3, k: 3, init: { type: 'glorot' }, seed: 1 }).bind(backend);
    const pc = small.model.nParams * small.model.nOut;
    expect(resolveNtkMethod(small, Math.ceil(pc / 2), 'auto')).toBe('plain');
    expect(resolveNtkMethod(small, Math.ceil(pc / 2) - 1, 'auto')).toBe('structured');
    expect(resolveNtkMethod(small, 1, 'plain')).toBe('plain');
    expect(resolveNtkMethod(small, 10 ** 6, 'structured')).toBe('structured');
    small.dispose();
  });

  it('gives the K of both methods on either side of the crossover', async () => {
    const bound = createKan({ layerDims: [2, 3, 1], G: 3, k: 3, init: { type: 'glorot' }, seed: 2 }).bind(backend);
    const P = bound.model.nParams;
    for (const n of [Math.ceil(P / 2) - 3, Math.ceil(P / 2) + 3]) {
      const x = { shape: [n, 2], data: Array.from(createRandom(n).array(2 * n)) };
      const auto = await ntk(bound, x), plain = await ntk(bound, x, { method: 'plain' }), structured = await ntk(bound, x, { method: 'structured' });
      expect(relErr(auto.data, plain.data)).toBeLessThan(1e-12);
      expect(relErr(auto.data, structured.data)).toBeLessThan(1e-12);
    }
    await expect(ntk(bound, { shape: [2, 2], data: [0, 0, 1, 1] }, { method: 'fast' as never })).rejects.toThrow(/unknown method 'fast' \(expected auto, structured or plain\)/);
    bound.dispose();
  });
});
