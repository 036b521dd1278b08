// The layer registry: the `type` string of a model file → the code that runs it.

import type { Backend } from '../../backend/backend.js';
import type { LayerSpec } from '../layer-types.js';
import type { BoundLayer } from './bound-layer.js';
import { bindSplineLayer } from './spline.js';
import { bindChebyshevLayer } from './chebyshev.js';
import { bindDenseLayer } from './dense.js';

export type { BoundLayer } from './bound-layer.js';

/** `fused: false` runs spline layers from unfused graph ops (benchmarks and checks). */
export function bindLayer(backend: Backend, spec: LayerSpec, options: { fused?: boolean } = {}): BoundLayer {
  switch (spec.type) {
    case 'spline':
    case 'base':
      return bindSplineLayer(backend, spec, options.fused ?? true);
    case 'chebyshev':
      return bindChebyshevLayer(backend, spec);
    case 'dense':
      return bindDenseLayer(backend, spec);
  }
}
