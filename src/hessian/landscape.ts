// The loss along a line in parameter space: L(θ(α)) with θ(α) = (1−α)·θ₀ + α·θ₁,
// for a grid of α (α = 0 is θ₀, α = 1 is θ₁; α outside [0, 1] extrapolates), on one
// or several data sets at once (e.g. train and test). The two models must be the same
// network: same layers, same grids and other non-parameter fields, same param_order.
// Grids are not parameters (fixtures README §2.5), so interpolating parameters between
// models with different grids would mix two different functions; that is refused.
// The research's way, interpolating whole states (grids too), is the 'states' option;
// with `density`, the Hessian's spectral density is taken at every α as well.

import type { Backend } from '../backend/backend.js';
import { KanntkError } from '../errors.js';
import { noGrad, tidy } from '../graph/tape.js';
import type { KanModel } from '../kan/model.js';
import { parameterNames } from '../kan/layers/registry.js';
import { lossGraph } from '../train/loss-and-grad.js';
import type { LossName } from '../train/losses.js';
import { bindLossData, HessianOperator, type BoundLossData, type HostArray } from './hvp.js';
import { spectralDensity, type DensityOptions, type SpectralDensity } from './density.js';
import { checkSameStructure, interpolateStates } from '../kan/interpolate-states.js';
import type { BoundModel } from '../kan/model.js';

/** One data set: inputs x [N, n_in] and targets y ([N, n_out] for mse, N integer labels for ce). */
export interface LossData {
  x: HostArray;
  y: HostArray;
}

export interface LossAlongLineOptions {
  /** The α values (any order, any finite numbers). */
  alphas: ArrayLike<number>;
  /** 'mse' (default) or 'ce'. */
  loss?: LossName;
  /**
   * 'params' (default): θ(α) between models that differ in parameters only; 'states': every
   * numeric array, grids included, as the research interpolates (kan/interpolate-states.ts).
   */
  interpolate?: 'params' | 'states';
  /** With this, the Hessian's spectral density on the first data set at every α (SLQ). */
  density?: DensityOptions;
}

export interface LossAlongLine {
  alphas: Float64Array;
  /** losses[d][i] = loss on data set d at θ(alphas[i]). */
  losses: Float64Array[];
  /** densities[i]: the spectral density at alphas[i] (with options.density) */
  densities?: SpectralDensity[];
}

/** n equally spaced α from lo to hi inclusive (n ≥ 2), e.g. alphaRange(−1.5, 2, 36). */
export function alphaRange(lo: number, hi: number, n: number): Float64Array {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new KanntkError(`alpha range: ends must be finite numbers, got ${lo} and ${hi}`);
  if (!Number.isInteger(n) || n < 2) throw new KanntkError(`alpha range: the number of points must be an integer ≥ 2, got ${String(n)}`);
  return Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
}

/** Throws unless the two models differ in parameter values only. */
export function checkSameNetwork(from: KanModel, to: KanModel): void {
  if (from.layers.length !== to.layers.length) throw new KanntkError(`landscape: the models have ${from.layers.length} and ${to.layers.length} layers`);
  from.layers.forEach((a, l) => {
    const b = to.layers[l];
    const params = new Set(parameterNames(a));
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const va = (a as unknown as Record<string, unknown>)[key];
      const vb = (b as unknown as Record<string, unknown>)[key];
      if (params.has(key)) {
        const sa = (va as HostArray | null)?.shape;
        const sb = (vb as HostArray | null)?.shape;
        if (!sb || sa!.join() !== sb.join()) throw new KanntkError(`landscape: layer ${l} '${key}' is [${sa}] in the first model and ${sb ? `[${sb}]` : 'absent'} in the second`);
      } else if (JSON.stringify(va) !== JSON.stringify(vb)) {
        throw new KanntkError(`landscape: layer ${l} differs in '${key}' between the models (only parameters may differ along a line)`);
      }
    }
  });
}

/** L(θ(α)) for every α and data set; see the file header. */
export async function lossAlongLine(
  engine: { backend: Backend },
  from: KanModel,
  to: KanModel,
  data: LossData | readonly LossData[],
  options: LossAlongLineOptions,
): Promise<LossAlongLine> {
  const loss = options.loss ?? 'mse';
  const mode = options.interpolate ?? 'params';
  if (mode !== 'params' && mode !== 'states') throw new KanntkError(`landscape: unknown interpolation '${String(mode)}' (expected params or states)`);
  if (mode === 'params') checkSameNetwork(from, to);
  else checkSameStructure(from, to);
  const alphas = Float64Array.from(options.alphas);
  if (alphas.length === 0) throw new KanntkError('landscape: no α values given');
  alphas.forEach((a, i) => {
    if (!Number.isFinite(a)) throw new KanntkError(`landscape: α[${i}] is ${a}`);
  });
  const sets = Array.isArray(data) ? (data as readonly LossData[]) : [data as LossData];
  if (sets.length === 0) throw new KanntkError('landscape: no data sets given');
  const theta0 = from.flatParams();
  const theta1 = to.flatParams();
  const losses = sets.map(() => new Float64Array(alphas.length));
  const densities: SpectralDensity[] = [];
  /** The losses (and density) of one bound model at α index i. */
  const measure = async (bound: BoundModel, onBackend: BoundLossData[], i: number) => {
    for (let d = 0; d < onBackend.length; d++) {
      losses[d][i] = await tidy(async () => (await noGrad(() => lossGraph(bound, onBackend[d].x, onBackend[d].target, loss)).data())[0]);
    }
    // on the first data set as already uploaded (the operator is not disposed: the data is the caller's)
    if (options.density) densities.push(await spectralDensity(new HessianOperator(bound, onBackend[0], loss), options.density));
  };
  if (mode === 'states') {
    // grids change with α: a model of its own per α
    for (let i = 0; i < alphas.length; i++) {
      const bound = interpolateStates(from, to, alphas[i]).bind(engine.backend);
      const onBackend: BoundLossData[] = [];
      try {
        for (const d of sets) onBackend.push(bindLossData(bound, d.x, d.y, loss));
        await measure(bound, onBackend, i);
      } finally {
        for (const b of onBackend) b.dispose();
        bound.dispose();
      }
    }
    return { alphas, losses, ...(options.density ? { densities } : {}) };
  }
  const bound = from.bind(engine.backend);
  const onBackend: BoundLossData[] = [];
  try {
    for (const d of sets) onBackend.push(bindLossData(bound, d.x, d.y, loss));
    const theta = new Float64Array(theta0.length);
    for (let i = 0; i < alphas.length; i++) {
      const a = alphas[i];
      for (let p = 0; p < theta.length; p++) theta[p] = (1 - a) * theta0[p] + a * theta1[p];
      bound.setFlatParams(theta);
      await measure(bound, onBackend, i);
    }
    return { alphas, losses, ...(options.density ? { densities } : {}) };
  } finally {
    for (const b of onBackend) b.dispose();
    bound.dispose();
  }
}
