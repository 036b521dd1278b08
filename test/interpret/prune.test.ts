// Pruning against hand-built models: a hidden node whose edges are all zero is
// removed, a zero edge is masked, nothing else changes, and the smaller model
// and the masked one compute what the original computes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createKan } from '../../src/kan/build.js';
import { KanModel } from '../../src/kan/model.js';
import { prune } from '../../src/interpret/prune.js';
import { importanceScores } from '../../src/interpret/importance.js';
import { makeBackend } from '../helpers/engines.js';
import { relErr } from '../helpers/nd.js';
import { createSeededRandom } from '../../src/math/random.js';

const rng = createSeededRandom(4);
const x = { shape: [16, 2], data: Float64Array.from({ length: 32 }, () => rng.uniform(-1, 1)) };

/** [2, 4, 1] with hidden node 2 cut off (its incoming and outgoing edges zero) and edge (3 ← 1) of layer 0 zero. */
function handBuilt(type: 'spline' | 'base' | 'chebyshev'): KanModel {
  const spec = createKan({ layerDims: [2, 4, 1], layer: type, G: 4, D: 3, init: { type: 'glorot' }, seed: 8 } as never).toJSON() as any;
  const zeroEdge = (l: number, o: number, i: number) => {
    const layer = spec.layers[l], nIn = layer.n_in, c = layer.c_basis, nB = c.shape[c.shape.length - 1];
    for (let b = 0; b < nB; b++) c.data[(o * nIn + i) * nB + b] = 0;
    if (layer.c_res) layer.c_res.data[o * nIn + i] = 0;
  };
  zeroEdge(0, 2, 0);
  zeroEdge(0, 2, 1);
  zeroEdge(1, 0, 2);
  zeroEdge(0, 3, 1);
  return KanModel.fromJSON(spec);
}

describe('prune', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());

  for (const type of ['spline', 'base', 'chebyshev'] as const) {
    it(`${type}: the dead node goes, the zero edge is masked, the function is kept (remove and mask)`, async () => {
      const m = handBuilt(type);
      const bound = m.bind(backend);
      try {
        const scores = await importanceScores(bound, x);
        expect(scores[0].incoming[2]).toBe(0);
        expect(scores[1].outgoing[2]).toBe(0);
        expect(scores[0].edges.data[3 * 2 + 1]).toBe(0);
        const removed = await prune(bound, x, { nodeThreshold: 1e-12, edgeThreshold: 1e-12 });
        expect(removed.keptNodes).toEqual([[0, 1, 3]]);
        expect(removed.maskedEdges).toBe(1);
        const r = removed.model;
        expect(r.layers.map((l) => [l.n_in, l.n_out])).toEqual([[2, 3], [3, 1]]);
        // node 3 is now node 2; its edge from input 1 is masked
        expect((r.layers[0] as any).edge_mask.data).toEqual([1, 1, 1, 1, 1, 0]);
        expect((r.layers[1] as any).edge_mask).toBeUndefined();
        const masked = (await prune(bound, x, { nodeThreshold: 1e-12, edgeThreshold: 1e-12, mode: 'mask' })).model;
        expect(masked.layers.map((l) => [l.n_in, l.n_out])).toEqual([[2, 4], [4, 1]]);
        expect((masked.layers[0] as any).edge_mask.data).toEqual([1, 1, 1, 1, 0, 0, 1, 0]);
        const engine = { backend };
        const want = await m.forward(engine, x);
        expect(relErr((await r.forward(engine, x)).data, want.data)).toBeLessThan(1e-14);
        expect(relErr((await masked.forward(engine, x)).data, want.data)).toBeLessThan(1e-14);
        expect(r.nParams).toBeLessThan(m.nParams);
        // a second prune finds nothing more to do
        const again = await prune(r.bind(backend), x, { nodeThreshold: 1e-12, edgeThreshold: 1e-12 });
        expect(again.keptNodes).toEqual([[0, 1, 2]]);
        expect(again.maskedEdges).toBe(0);
      } finally {
        bound.dispose();
      }
    });
  }

  it('closed-form edges follow their nodes; thresholds that would cut every path are refused', async () => {
    const spec = handBuilt('spline').toJSON() as any;
    spec.format = 'kan-model/2';
    spec.layers[1].symbolic = [{ out: 0, in: 3, fn: 'sin' }];
    spec.layers[1].symbolic_affine = { shape: [1, 4], data: [1, 0, 0.5, 0] };
    const bound = KanModel.fromJSON(spec).bind(backend);
    try {
      const { model } = await prune(bound, x, { nodeThreshold: 1e-12, edgeThreshold: 1e-12 });
      expect((model.layers[1] as any).symbolic).toEqual([{ out: 0, in: 2, fn: 'sin' }]);
      await expect(prune(bound, x, { nodeThreshold: 1e6 })).rejects.toThrow(/no node of hidden layer 1 has scores above 1000000/);
      await expect(prune(bound, x, { mode: 'cut' as never })).rejects.toThrow(/unknown mode 'cut'/);
    } finally {
      bound.dispose();
    }
  });
});
