// Dense (MLP) layer: y = act(x·W + b).

import type { Backend } from '../../backend/backend.js';
import { add } from '../../graph/ops/arithmetic.js';
import { matmul } from '../../graph/ops/matmul.js';
import { relu, tanh } from '../../graph/ops/unary.js';
import type { DenseLayerSpec } from '../layer-types.js';
import type { BoundLayer } from './bound-layer.js';
import { bindParams } from './bind-params.js';

export function bindDenseLayer(backend: Backend, spec: DenseLayerSpec): BoundLayer {
  const params = bindParams(backend, spec);
  return {
    spec,
    params,
    constants: [],
    forward(x, p = params) {
      let y = matmul(x, p.W);
      if (p.b) y = add(y, p.b);
      if (spec.activation === 'relu') return relu(y);
      if (spec.activation === 'tanh') return tanh(y);
      return y;
    },
  };
}
