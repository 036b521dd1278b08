// The interface of first-order optimizers: state lives on the backend as tensors,
// updates are graph ops run without recording.

import type { Tensor } from '../../graph/tensor.js';

export interface Optimizer {
  readonly name: string;
  /** New parameter tensors from the current ones and their gradients (same order). Advances the step count. */
  step(params: Tensor[], grads: Tensor[]): Tensor[];
  /** Number of updates done so far. */
  readonly count: number;
  /** Frees the optimizer's state tensors. */
  dispose(): void;
}
