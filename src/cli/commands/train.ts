// kanntk train --model M --input X --target Y [--steps N] [--optimizer adam|sgd|lbfgs] [--lr LR]
//   [--batch-size B] [--seed S] [--loss mse|ce] [--out MODEL] [--history FILE]
// Trains, then writes the model (kan-model/1) and the loss history. Progress on a terminal.

import { KanntkError } from '../../errors.js';
import { checkFlags, integerFlag, numberFlag, rejectFlags, stringFlag, switchFlag, widthList, type ParsedArgs } from '../args.js';
import { readArrayFile, readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson, writeResults } from '../output.js';
import { progressBar } from '../progress.js';
import { requireFlag } from './require-flag.js';
import { lossFlag } from './grad.js';
import { train } from '../../train/train-loop.js';
import { adam } from '../../train/optimizers/adam.js';
import { sgd } from '../../train/optimizers/sgd.js';
import { minimizeLbfgs } from '../../train/optimizers/lbfgs.js';
import { trainSfn } from '../../hessian/saddle-free-newton.js';
import { trainWithGridUpdates } from '../../train/grid-update-schedule.js';
import { lossAndGrad } from '../../train/loss-and-grad.js';
import type { Regularizer } from '../../train/train-loop.js';
import { sparsityPenalty } from '../../interpret/sparsity.js';
import type { BoundModel, KanModel } from '../../kan/model.js';
import type { LayerType } from '../../kan/layer-types.js';
import { createKan } from '../../kan/build.js';
import { pdeFromFlags, rbaRuleFlag } from './pde.js';
import { trainPinn } from '../../pde/pinn-train.js';
import { collocationGrid, boundaryPoints } from '../../pde/collocation.js';
import type { InitScheme } from '../../kan/init.js';
import type { LossName } from '../../train/losses.js';
import type { HostArray } from '../../host-array.js';

const MAX_STEPS = 10_000_000;
/** Parameters a new model may have from --layers/--G (about 400 MB of f64 with Adam's state). */
const MAX_NEW_PARAMS = 10_000_000;
const stepsFlag = (args: ParsedArgs) => numberFlag(args, 'steps', 1000, { integer: true, min: 0, max: MAX_STEPS });
const learningRate = (args: ParsedArgs) => numberFlag(args, 'lr', 1e-3, { above: 0, max: 1e6 });

async function trainLbfgs(bound: BoundModel, x: HostArray, y: HostArray, loss: LossName, steps: number, onStep: (s: number, l: number) => void, regularizer?: Regularizer): Promise<number[]> {
  const fg = async (theta: Float64Array) => {
    bound.setFlatParams(theta);
    return lossAndGrad(bound, x, y, { loss, regularizer });
  };
  const result = await minimizeLbfgs(fg, (await bound.toModel()).flatParams(), { maxIter: steps }, onStep);
  bound.setFlatParams(result.theta);
  return result.history;
}

const INIT_TYPES = ['default', 'lecun', 'glorot', 'glorot_fine', 'power'];

/** --grid-update-every N [--grid-update-until S]: pykan's periodic grid updates (spline layers). */
function gridUpdateFlags(args: ParsedArgs, model: KanModel, steps: number): { every: number; until: number } | null {
  if (!args.flags.has('grid-update-every')) {
    rejectFlags(args, ['grid-update-until'], 'without --grid-update-every');
    return null;
  }
  if (!model.layers.some((l) => l.type === 'spline' || l.type === 'base')) throw new KanntkError('--grid-update-every: the model has no spline layers (grids belong to spline and base layers)');
  return {
    every: integerFlag(args, 'grid-update-every', 1, 1, MAX_STEPS),
    until: integerFlag(args, 'grid-update-until', steps, 0, MAX_STEPS),
  };
}

/** --lamb λ [--lamb-l1 μ1] [--lamb-entropy μ2] [--lamb-coef λ_coef]: pykan's sparsity regulariser (KAN layers). */
function sparsityFlags(args: ParsedArgs): Regularizer | undefined {
  if (!args.flags.has('lamb')) {
    rejectFlags(args, ['lamb-l1', 'lamb-entropy', 'lamb-coef'], 'without --lamb (the regulariser\'s overall weight)');
    return undefined;
  }
  const options = {
    lambda: numberFlag(args, 'lamb', 0, { min: 0, max: 1e6 }),
    mu1: numberFlag(args, 'lamb-l1', 1, { min: 0, max: 1e6 }),
    mu2: numberFlag(args, 'lamb-entropy', 2, { min: 0, max: 1e6 }),
    lambdaCoef: numberFlag(args, 'lamb-coef', 0, { min: 0, max: 1e6 }),
  };
  return (model, x) => sparsityPenalty(model, x, options);
}

/** --model FILE, or a new model from --layers 2,8,8,1 [--layer spline] [--G 5] [--k 3] [--D 5] [--init glorot] [--seed S]. */
function modelFromFlags(args: ParsedArgs, seed: number): KanModel {
  const path = stringFlag(args, 'model');
  if (path !== undefined) return readModelFile(path);
  const dims = stringFlag(args, 'layers');
  if (dims === undefined) throw new KanntkError('train: give --model FILE, or --layers (e.g. 2,8,8,1) for a new model');
  const layerDims = widthList(dims, 'layers', 65536);
  if (layerDims.length < 2) throw new KanntkError(`--layers needs at least an input and an output width, e.g. 2,8,8,1; got '${dims}'`);
  const init = stringFlag(args, 'init') ?? 'default';
  if (!INIT_TYPES.includes(init)) throw new KanntkError(`unknown init '${init}' (expected ${INIT_TYPES.join(', ')})`);
  const G = numberFlag(args, 'G', 5, { integer: true, min: 1, max: 10_000 });
  const k = numberFlag(args, 'k', 3, { integer: true, min: 1, max: 10 });
  const D = numberFlag(args, 'D', 5, { integer: true, min: 1, max: 1000 });
  // refuse before allocating: every edge carries about G + k (or D + 1) coefficients and a few more
  const perEdge = Math.max(G + k, D + 1) + 3;
  const edges = layerDims.slice(1).reduce((sum, out, l) => sum + out * layerDims[l], 0);
  if (edges * perEdge > MAX_NEW_PARAMS) {
    throw new KanntkError(`train: a model of widths [${layerDims}] with G=${G} would have about ${(edges * perEdge).toExponential(1)} parameters; the limit is ${MAX_NEW_PARAMS.toExponential(0)}`);
  }
  return createKan({ layerDims, layer: (stringFlag(args, 'layer') ?? 'spline') as LayerType, G, k, D, init: { type: init } as InitScheme, seed });
}

/** kanntk train --pde NAME [--grid N] [--no-rba]: RBA-weighted PINN training on an N×N collocation grid. */
async function trainPdeCommand(args: ParsedArgs, model: KanModel): Promise<void> {
  rejectFlags(args, ['input', 'target', 'loss', 'optimizer', 'momentum', 'batch-size', 'lamb', 'lamb-l1', 'lamb-entropy', 'lamb-coef', 'grid-update-every', 'grid-update-until'], 'to --pde training (RBA-weighted Adam on a collocation grid)');
  const noRba = switchFlag(args, 'no-rba');
  if (noRba) rejectFlags(args, ['rba-rule'], 'with --no-rba');
  const rbaRule = rbaRuleFlag(args, 'jaxkan');
  const pde = pdeFromFlags(args);
  const steps = stepsFlag(args);
  const lr = learningRate(args);
  const grid = numberFlag(args, 'grid', 64, { integer: true, min: 2, max: 1024 });
  const out = stringFlag(args, 'out'), historyPath = stringFlag(args, 'history');
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  const bar = progressBar(`train ${pde.name} (${run.engine.backend.info.name})`, steps);
  const optimizer = adam({ lr });
  try {
    run.guardBatch(model, grid * grid, 12, 'train --pde');
    const result = await run.compute(() =>
      trainPinn(bound, pde, { interior: collocationGrid(pde, grid), boundary: boundaryPoints(pde, grid) }, {
        steps, optimizer, rba: noRba ? false : {}, rbaRule,
        onStep: (s, l) => bar.update(s, `loss ${l.toExponential(3)}`),
      }),
    );
    bar.finish(`loss ${result.losses[result.losses.length - 1].toExponential(3)}`);
    const trained = await bound.toModel();
    const history = JSON.stringify({ pde: pde.name, loss: result.losses, w_E: Array.from(result.wE), w_B: Array.from(result.wB), ...run.report() }) + '\n';
    writeResults([...(historyPath ? [[historyPath, history] as [string, string]] : []), ...(out ? [[out, trained.serialize()] as [string, string]] : [])]);
    if (out) {
      emitJson({ pde: pde.name, final_loss: result.losses[result.losses.length - 1], steps, ...run.report() }, undefined);
    } else process.stdout.write(trained.serialize());
  } finally {
    optimizer.dispose();
    bound.dispose();
    run.engine.dispose();
  }
}

export async function trainCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'layers', 'layer', 'G', 'k', 'D', 'init', 'input', 'target', 'steps', 'optimizer', 'lr', 'momentum', 'batch-size', 'seed', 'loss', 'backend', 'out', 'history', 'pde', 'pde-param', 'grid', 'no-rba', 'rba-rule',
    'lamb', 'lamb-l1', 'lamb-entropy', 'lamb-coef', 'hessian-batch', 'lanczos-steps', 'delta', 'max-step', 'grid-update-every', 'grid-update-until']);
  const seed = numberFlag(args, 'seed', 0, { integer: true, min: 0, max: 2 ** 32 - 1 });
  if (args.flags.has('model')) rejectFlags(args, ['layers', 'layer', 'G', 'k', 'D', 'init'], 'with --model (they describe a new model)');
  const model = modelFromFlags(args, seed);
  if (args.flags.has('pde')) return trainPdeCommand(args, model);
  rejectFlags(args, ['grid', 'no-rba', 'pde-param', 'rba-rule'], 'without --pde');
  const optimizerName = stringFlag(args, 'optimizer') ?? 'adam';
  if (!['adam', 'sgd', 'lbfgs', 'sfn'].includes(optimizerName)) throw new KanntkError(`unknown optimizer '${optimizerName}' (expected adam, sgd, lbfgs or sfn)`);
  if (optimizerName !== 'sgd') rejectFlags(args, ['momentum'], `to --optimizer ${optimizerName} (only to sgd)`);
  if (optimizerName === 'lbfgs') rejectFlags(args, ['lr', 'batch-size'], 'to --optimizer lbfgs (a full-batch line search)');
  if (optimizerName === 'sfn') rejectFlags(args, ['batch-size', 'lamb', 'lamb-l1', 'lamb-entropy', 'lamb-coef'], 'to --optimizer sfn (it takes --hessian-batch)');
  else rejectFlags(args, ['hessian-batch', 'lanczos-steps', 'delta', 'max-step'], `to --optimizer ${optimizerName} (only to sfn)`);
  const loss = lossFlag(args);
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const y = readArrayFile(requireFlag(args, 'target'), 'target', { integers: loss === 'ce' });
  const steps = stepsFlag(args);
  const lr = optimizerName === 'sfn' ? numberFlag(args, 'lr', 1, { above: 0, max: 1e6 }) : learningRate(args);
  const sfnOptions = optimizerName === 'sfn' ? {
    hessianBatch: args.flags.has('hessian-batch') ? integerFlag(args, 'hessian-batch', 0, 1, x.shape[0]) : undefined,
    lanczosSteps: integerFlag(args, 'lanczos-steps', 100, 1, 10_000),
    delta: numberFlag(args, 'delta', 0, { min: 0, max: 1e6 }),
    maxStep: numberFlag(args, 'max-step', 1, { above: 0, max: 1e6 }),
  } : null;
  const batchSize = stringFlag(args, 'batch-size') === undefined ? undefined : numberFlag(args, 'batch-size', 0, { integer: true, min: 1, max: x.shape[0] });
  const momentum = numberFlag(args, 'momentum', 0, { min: 0, below: 1 });
  const out = stringFlag(args, 'out'), historyPath = stringFlag(args, 'history');
  const regularizer = sparsityFlags(args);
  if (regularizer) {
    const l = model.layers.findIndex((layer) => !('c_basis' in layer));
    if (l >= 0) throw new KanntkError(`--lamb: the sparsity regulariser needs KAN layers, layer ${l} is '${model.layers[l].type}'`);
  }

  const gridUpdates = gridUpdateFlags(args, model, steps);
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  let finalModel = null as BoundModel | null;
  const bar = progressBar(`train (${optimizerName}, ${run.engine.backend.info.name})`, steps);
  const onStep = (s: number, l: number) => bar.update(s, `loss ${l.toExponential(3)}`);
  try {
    run.guardBatch(model, batchSize ?? x.shape[0], 6, 'train');
    // one optimizer for the whole run, carried across grid updates (as pykan)
    const optimizer = optimizerName === 'adam' ? adam({ lr }) : optimizerName === 'sgd' ? sgd({ lr, momentum }) : null;
    /** `n` updates of `m` from step `offset` on; steps + 1 losses. */
    const runSteps = async (m: BoundModel, n: number, offset: number): Promise<number[]> => {
      const progress = (s: number, l: number) => onStep(offset + s, l);
      if (optimizerName === 'lbfgs') return trainLbfgs(m, x, y, loss, n, progress, regularizer);
      if (sfnOptions) {
        const r = await trainSfn(m, { x, y }, { steps: n, lr, loss, seed, ...sfnOptions, onStep: (s, step) => progress(s, step.loss) });
        // the loss after the last step, on all rows, as the other optimizers report it
        return [...r.losses, (await lossAndGrad(m, x, y, { loss })).loss];
      }
      return (await train(m, { x, y }, { steps: n, optimizer: optimizer!, loss, batchSize, seed: seed + offset, onStep: progress, regularizer })).losses;
    };
    const losses = await run.compute(async () => {
      try {
        if (!gridUpdates) return runSteps(bound, steps, 0);
        let offset = 0;
        const r = await trainWithGridUpdates(bound, x, {
          steps, ...gridUpdates,
          run: async (m, n) => {
            const l = await runSteps(m, n, offset);
            offset += n;
            return l;
          },
        });
        finalModel = r.model;
        return r.losses;
      } finally {
        optimizer?.dispose();
      }
    });
    bar.finish(`loss ${losses[losses.length - 1].toExponential(3)}`);
    const trained = await (finalModel ?? bound).toModel();
    const history = JSON.stringify({ loss: losses, optimizer: optimizerName, steps, ...run.report() }, null, 2) + '\n';
    // every file is written (atomically) even if another fails, and what fails is rescued to the temp folder
    writeResults([...(historyPath ? [[historyPath, history] as [string, string]] : []), ...(out ? [[out, trained.serialize()] as [string, string]] : [])]);
    if (!out) process.stdout.write(trained.serialize());
    if (out) emitJson({ final_loss: losses[losses.length - 1], steps, ...run.report() }, undefined);
  } finally {
    finalModel?.dispose();
    bound.dispose();
    run.engine.dispose();
  }
}
