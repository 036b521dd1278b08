// Hutchinson's trace estimator: tr(A) = E[zᵀA·z] for z with independent Rademacher (±1)
// entries. Each sample costs one operator application; its variance is
// 2·(‖A‖_F² − Σ A_ii²), the smallest of the usual choices of z for a fixed A.
//
// Reported: the running mean of the samples and its standard error s/√n (s: the
// sample standard deviation). Stopping rule, checked after every sample once
// n ≥ minSamples: stop when BOTH
//   |mean_n − mean_{n−window}| ≤ relTol·|mean_n|    (the estimate has settled) and
//   stderr_n ≤ stderrTol·|mean_n|                   (the statistical error is small),
// or when n = maxSamples (then `converged` is false). PyHessian stops on the first test
// alone with window 1; the second keeps a lucky streak from ending the run early.
//
// Sample s uses the stream fork('hutchinson', s) of the seed, so its vector does not
// depend on how many samples ran before or after: longer runs extend shorter ones.

import { KanntkError } from '../errors.js';
import { createSeededRandom, type SeededRandom } from '../math/random.js';
import { dot } from '../spectral/dense-host.js';
import type { LinearOperator } from '../spectral/lanczos.js';

export interface TraceOptions {
  /** Seed of the Rademacher vectors (default 0). */
  seed?: number;
  /** Most samples (operator applications), default 100. */
  maxSamples?: number;
  /** Fewest samples before the stopping rule is checked, default 10. */
  minSamples?: number;
  /** How many samples back the relative change is measured, default 5. */
  window?: number;
  /** Tolerance on the relative change of the running mean over the window, default 1e-3. */
  relTol?: number;
  /** Tolerance on stderr/|mean|, default 1e-2. */
  stderrTol?: number;
}

export interface TraceEstimate {
  /** The running mean of zᵀA·z after the last sample. */
  trace: number;
  /** Standard error of that mean, s/√n (NaN after a single sample: unknown). */
  stderr: number;
  /** Samples used. */
  samples: number;
  /** The stopping rule was met before maxSamples. */
  converged: boolean;
  /** Every sample zᵀA·z, in order. */
  values: Float64Array;
}

/** A Rademacher (±1) vector of length n from 32 random bits per draw. */
export function rademacher(rng: SeededRandom, n: number): Float64Array {
  const z = new Float64Array(n);
  let bits = 0;
  for (let i = 0; i < n; i++) {
    if (i % 32 === 0) bits = rng.nextUint32();
    z[i] = (bits >>> i % 32) & 1 ? 1 : -1;
  }
  return z;
}

function positiveInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) throw new KanntkError(`trace: ${what} must be a positive integer, got ${String(value)}`);
}

/** tr(A) by Hutchinson's estimator with Rademacher vectors and the stopping rule of the file header. */
export async function hutchinsonTrace(op: LinearOperator, options: TraceOptions = {}): Promise<TraceEstimate> {
  const { seed = 0, maxSamples = 100, minSamples = 10, window = 5, relTol = 1e-3, stderrTol = 1e-2 } = options;
  positiveInteger(maxSamples, 'maxSamples');
  positiveInteger(minSamples, 'minSamples');
  positiveInteger(window, 'window');
  if (!(relTol >= 0)) throw new KanntkError(`trace: relTol must be a non-negative number, got ${String(relTol)}`);
  if (!(stderrTol >= 0)) throw new KanntkError(`trace: stderrTol must be a non-negative number, got ${String(stderrTol)}`);
  const root = createSeededRandom(seed);
  const values: number[] = [];
  const means: number[] = [];
  // Welford's running mean and sum of squared deviations
  let mean = 0;
  let m2 = 0;
  let converged = false;
  while (values.length < maxSamples) {
    const z = rademacher(root.fork('hutchinson', values.length), op.size);
    const sample = dot(z, await op.apply(z));
    if (!Number.isFinite(sample)) throw new KanntkError(`trace: sample ${values.length} is ${sample} (the operator returned non-finite values)`);
    values.push(sample);
    const n = values.length;
    const delta = sample - mean;
    mean += delta / n;
    m2 += delta * (sample - mean);
    means.push(mean);
    if (n >= Math.max(minSamples, window + 1)) {
      const settled = Math.abs(mean - means[n - 1 - window]) <= relTol * Math.abs(mean);
      const precise = stderrOf(m2, n) <= stderrTol * Math.abs(mean);
      if (settled && precise) {
        converged = true;
        break;
      }
    }
  }
  return { trace: mean, stderr: stderrOf(m2, values.length), samples: values.length, converged, values: Float64Array.from(values) };
}

function stderrOf(m2: number, n: number): number {
  return n > 1 ? Math.sqrt(Math.max(m2, 0) / (n - 1) / n) : NaN;
}
