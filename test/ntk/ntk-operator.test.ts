// The matrix-free NTK: K·v by blocks of points (one reverse pass for Jᵀv, reverse
// over reverse for J·u) against the assembled K, and its top eigenpairs by Lanczos
// against the dense eigendecomposition.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createKan } from '../../src/kan/build.js';
import { ntk } from '../../src/ntk/ntk.js';
import { NtkOperator, ntkTopEigenpairs } from '../../src/ntk/ntk-operator.js';
import { eigh } from '../../src/spectral/eigh.js';
import { makeBackend } from '../helpers/engines.js';
import { createRandom } from '../helpers/random.js';

const points = (n: number, seed: number) => ({ shape: [n, 2], data: Array.from(createRandom(seed).array(2 * n)) });

describe('NTK operator (matrix-free)', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());

  for (const [label, dims] of [['one output', [2, 5, 1]], ['three outputs (K summed over them)', [2, 4, 3]]] as const) {
    it(`K·v equals the assembled K times v, over several blocks: ${label}`, async () => {
      const bound = createKan({ layerDims: [...dims], G: 5, k: 3, init: { type: 'glorot' }, seed: 7 }).bind(backend);
      const x = points(70, 3);
      const K = await ntk(bound, x);
      const op = new NtkOperator(bound, x, { blockSize: 16 });
      expect(op.blockCount).toBe(5);
      const v = createRandom(11).array(70);
      const kv = await op.apply(v);
      let err = 0, scale = 0;
      for (let i = 0; i < 70; i++) {
        let s = 0;
        for (let j = 0; j < 70; j++) s += K.data[i * 70 + j] * v[j];
        err = Math.max(err, Math.abs(kv[i] - s));
        scale = Math.max(scale, Math.abs(s));
      }
      expect(err / scale).toBeLessThan(1e-12);
      op.dispose();
      bound.dispose();
    });
  }

  it('top eigenpairs by Lanczos equal the dense eigendecomposition', async () => {
    const bound = createKan({ layerDims: [2, 8, 8, 1], G: 5, k: 3, init: { type: 'glorot' }, seed: 43 }).bind(backend);
    const x = points(300, 5);
    const dense = await eigh({ backend }, await ntk(bound, x));
    const top = await ntkTopEigenpairs(bound, x, { k: 6, blockSize: 128 });
    expect(top.converged).toBe(true);
    expect(top.blocks).toBe(3);
    for (let i = 0; i < 6; i++) expect(Math.abs(top.values[i] - dense.values[i]) / dense.values[i], `λ${i}`).toBeLessThan(1e-9);
    // the eigenvectors too (both unit, largest component positive)
    for (let i = 0; i < 3; i++) {
      let dot = 0;
      for (let j = 0; j < 300; j++) dot += top.vectors[i][j] * dense.vectors![i][j];
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-8);
    }
    bound.dispose();
  });

  it('names bad input', async () => {
    const bound = createKan({ layerDims: [2, 3, 1], G: 3, k: 3, init: { type: 'glorot' }, seed: 1 }).bind(backend);
    expect(() => new NtkOperator(bound, { shape: [4, 3], data: new Array(12).fill(0) })).toThrow(/points must be \[n, 2\]/);
    const op = new NtkOperator(bound, points(4, 1));
    await expect(op.apply(new Float64Array(5))).rejects.toThrow(/v has length 5, expected 4/);
    op.dispose();
    await expect(ntkTopEigenpairs(bound, points(4, 1), { k: 0 })).rejects.toThrow(/k must be a positive integer/);
    bound.dispose();
  });
});
