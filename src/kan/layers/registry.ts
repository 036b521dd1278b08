// The layer registry: the `type` string of a model file → its descriptor
// (layer-kind.ts). A new layer type is a file beside this one and a line in KINDS.

import type { Backend } from '../../backend/backend.js';
import { KanntkError } from '../../errors.js';
import type { InitLayer } from '../init.js';
import type { LayerSpec, LayerType } from '../layer-types.js';
import type { BindOptions, LayerKind } from './layer-kind.js';
import type { BoundLayer } from './bound-layer.js';
import { splineLayer, baseLayer } from './spline.js';
import { chebyshevLayer } from './chebyshev.js';
import { denseLayer } from './dense.js';

export type { BoundLayer } from './bound-layer.js';
export type { LayerKind, BindOptions } from './layer-kind.js';

const KINDS: readonly LayerKind<any>[] = [splineLayer, baseLayer, chebyshevLayer, denseLayer];

/** The registered layer types, in registry order. */
export const LAYER_TYPES: readonly LayerType[] = KINDS.map((k) => k.type);

/** The descriptor of a layer type; throws a KanntkError listing the known ones. */
export function layerKind(type: string, where = 'layer'): LayerKind {
  const kind = KINDS.find((k) => k.type === type);
  if (!kind) throw new KanntkError(`${where}: unknown layer type '${type}' (known: ${LAYER_TYPES.join(', ')})`);
  return kind;
}

/** The names of a layer's trainable arrays in flat-vector order (fixtures README §2.5). */
export function parameterNames(spec: LayerSpec): string[] {
  return layerKind(spec.type).parameterNames(spec);
}

export function bindLayer(backend: Backend, spec: LayerSpec, options: BindOptions = {}): BoundLayer {
  return layerKind(spec.type).bind(backend, spec, options);
}

/** What the initialisation schemes need of a layer; throws for types they do not cover. */
export function initLayerOf(spec: LayerSpec): InitLayer {
  const kind = layerKind(spec.type);
  if (!kind.initLayer) throw new KanntkError(`layers of type '${spec.type}' have no KAN initialisation scheme`);
  return kind.initLayer(spec);
}
