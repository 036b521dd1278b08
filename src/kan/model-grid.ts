// Grid update and extension for a whole model: each spline layer is refitted
// on the inputs it actually sees (the previous layer's outputs on the data).

import type { Backend } from '../backend/backend.js';
import { tensor } from '../graph/ops/create.js';
import { tidy } from '../graph/tape.js';
import { KanModel, type BoundModel } from './model.js';
import type { LayerSpec } from './layer-types.js';
import { formatFor } from './model-file.js';
import { isSplineLayer } from './layers/spline.js';
import { updateGrid, extendGrid, type GridUpdateOptions } from './grid-update.js';
import type { HostArray } from '../host-array.js';

/** The input of every layer for data x: [x, layer0(x), layer1(layer0(x)), …] (the last layer's output left out). */
async function layerInputs(model: KanModel, backend: Backend, x: HostArray): Promise<HostArray[]> {
  const bound = model.bind(backend);
  try {
    return await tidy(async () => {
      let h = tensor(backend, x.data, x.shape, { name: 'input x' });
      const inputs: HostArray[] = [];
      for (const layer of bound.layers) {
        inputs.push({ shape: [...h.shape], data: Array.from(await h.data()) });
        h = layer.forward(h);
      }
      return inputs;
    });
  } finally {
    bound.dispose();
  }
}

/**
 * Data-adaptive grids for every spline/base layer (optionally with G changed),
 * coefficients refitted so each layer's function is kept. Other layers are unchanged.
 * Layers are updated one after another, each on the inputs produced by the already-updated layers before it.
 */
export async function updateModelGrids(bound: BoundModel, x: HostArray, options: GridUpdateOptions = {}): Promise<KanModel> {
  const { model, backend } = bound;
  let current = model;
  for (let l = 0; l < model.layers.length; l++) {
    const layer = current.layers[l];
    if (!isSplineLayer(layer)) continue;
    const inputs = (await layerInputs(current, backend, x))[l];
    const layers = current.layers.map((spec, j) => (j === l ? updateGrid(layer, { data: inputs.data, shape: inputs.shape as [number, number] }, options) : spec));
    current = KanModel.fromJSON({ format: formatFor(layers), layers });
  }
  return current;
}

/** Grid extension G → gNew on each spline layer's current range, without data. */
export function extendModelGrids(model: KanModel, gNew: number): KanModel {
  const layers = model.layers.map((spec) => (isSplineLayer(spec) ? extendGrid(spec, gNew) : spec));
  return KanModel.fromJSON({ format: formatFor(layers), layers });
}
