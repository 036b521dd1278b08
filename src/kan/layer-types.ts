// The layer types of a KAN model, exactly as stored in a `kan-model/1` file
// (../shared/fixtures/README.md §2). Arrays are JSON arrays {shape, data}; a
// parameter that is absent is null. The `type` string doubles as the registry key.

export interface JsonArray {
  shape: number[];
  data: number[];
}

export type Residual = 'silu' | null;

/** Spline layer: one knot row per input ("efficient" KAN layer). */
export interface SplineLayerSpec {
  type: 'spline';
  n_in: number;
  n_out: number;
  /** spline degree (jaxKAN calls it order) */
  k: number;
  /** number of grid intervals inside the grid range */
  G: number;
  /** knots [n_in, G+2k+1] */
  grid: JsonArray;
  residual: Residual;
  /** [n_out, n_in, G+k] */
  c_basis: JsonArray;
  /** [n_out, n_in] external spline weights, or null */
  c_spl: JsonArray | null;
  /** [n_out, n_in], present iff residual is not null */
  c_res: JsonArray | null;
  /** [n_out] */
  bias: JsonArray | null;
}

/** Base layer: one knot row per edge (the original KAN layer). */
export interface BaseLayerSpec {
  type: 'base';
  n_in: number;
  n_out: number;
  k: number;
  G: number;
  /** knots [n_out*n_in, G+2k+1], row o*n_in+i for edge (o,i) */
  grid: JsonArray;
  residual: Residual;
  /** [n_out*n_in, G+k] */
  c_basis: JsonArray;
  c_spl: JsonArray | null;
  c_res: JsonArray | null;
  bias: JsonArray | null;
}

/** Chebyshev layer on tanh-squashed inputs. */
export interface ChebyshevLayerSpec {
  type: 'chebyshev';
  n_in: number;
  n_out: number;
  /** maximal polynomial degree */
  D: number;
  flavor: 'exact';
  residual: Residual;
  /** [n_out, n_in, D] with a bias (T_1..T_D), else [n_out, n_in, D+1] (T_0..T_D) */
  c_basis: JsonArray;
  c_ext: JsonArray | null;
  c_res: JsonArray | null;
  bias: JsonArray | null;
}

/** Plain MLP layer y = act(x·W + b). */
export interface DenseLayerSpec {
  type: 'dense';
  n_in: number;
  n_out: number;
  activation: 'relu' | 'tanh' | null;
  /** [n_in, n_out] */
  W: JsonArray;
  /** [n_out] */
  b: JsonArray | null;
}

export type LayerSpec = SplineLayerSpec | BaseLayerSpec | ChebyshevLayerSpec | DenseLayerSpec;
export type LayerType = LayerSpec['type'];

export const MODEL_FORMAT = 'kan-model/1';

export interface ModelSpec {
  format: typeof MODEL_FORMAT;
  layers: LayerSpec[];
}

/** The names of a layer's trainable arrays in flat-vector order (fixtures README §2.5): code-point order, bias first. */
export function parameterNames(layer: LayerSpec): string[] {
  const names = layer.type === 'dense' ? ['b', 'W'] : ['bias', 'c_basis', 'c_ext', 'c_res', 'c_spl'];
  return names.filter((n) => (layer as unknown as Record<string, JsonArray | null | undefined>)[n] != null);
}
