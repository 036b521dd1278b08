// Building a new model from a configuration, like the reference's
// KAN(layer_dims, layer_type, options, seed): each layer type's descriptor
// makes its layer (knots from the grid range, coefficients from an
// initialisation scheme, c_spl = 1 and bias = 0).

import { KanntkError } from '../errors.js';
import { createSeededRandom } from '../math/random.js';
import { KanModel } from './model.js';
import { MODEL_FORMAT } from './layer-types.js';
import type { KanConfig } from './kan-config.js';
import { layerKind } from './layers/registry.js';

export type { KanConfig } from './kan-config.js';

/** A new model. Each layer draws from its own stream fork('layer', ℓ) of the seed, so layers are independent. */
export function createKan(config: KanConfig): KanModel {
  const dims = config.layerDims;
  if (!Array.isArray(dims) || dims.length < 2 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new KanntkError(`createKan: layerDims must list at least two positive integers, got ${JSON.stringify(dims)}`);
  }
  const kind = layerKind(config.layer ?? 'spline', 'createKan');
  const root = createSeededRandom(config.seed ?? 0);
  const layers = dims.slice(1).map((n_out, l) =>
    kind.create({ n_in: dims[l], n_out, last: l === dims.length - 2 }, config, root.fork('layer', l)),
  );
  return KanModel.fromJSON({ format: MODEL_FORMAT, layers });
}
