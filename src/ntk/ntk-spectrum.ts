// From a model and points to the NTK's spectrum and metrics, as the `ntk`
// command and the study report them: NTK → stabilise → eigh → metrics.

import type { Backend } from '../backend/backend.js';
import type { BoundModel } from '../kan/model.js';
import { ntk, type NtkMethod } from './ntk.js';
import { stabilizeHost } from './stabilize.js';
import { eigh } from '../spectral/eigh.js';
import { spectrumMetrics, type SpectrumMetrics } from '../spectral/metrics.js';
import type { HostArray } from '../host-array.js';

export interface NtkSpectrum extends SpectrumMetrics {
  /** eigenvalues of the stabilised kernel, descending */
  eigenvalues: Float64Array;
  /** per eigenvalue: above the noise floor of the precision used */
  resolved: boolean[];
  noiseFloor: number;
  /** the diagonal shift of the stabilisation */
  jitter: number;
  /** eigenvectors of the top eigenvalues (when asked) */
  eigenvectors?: Float64Array[];
  /** the raw kernel (when asked) */
  matrix?: Float64Array;
}

export interface KernelSpectrumOptions {
  /** γ of the effective dimension (default 1e-4) */
  gamma?: number;
  /** keep this many top eigenvectors */
  top?: number;
}

export interface NtkSpectrumOptions extends KernelSpectrumOptions {
  method?: NtkMethod;
  keepMatrix?: boolean;
}

/** The spectrum and metrics of a kernel matrix [n, n] (any NTK block): stabilise → eigh → metrics. */
export async function kernelSpectrum(engine: { backend: Backend }, K: HostArray, options: KernelSpectrumOptions = {}): Promise<NtkSpectrum> {
  const n = K.shape[0];
  const { matrix, jitter } = stabilizeHost(K.data, n);
  const spec = await eigh(engine, { shape: [n, n], data: matrix }, { vectors: (options.top ?? 0) > 0 });
  return {
    ...spectrumMetrics(spec.values, options.gamma ?? 1e-4),
    eigenvalues: spec.values,
    resolved: spec.resolved,
    noiseFloor: spec.noiseFloor,
    jitter,
    eigenvectors: options.top ? spec.vectors!.slice(0, options.top) : undefined,
  };
}

/** The empirical NTK of a model on points x, and its spectrum. */
export async function ntkSpectrum(model: BoundModel, x: HostArray, options: NtkSpectrumOptions = {}): Promise<NtkSpectrum> {
  const K = await ntk(model, x, { method: options.method });
  const spectrum = await kernelSpectrum(model, K, options);
  return options.keepMatrix ? { ...spectrum, matrix: K.data } : spectrum;
}

/** The JSON form of a spectrum (snake_case keys): unresolved eigenvalues are null, not numbers. */
export function spectrumToJson(s: NtkSpectrum): Record<string, unknown> {
  const lastResolved = s.resolved[s.resolved.length - 1] ?? false;
  return {
    eigenvalues: Array.from(s.eigenvalues, (l, i) => (s.resolved[i] ? l : null)),
    n_unresolved: s.resolved.filter((r) => !r).length,
    noise_floor: s.noiseFloor,
    cond: s.cond,
    cond_floor_active: s.condFloorActive,
    // the smallest eigenvalue under the noise floor makes cond a lower bound only
    cond_resolved: lastResolved,
    effective_rank: s.effectiveRank,
    effective_dim: s.effectiveDim,
    gamma: s.gamma,
    lambda_max: s.lambdaMax,
    lambda_min: lastResolved ? s.lambdaMin : null,
    trace: s.trace,
    jitter: s.jitter,
    ...(s.eigenvectors ? { eigenvectors: { shape: [s.eigenvectors.length, s.eigenvalues.length], data: s.eigenvectors.flatMap((v) => Array.from(v)) } } : {}),
    ...(s.matrix ? { matrix: { shape: [s.eigenvalues.length, s.eigenvalues.length], data: Array.from(s.matrix) } } : {}),
  };
}
