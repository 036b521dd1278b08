// Spectral metrics of a kernel (DESIGN.md): condition number, effective rank,
// effective dimension. Pure functions of the eigenvalues.

import { KanntkError } from '../errors.js';

export interface SpectrumMetrics {
  lambda_max: number;
  lambda_min: number;
  /** λmax / max(λmin, 1e-9·λmax) */
  cond: number;
  /** true when λmin < 1e-9·λmax, so cond is the floor value 1e9 */
  cond_floor_active: boolean;
  /** (Σλ)² / Σλ² */
  effective_rank: number;
  /** Σ λ/(λ+γ) */
  effective_dim: number;
  gamma: number;
  trace: number;
}

/** Metrics of eigenvalues (any order) of a stabilised kernel. */
export function spectrumMetrics(eigenvalues: ArrayLike<number>, gamma = 1e-4): SpectrumMetrics {
  const lams = Array.from(eigenvalues);
  if (lams.length === 0) throw new KanntkError('spectrumMetrics: no eigenvalues');
  if (lams.some((l) => !Number.isFinite(l))) throw new KanntkError('spectrumMetrics: eigenvalues must be finite');
  if (!(gamma > 0)) throw new KanntkError(`spectrumMetrics: γ must be > 0, got ${gamma}`);
  const lambda_max = Math.max(...lams), lambda_min = Math.min(...lams);
  const floor = 1e-9 * lambda_max;
  const trace = lams.reduce((s, l) => s + l, 0);
  const sq = lams.reduce((s, l) => s + l * l, 0);
  return {
    lambda_max,
    lambda_min,
    cond: lambda_max / Math.max(lambda_min, floor),
    cond_floor_active: lambda_min < floor,
    effective_rank: sq > 0 ? (trace * trace) / sq : 0,
    effective_dim: lams.reduce((s, l) => s + l / (l + gamma), 0),
    gamma,
    trace,
  };
}
