// The whole interpretable workflow from samples to a formula (pykan's
// tutorial, end to end): train a small KAN with the sparsity regulariser,
// prune it, replace every edge by its best closed form, tune the closed
// forms' affine parameters, and read off the formula.

import { KanntkError } from '../errors.js';
import { createKan } from '../kan/build.js';
import type { KanModel, BoundModel } from '../kan/model.js';
import type { Backend } from '../backend/backend.js';
import type { HostArray } from '../host-array.js';
import { lossAndGrad } from '../train/loss-and-grad.js';
import { minimizeLbfgs } from '../train/optimizers/lbfgs.js';
import { sparsityPenalty, type SparsityOptions } from './sparsity.js';
import { prune, type PruneOptions } from './prune.js';
import { autoSymbolic, type SymbolicChoice } from './symbolic-edges.js';
import { symbolicFormula, type Formula } from './formula.js';

export interface DiscoverOptions {
  /** hidden widths (default [5]) */
  hidden?: number[];
  /** grid intervals and spline degree of the KAN (default 5 and 3) */
  G?: number;
  k?: number;
  seed?: number;
  /** the sparsity regulariser of the first training (default λ = 1e-2, μ1 = 1, μ2 = 2) */
  sparsity?: SparsityOptions;
  /** L-BFGS iterations: regularised training, training of the pruned KAN, tuning of the closed forms (default 200, 100, 100) */
  trainSteps?: number;
  retrainSteps?: number;
  tuneSteps?: number;
  prune?: PruneOptions;
  /** the functions autoSymbolic may use (default: the whole library) */
  library?: readonly string[];
  weightSimple?: number;
  /** significant digits of the formula's numbers (default 6) */
  digits?: number;
  /** names the stage running (train, prune, symbolic, tune, formula) and a loss where there is one */
  onStage?: (stage: string, detail?: string) => void;
}

export interface DiscoverResult {
  formula: Formula;
  choices: SymbolicChoice[];
  /** the KAN after regularised training, after pruning, and the final closed-form model */
  trained: KanModel;
  pruned: KanModel;
  model: KanModel;
  /** mean squared error of the trained KAN and of the final closed-form model on the samples */
  trainedMse: number;
  finalMse: number;
}

/** L-BFGS on the mean squared error (+ a regulariser) in place; the final data loss. */
async function fit(bound: BoundModel, x: HostArray, y: HostArray, steps: number, sparsity: SparsityOptions | null): Promise<number> {
  const regularizer = sparsity && sparsity.lambda > 0 ? (m: BoundModel, xt: Parameters<typeof sparsityPenalty>[1]) => sparsityPenalty(m, xt, sparsity) : undefined;
  const fg = async (theta: Float64Array) => {
    bound.setFlatParams(theta);
    return lossAndGrad(bound, x, y, { regularizer });
  };
  const result = await minimizeLbfgs(fg, await bound.readFlatParams(), { maxIter: steps });
  bound.setFlatParams(result.theta);
  return (await lossAndGrad(bound, x, y)).loss;
}

/** From samples x [N, d], y [N, m] to a formula per output, on the engine's backend. */
export async function discover(engine: { backend: Backend }, x: HostArray, y: HostArray, options: DiscoverOptions = {}): Promise<DiscoverResult> {
  const backend = engine.backend;
  if (x.shape.length !== 2 || y.shape.length !== 2 || x.shape[0] !== y.shape[0]) throw new KanntkError(`discover: x must be [N, d] and y [N, m] with the same N, got [${x.shape}] and [${y.shape}]`);
  const stage = options.onStage ?? (() => {});
  const layerDims = [x.shape[1], ...(options.hidden ?? [5]), y.shape[1]];
  const start = createKan({ layerDims, layer: 'spline', G: options.G ?? 5, k: options.k ?? 3, seed: options.seed ?? 0 });
  const sparsity = options.sparsity ?? { lambda: 1e-2 };

  stage('train', `KAN [${layerDims}], L-BFGS with the sparsity regulariser (λ = ${sparsity.lambda})`);
  let bound = start.bind(backend);
  let trained: KanModel, pruned: KanModel, model: KanModel, trainedMse: number, finalMse: number, choices: SymbolicChoice[];
  try {
    trainedMse = await fit(bound, x, y, options.trainSteps ?? 200, sparsity);
    trained = await bound.toModel();

    stage('prune', `mse ${trainedMse.toExponential(3)}`);
    const cut = (await prune(bound, x, options.prune)).model;
    bound.dispose();
    bound = cut.bind(backend);
    stage('retrain', `${cut.layers.map((l) => l.n_out).slice(0, -1).join(',') || '-'} hidden nodes left`);
    const retrainedMse = await fit(bound, x, y, options.retrainSteps ?? 100, null);
    pruned = await bound.toModel();

    stage('symbolic', `mse ${retrainedMse.toExponential(3)}`);
    const auto = await autoSymbolic(bound, x, { library: options.library, weightSimple: options.weightSimple });
    choices = auto.choices;
    bound.dispose();
    bound = auto.model.bind(backend);

    stage('tune', `${choices.length} closed-form edges`);
    finalMse = await fit(bound, x, y, options.tuneSteps ?? 100, null);
    model = await bound.toModel();
  } finally {
    bound.dispose();
  }
  stage('formula', `mse ${finalMse.toExponential(3)}`);
  const formula = await symbolicFormula(model, { digits: options.digits ?? 6 });
  // the tuned affine parameters, as the final model has them
  const tuned = choices.map((c) => {
    const spec = model.layers[c.layer] as unknown as { symbolic: { out: number; in: number }[]; symbolic_affine: { data: number[] } };
    const k = spec.symbolic.findIndex((e) => e.out === c.out && e.in === c.in);
    const [a, b, cc, d] = spec.symbolic_affine.data.slice(4 * k, 4 * k + 4);
    return { ...c, a, b, c: cc, d };
  });
  return { formula, choices: tuned, trained, pruned, model, trainedMse, finalMse };
}
