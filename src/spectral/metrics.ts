// Spectral metrics of a kernel (DESIGN.md): condition number, effective rank,
// effective dimension. Pure functions of the eigenvalues.

import { KanntkError } from '../errors.js';

export interface SpectrumMetrics {
  lambdaMax: number;
  lambdaMin: number;
  /** λmax / max(λmin, 1e-9·λmax) */
  cond: number;
  /** true when λmin < 1e-9·λmax, so cond is the floor value 1e9 */
  condFloorActive: boolean;
  /** (Σλ)² / Σλ² */
  effectiveRank: number;
  /** Σ λ/(λ+γ) */
  effectiveDim: number;
  gamma: number;
  trace: number;
}

/** Metrics of eigenvalues (any order) of a stabilised kernel. */
export function spectrumMetrics(eigenvalues: ArrayLike<number>, gamma = 1e-4): SpectrumMetrics {
  const lams = Array.from(eigenvalues);
  if (lams.length === 0) throw new KanntkError('spectrumMetrics: no eigenvalues');
  if (lams.some((l) => !Number.isFinite(l))) throw new KanntkError('spectrumMetrics: eigenvalues must be finite');
  if (!(gamma > 0)) throw new KanntkError(`spectrumMetrics: γ must be > 0, got ${gamma}`);
  const lambdaMax = Math.max(...lams), lambdaMin = Math.min(...lams);
  const floor = 1e-9 * lambdaMax;
  const trace = lams.reduce((s, l) => s + l, 0);
  const sq = lams.reduce((s, l) => s + l * l, 0);
  return {
    lambdaMax,
    lambdaMin,
    cond: lambdaMax / Math.max(lambdaMin, floor),
    condFloorActive: lambdaMin < floor,
    effectiveRank: sq > 0 ? (trace * trace) / sq : 0,
    effectiveDim: lams.reduce((s, l) => s + l / (l + gamma), 0),
    gamma,
    trace,
  };
}
