// The smallest eigenvalue a computed spectrum can resolve, from the precision
// it was computed in: rounding errors of size ~ε·‖K‖ (per entry, accumulated
// over √n terms) move eigenvalues by about that much in absolute terms
// (Weyl's inequality), so eigenvalues below it are noise, not numbers.

import type { Precision } from '../backend/backend.js';

/** Unit roundoff of each precision. */
export const UNIT_ROUNDOFF: Record<Precision, number> = { f64: 2 ** -53, f32: 2 ** -24 };

/** Absolute noise floor 8·u·√n·λmax for an n×n kernel with largest eigenvalue λmax. */
export function noiseFloor(precision: Precision, lambdaMax: number, n: number): number {
  return 8 * UNIT_ROUNDOFF[precision] * Math.sqrt(n) * Math.abs(lambdaMax);
}
