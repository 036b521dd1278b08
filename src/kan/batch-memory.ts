// A rough upper estimate of what evaluating a model on N points holds at once,
// so that commands refuse an impossible batch (naming the sizes) instead of
// growing the WASM heap or the GPU until they crash.

import type { KanModel } from './model.js';

/** Elements held per point by one forward pass: basis values and activations of every layer. */
export function elementsPerPoint(model: KanModel): number {
  let total = 0;
  for (const layer of model.layers) {
    const spec = layer as unknown as { type: string; n_in: number; n_out: number; c_basis?: { shape: number[] } };
    const width = spec.c_basis ? spec.c_basis.shape[spec.c_basis.shape.length - 1] : 1;
    // shared-basis layers evaluate one basis row per input, per-edge ('base') layers one per edge
    const basis = spec.type === 'base' ? spec.n_out * spec.n_in * width : spec.n_in * width;
    total += basis + spec.n_in + 2 * spec.n_out;
  }
  return total;
}

/**
 * Bytes a job on N points is expected to hold: `passes` is about 2 for a forward pass, 6 for a
 * gradient (saved activations and their adjoints), 12 for Hessian-vector products.
 */
export function batchBytes(model: KanModel, points: number, passes: number, bytesPerElement: number): number {
  return points * elementsPerPoint(model) * passes * bytesPerElement;
}
