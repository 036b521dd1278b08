// A layer whose parameters live as tensors on one backend, ready to run.

import type { Tensor } from '../../graph/tensor.js';
import type { LayerSpec } from '../layer-types.js';
import type { ContractBasis } from '../../graph/ops/basis-contract.js';

export interface BoundLayer {
  readonly spec: LayerSpec;
  /** Trainable tensors by file name (bias, c_basis, …, or b, W), shaped as in the file. */
  readonly params: Record<string, Tensor>;
  /** Constant tensors (knots, tables) owned by the layer, freed with it. */
  readonly constants: Tensor[];
  /** KAN layers: their basis (derivative order 0), for Gram assembly and input derivatives. */
  readonly basis?: ContractBasis;
  /** x [N, n_in] → y [N, n_out]. */
  forward(x: Tensor, params?: Record<string, Tensor>): Tensor;
}
