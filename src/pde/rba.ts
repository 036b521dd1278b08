// Residual-based attention: after every step, λ ← γ·λ + η·|r|/max|r|,
// separately for the interior and the boundary set (host arrays, f64).

import { KanntkError } from '../errors.js';

export interface RbaOptions {
  /** memory γ (default 0.999) */
  gamma?: number;
  /** learning rate η (default 0.01) */
  eta?: number;
}

export function rbaUpdate(weights: ArrayLike<number>, residuals: ArrayLike<number>, options: RbaOptions = {}): Float64Array {
  const gamma = options.gamma ?? 0.999, eta = options.eta ?? 0.01;
  if (weights.length !== residuals.length) throw new KanntkError(`rba: ${weights.length} weights but ${residuals.length} residuals`);
  let maxAbs = 0;
  for (let i = 0; i < residuals.length; i++) {
    if (!Number.isFinite(residuals[i])) throw new KanntkError(`rba: residual ${i} is ${residuals[i]}`);
    maxAbs = Math.max(maxAbs, Math.abs(residuals[i]));
  }
  // all residuals zero: nothing to attend to, the weights only decay
  return Float64Array.from(weights, (w, i) => gamma * w + (maxAbs > 0 ? (eta * Math.abs(residuals[i])) / maxAbs : 0));
}
