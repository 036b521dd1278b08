// Uploads a layer's trainable arrays as tensors that outlive tidy scopes.

import type { Backend } from '../../backend/backend.js';
import type { Tensor } from '../../graph/tensor.js';
import { tensor } from '../../graph/ops/create.js';
import { keep } from '../../graph/tape.js';
import { parameterNames, type JsonArray, type LayerSpec } from '../layer-types.js';

export function bindParams(backend: Backend, spec: LayerSpec): Record<string, Tensor> {
  const params: Record<string, Tensor> = {};
  for (const name of parameterNames(spec)) {
    const a = (spec as unknown as Record<string, JsonArray>)[name];
    params[name] = keep(tensor(backend, a.data, a.shape, { name }));
  }
  return params;
}
