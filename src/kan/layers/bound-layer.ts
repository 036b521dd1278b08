// A layer whose parameters live as tensors on one backend, ready to run.

import type { Backend } from '../../backend/backend.js';
import type { Tensor } from '../../graph/tensor.js';
import { tensor } from '../../graph/ops/create.js';
import { keep } from '../../graph/tape.js';
import type { ContractBasis } from '../../graph/ops/basis-contract.js';
import type { LayerSpec } from '../layer-types.js';
import type { FileArray } from '../layer-types.js';

export interface BoundLayer<S extends LayerSpec = LayerSpec> {
  readonly spec: S;
  /** Trainable tensors by file name (bias, c_basis, …, or b, W), shaped as in the file. */
  readonly params: Record<string, Tensor>;
  /** Constant tensors (knots, tables) owned by the layer, freed with it. */
  readonly constants: Tensor[];
  /** KAN layers: their basis (derivative order 0), for Gram assembly and input derivatives. */
  readonly basis?: ContractBasis;
  /** x [N, n_in] → y [N, n_out]. */
  forward(x: Tensor, params?: Record<string, Tensor>): Tensor;
}

/** Uploads the named arrays of a spec as tensors that outlive tidy scopes. */
export function bindParams(backend: Backend, spec: LayerSpec, names: readonly string[]): Record<string, Tensor> {
  const params: Record<string, Tensor> = {};
  for (const name of names) {
    const a = (spec as unknown as Record<string, FileArray>)[name];
    params[name] = keep(tensor(backend, a.data, a.shape, { name }));
  }
  return params;
}

/** The names among `order` whose arrays the spec has (not null). */
export function presentArrays(spec: LayerSpec, order: readonly string[]): string[] {
  return order.filter((n) => (spec as unknown as Record<string, unknown>)[n] != null);
}
