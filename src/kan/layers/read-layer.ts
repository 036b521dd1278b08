// Checking helpers for reading one layer of a model file: every problem
// becomes a KanntkError that names the layer, the key and what was expected.

import { KanntkError } from '../../errors.js';
import type { Residual } from '../layer-types.js';
import type { FileArray } from '../layer-types.js';

/** A raw (JSON-parsed, unchecked) layer object and where it sits in the file. */
export interface RawLayer {
  where: string;
  raw: Record<string, unknown>;
}

export function fail(layer: RawLayer, message: string): never {
  throw new KanntkError(`${layer.where}: ${message}`);
}

export function readInt(layer: RawLayer, key: string, min = 1): number {
  const v = layer.raw[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(layer, `'${key}' must be an integer ≥ ${min}, got ${JSON.stringify(v) ?? 'nothing'}`);
  return v as number;
}

/** {shape, data} with the expected shape and finite numbers. */
export function readArray(layer: RawLayer, key: string, shape: number[] | null): FileArray {
  const a = readOptionalArray(layer, key, shape);
  if (!a) fail(layer, `'${key}' is missing`);
  return a;
}

/** As readArray, but null/absent gives null. */
export function readOptionalArray(layer: RawLayer, key: string, shape: number[] | null): FileArray | null {
  const v = layer.raw[key];
  if (v === null || v === undefined) return null;
  const a = v as FileArray;
  if (typeof a !== 'object' || !Array.isArray(a.shape) || !Array.isArray(a.data)) fail(layer, `'${key}' must be {"shape": [...], "data": [...]}`);
  if (shape && (a.shape.length !== shape.length || a.shape.some((d, i) => d !== shape[i]))) {
    fail(layer, `'${key}' has shape [${a.shape}], expected [${shape}]`);
  }
  const size = a.shape.reduce((s, d) => s * d, 1);
  if (a.data.length !== size) fail(layer, `'${key}' has ${a.data.length} values for shape [${a.shape}] (${size} expected)`);
  for (let i = 0; i < a.data.length; i++) {
    if (typeof a.data[i] !== 'number' || !Number.isFinite(a.data[i])) fail(layer, `'${key}' value ${JSON.stringify(a.data[i]) ?? 'undefined'} at flat index ${i} is not a finite number`);
  }
  return { shape: [...a.shape], data: a.data };
}

/** One of `allowed` (null included when listed); absent reads as null. */
export function readChoice<T extends string | null>(layer: RawLayer, key: string, allowed: readonly T[]): T {
  const v = (layer.raw[key] ?? null) as T;
  if (!allowed.includes(v)) fail(layer, `unknown ${key} ${JSON.stringify(v)} (expected ${allowed.map((a) => JSON.stringify(a)).join(', ')})`);
  return v;
}

/** The residual branch and its weights c_res [n_out, n_in], present exactly when residual is not null. */
export function readResidual(layer: RawLayer, n_in: number, n_out: number): { residual: Residual; c_res: FileArray | null } {
  const residual = readChoice<Residual>(layer, 'residual', ['silu', null]);
  const c_res = readOptionalArray(layer, 'c_res', [n_out, n_in]);
  if (residual !== null && !c_res) fail(layer, `'c_res' is missing`);
  if (residual === null && c_res) fail(layer, `'c_res' is given but residual is null`);
  return { residual, c_res };
}
