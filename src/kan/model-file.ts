// Reading and checking `kan-model/1` JSON (fixtures README §2) and `kan-model/2`
// (the same, plus edge masks and symbolic edges: layers/edge-decorations.ts). Each layer is
// read by its type's descriptor (layers/registry.ts); every problem gets a
// KanntkError naming the layer, the key and what was expected.

import { KanntkError } from '../errors.js';
import { MODEL_FORMAT, MODEL_FORMAT_V2, type LayerSpec, type ModelSpec } from './layer-types.js';
import { isDecorated, parseLayer } from './layers/registry.js';

/** The format a model with these layers is written in: /2 only when a layer needs it, so plain models stay readable by kan-model/1 tools. */
export const formatFor = (layers: readonly LayerSpec[]): ModelSpec['format'] => (layers.some(isDecorated) ? MODEL_FORMAT_V2 : MODEL_FORMAT);

/** Parses and validates a model object (already JSON-parsed). */
export function parseModel(raw: unknown): ModelSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new KanntkError('model: expected a JSON object');
  const obj = raw as Record<string, unknown>;
  if (obj.format !== MODEL_FORMAT && obj.format !== MODEL_FORMAT_V2) {
    const problem = obj.format === undefined ? 'the "format" key is missing' : `format ${JSON.stringify(obj.format)} is not supported`;
    throw new KanntkError(`model: ${problem} (this version reads "${MODEL_FORMAT}" and "${MODEL_FORMAT_V2}")`);
  }
  if (!Array.isArray(obj.layers) || obj.layers.length === 0) throw new KanntkError('model: "layers" must be a non-empty array');
  const layers = (obj.layers as unknown[]).map((layer, l) => {
    const where = `model layer ${l}`;
    if (typeof layer !== 'object' || layer === null || Array.isArray(layer)) throw new KanntkError(`${where}: must be an object`);
    const raw = layer as Record<string, unknown>;
    return parseLayer({ where, raw });
  });
  if (obj.format === MODEL_FORMAT) {
    const l = layers.findIndex(isDecorated);
    if (l >= 0) throw new KanntkError(`model layer ${l}: edge masks and symbolic edges need format "${MODEL_FORMAT_V2}", the file says "${MODEL_FORMAT}"`);
  }
  layers.forEach((layer, l) => {
    if (l > 0 && layers[l - 1].n_out !== layer.n_in) {
      throw new KanntkError(`model: layer ${l - 1} outputs ${layers[l - 1].n_out} values but layer ${l} takes ${layer.n_in}`);
    }
  });
  return { format: formatFor(layers), layers };
}
