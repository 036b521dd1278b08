// The options of a new model (createKan), like the reference's
// KAN(layer_dims, layer_type, options, seed).

import type { InitScheme } from './init.js';
import type { LayerType } from './layer-types.js';

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
