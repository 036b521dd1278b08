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
import { decorateBound, decorationParameterNames, DECORATION_KEYS, isDecorated, readDecorations } from './edge-decorations.js';
import type { RawLayer } from './read-layer.js';

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

/** KAN layer types (those with per-edge functions) can carry edge decorations (edge-decorations.ts). */
const hasEdges = (kind: LayerKind) => kind.initLayer !== undefined;

/** Reads one layer of a model file: its type's fields, then any edge decorations (kan-model/2). */
export function parseLayer(layer: RawLayer): LayerSpec {
  const kind = layerKind(String(layer.raw.type), layer.where);
  const spec = kind.parse(layer);
  const present = DECORATION_KEYS.filter((k) => layer.raw[k] != null);
  if (present.length === 0) return spec;
  if (!hasEdges(kind)) throw new KanntkError(`${layer.where}: '${present[0]}' applies to KAN layers only, not to '${spec.type}' layers`);
  return { ...spec, ...readDecorations(layer, spec.n_in, spec.n_out) } as LayerSpec;
}

/** The keys a saved layer writes, in order: its type's, then its decorations when it has any. */
export function layerKeyOrder(spec: LayerSpec): readonly string[] {
  const own = layerKind(spec.type).keyOrder;
  const raw = spec as unknown as Record<string, unknown>;
  const extra = DECORATION_KEYS.filter((k) => raw[k] != null);
  return extra.length ? [...own, ...extra] : own;
}

/** The names of a layer's trainable arrays in flat-vector order (fixtures README §2.5). */
export function parameterNames(spec: LayerSpec): string[] {
  return [...layerKind(spec.type).parameterNames(spec), ...decorationParameterNames(spec)];
}

export function bindLayer(backend: Backend, spec: LayerSpec, options: BindOptions = {}): BoundLayer {
  const bound = layerKind(spec.type).bind(backend, spec, options);
  return isDecorated(spec) ? decorateBound(bound, backend) : bound;
}

export { isDecorated } from './edge-decorations.js';

/** What the initialisation schemes need of a layer; throws for types they do not cover. */
export function initLayerOf(spec: LayerSpec): InitLayer {
  const kind = layerKind(spec.type);
  if (!kind.initLayer) throw new KanntkError(`layers of type '${spec.type}' have no KAN initialisation scheme`);
  return kind.initLayer(spec);
}
