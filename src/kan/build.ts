// Building a new model from a configuration, like the reference's
// KAN(layer_dims, layer_type, options, seed): knots from the grid range,
// coefficients from an initialisation scheme, c_spl = 1 and bias = 0.

import { KanntkError } from '../errors.js';
import { uniformKnots } from './grid.js';
import { initLayer, initLayerOf, TRUNCATED_NORMAL_STD_FACTOR, type InitScheme } from './init.js';
import { createSeededRandom, type SeededRandom } from './random.js';
import { KanModel } from './model.js';
import { MODEL_FORMAT, type JsonArray, type LayerSpec, type LayerType } from './layer-types.js';

export interface KanConfig {
  /** widths [n_in, hidden…, n_out] */
  layerDims: number[];
  /** layer type of every layer (default 'spline') */
  layer?: LayerType;
  /** spline/base: grid intervals (default 5), degree (3), range ([-1, 1]) */
  G?: number;
  k?: number;
  gridRange?: [number, number];
  /** chebyshev: maximal degree (default 5) */
  D?: number;
  /** KAN layers: residual branch (default 'silu'; null for none) */
  residual?: 'silu' | null;
  /** KAN layers: external per-edge weights c_spl / c_ext (default true) */
  externalWeights?: boolean;
  /** bias per output (default true) */
  bias?: boolean;
  /** dense layers: hidden activation (default 'tanh'; the last layer has none) */
  activation?: 'relu' | 'tanh';
  init?: InitScheme;
  seed?: number;
}

const arr = (shape: number[], data: ArrayLike<number>): JsonArray => ({ shape, data: Array.from(data) });
const filled = (shape: number[], v: number): JsonArray => arr(shape, new Array(shape.reduce((a, b) => a * b, 1)).fill(v));

function denseLayer(n_in: number, n_out: number, activation: 'relu' | 'tanh' | null, bias: boolean, rng: SeededRandom): LayerSpec {
  // flax's default kernel init: variance scaling 1/fan_in with a truncated normal rescaled to that std
  const scale = 1 / Math.sqrt(n_in) / TRUNCATED_NORMAL_STD_FACTOR;
  const W = Float64Array.from({ length: n_in * n_out }, () => scale * rng.truncatedNormal(2));
  return { type: 'dense', n_in, n_out, activation, W: arr([n_in, n_out], W), b: bias ? filled([n_out], 0) : null };
}

function kanLayer(config: KanConfig, type: 'spline' | 'base' | 'chebyshev', n_in: number, n_out: number, rng: SeededRandom): LayerSpec {
  const residual = config.residual === undefined ? 'silu' : config.residual;
  const ext = config.externalWeights ?? true;
  const bias = config.bias ?? true;
  let spec: Exclude<LayerSpec, { type: 'dense' }>;
  if (type === 'chebyshev') {
    const D = config.D ?? 5;
    const nB = bias ? D : D + 1;
    spec = {
      type, n_in, n_out, D, flavor: 'exact', residual,
      c_basis: filled([n_out, n_in, nB], 0), c_ext: ext ? filled([n_out, n_in], 1) : null,
      c_res: residual ? filled([n_out, n_in], 0) : null, bias: bias ? filled([n_out], 0) : null,
    };
  } else {
    const G = config.G ?? 5, k = config.k ?? 3;
    const [lo, hi] = config.gridRange ?? [-1, 1];
    const row = Array.from(uniformKnots(G, k, lo, hi));
    const rows = type === 'spline' ? n_in : n_out * n_in;
    spec = {
      type, n_in, n_out, k, G, residual,
      grid: arr([rows, row.length], Array.from({ length: rows }, () => row).flat()),
      c_basis: filled(type === 'spline' ? [n_out, n_in, G + k] : [n_out * n_in, G + k], 0),
      c_spl: ext ? filled([n_out, n_in], 1) : null,
      c_res: residual ? filled([n_out, n_in], 0) : null,
      bias: bias ? filled([n_out], 0) : null,
    };
  }
  const drawn = initLayer(initLayerOf(spec), config.init ?? { type: 'default' }, rng);
  spec.c_basis.data = Array.from(drawn.c_basis);
  if (spec.c_res && drawn.c_res) spec.c_res.data = Array.from(drawn.c_res);
  return spec;
}

/** A new model. Each layer draws from its own stream fork('layer', ℓ) of the seed, so layers are independent. */
export function createKan(config: KanConfig): KanModel {
  const dims = config.layerDims;
  if (!Array.isArray(dims) || dims.length < 2 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new KanntkError(`createKan: layerDims must list at least two positive integers, got ${JSON.stringify(dims)}`);
  }
  const type = config.layer ?? 'spline';
  if (!['spline', 'base', 'chebyshev', 'dense'].includes(type)) throw new KanntkError(`createKan: unknown layer type '${type}'`);
  const root = createSeededRandom(config.seed ?? 0);
  const layers = dims.slice(1).map((n_out, l) => {
    const rng = root.fork('layer', l);
    if (type === 'dense') return denseLayer(dims[l], n_out, l < dims.length - 2 ? config.activation ?? 'tanh' : null, config.bias ?? true, rng);
    return kanLayer(config, type, dims[l], n_out, rng);
  });
  return KanModel.fromJSON({ format: MODEL_FORMAT, layers });
}
