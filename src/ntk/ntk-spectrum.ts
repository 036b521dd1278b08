// From a model and points to the NTK's spectrum and metrics, as the `ntk`
// command and the study report them: NTK → stabilise → eigh → metrics.

import type { BoundModel } from '../kan/model.js';
import type { JsonArray } from '../kan/layer-types.js';
import { ntk, type NtkMethod } from './ntk.js';
import { stabilizeHost } from './stabilize.js';
import { eigh } from '../spectral/eigh.js';
import { spectrumMetrics, type SpectrumMetrics } from '../spectral/metrics.js';

export interface NtkSpectrum extends SpectrumMetrics {
  /** eigenvalues of the stabilised kernel, descending */
  eigenvalues: Float64Array;
  /** per eigenvalue: above the noise floor of the precision used */
  resolved: boolean[];
  noise_floor: number;
  jitter: number;
  /** eigenvectors of the top eigenvalues (when asked) */
  eigenvectors?: Float64Array[];
  /** the raw kernel (when asked) */
  matrix?: Float64Array;
}

export interface NtkSpectrumOptions {
  method?: NtkMethod;
  gamma?: number;
  /** keep this many top eigenvectors */
  top?: number;
  keepMatrix?: boolean;
}

export async function ntkSpectrum(model: BoundModel, x: JsonArray, options: NtkSpectrumOptions = {}): Promise<NtkSpectrum> {
  const K = await ntk(model, x, { method: options.method });
  const n = K.shape[0];
  const { matrix, jitter } = stabilizeHost(K.data, n);
  const spec = await eigh(model.backend, { shape: [n, n], data: matrix }, { vectors: (options.top ?? 0) > 0 });
  return {
    ...spectrumMetrics(spec.values, options.gamma ?? 1e-4),
    eigenvalues: spec.values,
    resolved: spec.resolved,
    noise_floor: spec.noiseFloor,
    jitter,
    eigenvectors: options.top ? spec.vectors!.slice(0, options.top) : undefined,
    matrix: options.keepMatrix ? K.data : undefined,
  };
}

/** The JSON form of a spectrum: unresolved eigenvalues are null, not numbers. */
export function spectrumToJson(s: NtkSpectrum): Record<string, unknown> {
  return {
    eigenvalues: Array.from(s.eigenvalues, (l, i) => (s.resolved[i] ? l : null)),
    n_unresolved: s.resolved.filter((r) => !r).length,
    noise_floor: s.noise_floor,
    cond: s.cond,
    cond_floor_active: s.cond_floor_active,
    // the smallest eigenvalue under the noise floor makes cond a lower bound only
    cond_resolved: s.resolved[s.resolved.length - 1] ?? false,
    effective_rank: s.effective_rank,
    effective_dim: s.effective_dim,
    gamma: s.gamma,
    lambda_max: s.lambda_max,
    lambda_min: s.resolved[s.resolved.length - 1] ? s.lambda_min : null,
    trace: s.trace,
    jitter: s.jitter,
    ...(s.eigenvectors ? { eigenvectors: { shape: [s.eigenvectors.length, s.eigenvalues.length], data: s.eigenvectors.flatMap((v) => Array.from(v)) } } : {}),
    ...(s.matrix ? { matrix: { shape: [s.eigenvalues.length, s.eigenvalues.length], data: Array.from(s.matrix) } } : {}),
  };
}
