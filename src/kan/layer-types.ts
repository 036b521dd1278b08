// What every layer of a `kan-model/1` file has in common (fixtures README §2).
import type { HostArray } from '../host-array.js';

export type { HostArray } from '../host-array.js';
// Each layer type describes its own fields in its file under layers/ and adds
// itself to LayerSpecMap there, so the union below grows with the registry.

/** An array in a model file: {shape, data} with plain numbers, row-major. */
export type FileArray = HostArray<number[]>;

export type Residual = 'silu' | null;

/** The fields every layer type has; `type` is the registry key. */
export interface LayerSpecBase {
  type: string;
  n_in: number;
  n_out: number;
}

/**
 * type string → spec interface. Empty here: each file in layers/ extends it
 * (`declare module '../layer-types.js' { interface LayerSpecMap { … } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface LayerSpecMap {}

export type LayerType = keyof LayerSpecMap;
export type LayerSpec = LayerSpecMap[LayerType];

export const MODEL_FORMAT = 'kan-model/1';
/** kan-model/1 plus edge masks and closed-form edges on KAN layers (layers/edge-decorations.ts). */
export const MODEL_FORMAT_V2 = 'kan-model/2';

export interface ModelSpec {
  format: typeof MODEL_FORMAT | typeof MODEL_FORMAT_V2;
  layers: LayerSpec[];
}
