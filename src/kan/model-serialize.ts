// Canonical `kan-model/1` (and /2) text: each layer type's key order (its descriptor)
// and JavaScript's shortest round-trip numbers, so save → load → save is byte-identical.

import type { LayerSpec, ModelSpec } from './layer-types.js';
import { layerKeyOrder } from './layers/registry.js';

function orderedLayer(layer: LayerSpec): Record<string, unknown> {
  const raw = layer as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of layerKeyOrder(layer)) {
    const v = raw[key] ?? null;
    out[key] = v && typeof v === 'object' && 'shape' in v ? { shape: (v as any).shape, data: (v as any).data } : v;
  }
  return out;
}

/** One line per layer inside a small pretty-printed frame. */
export function serializeModel(spec: ModelSpec): string {
  const layers = spec.layers.map((l) => '    ' + JSON.stringify(orderedLayer(l)));
  return `{\n  "format": ${JSON.stringify(spec.format)},\n  "layers": [\n${layers.join(',\n')}\n  ]\n}\n`;
}
