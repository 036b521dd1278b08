// How much each edge and node of a KAN matters on some data (pykan's scores):
// an edge's score is mean over the data of |φ_oi(x_i)|; a hidden node's
// incoming score is the largest score of the edges into it, its outgoing score
// the largest of the edges out of it.

import { tensor } from '../graph/ops/create.js';
import { tidy } from '../graph/tape.js';
import type { BoundModel } from '../kan/model.js';
import type { HostArray } from '../host-array.js';
import { edgeScoreTensors } from './sparsity.js';

export interface LayerScores {
  /** [n_out, n_in]: edge (o, i) at o·n_in + i */
  edges: HostArray<Float64Array>;
  /** [n_out]: the largest score into each output node */
  incoming: Float64Array;
  /** [n_in]: the largest score out of each input node */
  outgoing: Float64Array;
}

/** The scores of every layer's edges and nodes on inputs x [N, n_in]. */
export async function importanceScores(model: BoundModel, x: HostArray): Promise<LayerScores[]> {
  return tidy(async () => {
    const tensors = edgeScoreTensors(model, tensor(model.backend, x.data, x.shape, { name: 'x' }));
    return Promise.all(tensors.map(async (A) => {
      const [nOut, nIn] = A.shape;
      const data = await A.data();
      const incoming = new Float64Array(nOut), outgoing = new Float64Array(nIn);
      for (let o = 0; o < nOut; o++) for (let i = 0; i < nIn; i++) {
        incoming[o] = Math.max(incoming[o], data[o * nIn + i]);
        outgoing[i] = Math.max(outgoing[i], data[o * nIn + i]);
      }
      return { edges: { shape: [nOut, nIn], data }, incoming, outgoing };
    }));
  });
}
