// Reading and checking `kan-model/1` JSON (fixtures README §2). Every problem
// gets a KanntkError naming the layer, the key and what was expected.

import { KanntkError } from '../errors.js';
import { checkKnotRows } from './grid.js';
import { MODEL_FORMAT, type JsonArray, type LayerSpec, type ModelSpec } from './layer-types.js';

const LAYER_TYPES = ['spline', 'base', 'chebyshev', 'dense'] as const;

type Raw = Record<string, unknown>;

function fail(where: string, message: string): never {
  throw new KanntkError(`${where}: ${message}`);
}

function positiveInt(where: string, raw: Raw, key: string, min = 1): number {
  const v = raw[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(where, `'${key}' must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return v as number;
}

/** Checks {shape, data} with the expected shape and finite numbers; null allowed only when `optional`. */
function array(where: string, raw: Raw, key: string, shape: number[] | null, optional = false): JsonArray | null {
  const v = raw[key];
  if (v === null || v === undefined) {
    if (optional) return null;
    fail(where, `'${key}' is missing`);
  }
  const a = v as JsonArray;
  if (typeof a !== 'object' || !Array.isArray(a.shape) || !Array.isArray(a.data)) fail(where, `'${key}' must be {"shape": [...], "data": [...]}`);
  if (shape && (a.shape.length !== shape.length || a.shape.some((d, i) => d !== shape[i]))) {
    fail(where, `'${key}' has shape [${a.shape}], expected [${shape}]`);
  }
  const size = a.shape.reduce((s, d) => s * d, 1);
  if (a.data.length !== size) fail(where, `'${key}' has ${a.data.length} values for shape [${a.shape}] (${size} expected)`);
  for (let i = 0; i < a.data.length; i++) {
    if (typeof a.data[i] !== 'number' || !Number.isFinite(a.data[i])) fail(where, `'${key}' value ${a.data[i]} at flat index ${i} is not a finite number`);
  }
  return { shape: [...a.shape], data: a.data };
}

function residualOf(where: string, raw: Raw): 'silu' | null {
  const r = raw.residual ?? null;
  if (r !== null && r !== 'silu') fail(where, `unknown residual '${r}' (expected "silu" or null)`);
  return r as 'silu' | null;
}

function splineLike(where: string, raw: Raw, type: 'spline' | 'base'): LayerSpec {
  const n_in = positiveInt(where, raw, 'n_in'), n_out = positiveInt(where, raw, 'n_out');
  const k = positiveInt(where, raw, 'k', 0), G = positiveInt(where, raw, 'G');
  const rows = type === 'spline' ? n_in : n_out * n_in;
  const grid = array(where, raw, 'grid', [rows, G + 2 * k + 1])!;
  checkKnotRows(grid.data, rows, G + 2 * k + 1, `${where} grid`);
  const residual = residualOf(where, raw);
  const c_basis = array(where, raw, 'c_basis', type === 'spline' ? [n_out, n_in, G + k] : [n_out * n_in, G + k])!;
  const c_res = array(where, raw, 'c_res', [n_out, n_in], residual === null);
  if (residual === null && c_res) fail(where, `'c_res' is given but residual is null`);
  return {
    type, n_in, n_out, k, G, grid, residual, c_basis,
    c_spl: array(where, raw, 'c_spl', [n_out, n_in], true),
    c_res,
    bias: array(where, raw, 'bias', [n_out], true),
  } as LayerSpec;
}

function chebyshev(where: string, raw: Raw): LayerSpec {
  const n_in = positiveInt(where, raw, 'n_in'), n_out = positiveInt(where, raw, 'n_out');
  const D = positiveInt(where, raw, 'D');
  if ((raw.flavor ?? 'exact') !== 'exact') fail(where, `unsupported Chebyshev flavor '${raw.flavor}' (supported: "exact")`);
  const residual = residualOf(where, raw);
  const bias = array(where, raw, 'bias', [n_out], true);
  const c_res = array(where, raw, 'c_res', [n_out, n_in], residual === null);
  if (residual === null && c_res) fail(where, `'c_res' is given but residual is null`);
  return {
    type: 'chebyshev', n_in, n_out, D, flavor: 'exact', residual,
    c_basis: array(where, raw, 'c_basis', [n_out, n_in, bias ? D : D + 1])!,
    c_ext: array(where, raw, 'c_ext', [n_out, n_in], true),
    c_res, bias,
  };
}

function dense(where: string, raw: Raw): LayerSpec {
  const n_in = positiveInt(where, raw, 'n_in'), n_out = positiveInt(where, raw, 'n_out');
  const act = raw.activation ?? null;
  if (act !== null && act !== 'relu' && act !== 'tanh') fail(where, `unknown activation '${act}' (expected "relu", "tanh" or null)`);
  return { type: 'dense', n_in, n_out, activation: act as 'relu' | 'tanh' | null, W: array(where, raw, 'W', [n_in, n_out])!, b: array(where, raw, 'b', [n_out], true) };
}

/** Parses and validates a model object (already JSON-parsed). */
export function parseModel(raw: unknown): ModelSpec {
  if (typeof raw !== 'object' || raw === null) throw new KanntkError('model: expected a JSON object');
  const obj = raw as Raw;
  if (obj.format !== MODEL_FORMAT) {
    throw new KanntkError(`model: format ${JSON.stringify(obj.format ?? null)} is not supported (this version reads "${MODEL_FORMAT}")`);
  }
  if (!Array.isArray(obj.layers) || obj.layers.length === 0) throw new KanntkError('model: "layers" must be a non-empty array');
  const layers = (obj.layers as Raw[]).map((layer, l) => {
    const where = `model layer ${l}`;
    if (typeof layer !== 'object' || layer === null) fail(where, 'must be an object');
    const type = layer.type as string;
    if (!LAYER_TYPES.includes(type as never)) fail(where, `unknown layer type '${type}' (known: ${LAYER_TYPES.join(', ')})`);
    if (type === 'spline' || type === 'base') return splineLike(where, layer, type);
    if (type === 'chebyshev') return chebyshev(where, layer);
    return dense(where, layer);
  });
  layers.forEach((layer, l) => {
    if (l > 0 && layers[l - 1].n_out !== layer.n_in) {
      throw new KanntkError(`model: layer ${l - 1} outputs ${layers[l - 1].n_out} values but layer ${l} takes ${layer.n_in}`);
    }
  });
  return { format: MODEL_FORMAT, layers };
}
