// Canonical `kan-model/1` text: a fixed key order per layer type and
// JavaScript's shortest round-trip numbers, so save → load → save is byte-identical.

import type { LayerSpec, ModelSpec } from './layer-types.js';

const KEY_ORDER: Record<LayerSpec['type'], string[]> = {
  spline: ['type', 'n_in', 'n_out', 'k', 'G', 'grid', 'residual', 'c_basis', 'c_spl', 'c_res', 'bias'],
  base: ['type', 'n_in', 'n_out', 'k', 'G', 'grid', 'residual', 'c_basis', 'c_spl', 'c_res', 'bias'],
  chebyshev: ['type', 'n_in', 'n_out', 'D', 'flavor', 'residual', 'c_basis', 'c_ext', 'c_res', 'bias'],
  dense: ['type', 'n_in', 'n_out', 'activation', 'W', 'b'],
};

function orderedLayer(layer: LayerSpec): Record<string, unknown> {
  const raw = layer as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of KEY_ORDER[layer.type]) {
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
