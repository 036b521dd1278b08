// What the KAN diagram draws, computed from a model and some inputs: per layer
// and edge, the activation curve φ_oi over the range its input takes on the
// data, the edge's importance (its score relative to the layer's largest),
// whether it is masked off, and its closed form's name when it has one.

import { tensor } from '../graph/ops/create.js';
import { tidy } from '../graph/tape.js';
import type { BoundModel } from '../kan/model.js';
import type { EdgeDecorations } from '../kan/layers/edge-decorations.js';
import type { HostArray } from '../host-array.js';
import { createSeededRandom } from '../math/random.js';
import { edgeActivations, layerEdgeActivations } from './edge-activations.js';
import { edgeScore } from './sparsity.js';

export interface DiagramEdge {
  out: number;
  in: number;
  /** curve samples, x ascending */
  x: number[];
  y: number[];
  /** score / the layer's largest score, in [0, 1] */
  importance: number;
  /** the closed form's library name, when the edge has one */
  symbolic: string | null;
}

export interface DiagramLayer {
  nIn: number;
  nOut: number;
  /** the drawn edges: masked-off numeric edges without a closed form are left out */
  edges: DiagramEdge[];
}

const CURVE_POINTS = 48;

/** Inputs to draw with when the user gives none: uniform draws over [-1, 1] (the default grid range). */
export function defaultInputs(nIn: number, n = 256): HostArray<Float64Array> {
  const rng = createSeededRandom(0).fork('diagram-inputs');
  return { shape: [n, nIn], data: Float64Array.from({ length: n * nIn }, () => rng.uniform(-1, 1)) };
}

export async function diagramData(model: BoundModel, x: HostArray): Promise<DiagramLayer[]> {
  return tidy(async () => {
    const acts = edgeActivations(model, tensor(model.backend, x.data, x.shape, { name: 'x' }));
    const layers: DiagramLayer[] = [];
    for (let l = 0; l < acts.length; l++) {
      const spec = model.model.layers[l] as typeof model.model.layers[number] & EdgeDecorations;
      const { input, phi } = acts[l];
      const [n, nIn] = input.shape, nOut = spec.n_out;
      const h = await input.data(), score = await edgeScore(phi).data();
      // each input's range on the data, sampled evenly: the curve's x
      const lo = new Float64Array(nIn).fill(Infinity), hi = new Float64Array(nIn).fill(-Infinity);
      for (let a = 0; a < n; a++) for (let i = 0; i < nIn; i++) [lo[i], hi[i]] = [Math.min(lo[i], h[a * nIn + i]), Math.max(hi[i], h[a * nIn + i])];
      const grid = new Float64Array(CURVE_POINTS * nIn);
      for (let k = 0; k < CURVE_POINTS; k++) for (let i = 0; i < nIn; i++) grid[k * nIn + i] = lo[i] + ((hi[i] - lo[i]) * k) / (CURVE_POINTS - 1);
      const curves = await layerEdgeActivations(model.layers[l], tensor(model.backend, grid, [CURVE_POINTS, nIn])).data();
      const top = Math.max(...score, 1e-300);
      const edges: DiagramEdge[] = [];
      for (let o = 0; o < nOut; o++) for (let i = 0; i < nIn; i++) {
        const sym = spec.symbolic?.find((e) => e.out === o && e.in === i)?.fn ?? null;
        if (!sym && spec.edge_mask?.data[o * nIn + i] === 0) continue;
        edges.push({
          out: o, in: i, symbolic: sym, importance: score[o * nIn + i] / top,
          x: Array.from({ length: CURVE_POINTS }, (_, k) => grid[k * nIn + i]),
          y: Array.from({ length: CURVE_POINTS }, (_, k) => curves[(k * nOut + o) * nIn + i]),
        });
      }
      layers.push({ nIn, nOut, edges });
    }
    return layers;
  });
}
