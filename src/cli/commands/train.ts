// kanntk train --model M --input X --target Y [--steps N] [--optimizer adam|sgd|lbfgs] [--lr LR]
//   [--batch-size B] [--seed S] [--loss mse|ce] [--out MODEL] [--history FILE]
// Trains, then writes the model (kan-model/1) and the loss history. Progress on a terminal.

import { KanntkError } from '../../errors.js';
import { checkFlags, stringFlag, type ParsedArgs } from '../args.js';
import { readArrayFile, readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson, writeFileAtomic } from '../output.js';
import { progressBar } from '../progress.js';
import { requireFlag } from './require-flag.js';
import { lossFlag } from './grad.js';
import { train } from '../../train/train-loop.js';
import { adam } from '../../train/optimizers/adam.js';
import { sgd } from '../../train/optimizers/sgd.js';
import { minimizeLbfgs } from '../../train/optimizers/lbfgs.js';
import { lossAndGrad } from '../../train/loss-and-grad.js';
import type { BoundModel, KanModel } from '../../kan/model.js';
import type { LayerType } from '../../kan/layer-types.js';
import { createKan } from '../../kan/build.js';
import { pdeFromFlags } from './pde.js';
import { trainPinn } from '../../pde/pinn-train.js';
import { collocationGrid, boundaryPoints } from '../../pde/collocation.js';
import type { InitScheme } from '../../kan/init.js';
import type { LossName } from '../../train/losses.js';
import type { HostArray } from '../../host-array.js';

function numberFlag(args: ParsedArgs, name: string, fallback: number, check: (v: number) => boolean, expected: string): number {
  const raw = stringFlag(args, name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || !check(v)) throw new KanntkError(`--${name} must be ${expected}, got '${raw}'`);
  return v;
}

async function trainLbfgs(bound: BoundModel, x: HostArray, y: HostArray, loss: LossName, steps: number, onStep: (s: number, l: number) => void): Promise<number[]> {
  const fg = async (theta: Float64Array) => {
    bound.setFlatParams(theta);
    return lossAndGrad(bound, x, y, { loss });
  };
  const result = await minimizeLbfgs(fg, (await bound.toModel()).flatParams(), { maxIter: steps }, onStep);
  bound.setFlatParams(result.theta);
  return result.history;
}

const INIT_TYPES = ['default', 'lecun', 'glorot', 'glorot_fine', 'power'];

/** --model FILE, or a new model from --layers 2,8,8,1 [--layer spline] [--G 5] [--k 3] [--D 5] [--init glorot] [--seed S]. */
function modelFromFlags(args: ParsedArgs, seed: number): KanModel {
  const path = stringFlag(args, 'model');
  if (path !== undefined) return readModelFile(path);
  const dims = stringFlag(args, 'layers');
  if (dims === undefined) throw new KanntkError('train: give --model FILE, or --layers (e.g. 2,8,8,1) for a new model');
  const layerDims = dims.split(',').map(Number);
  const init = stringFlag(args, 'init') ?? 'default';
  if (!INIT_TYPES.includes(init)) throw new KanntkError(`unknown init '${init}' (expected ${INIT_TYPES.join(', ')})`);
  const int = (name: string, fallback: number) => numberFlag(args, name, fallback, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
  return createKan({
    layerDims, layer: (stringFlag(args, 'layer') ?? 'spline') as LayerType,
    G: int('G', 5), k: int('k', 3), D: int('D', 5), init: { type: init } as InitScheme, seed,
  });
}

/** kanntk train --pde NAME [--grid N] [--no-rba]: RBA-weighted PINN training on an N×N collocation grid. */
async function trainPdeCommand(args: ParsedArgs, model: KanModel): Promise<void> {
  const pde = pdeFromFlags(args);
  const steps = numberFlag(args, 'steps', 1000, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
  const lr = numberFlag(args, 'lr', 1e-3, (v) => v > 0, 'a positive number');
  const grid = numberFlag(args, 'grid', 64, (v) => Number.isInteger(v) && v >= 2, 'an integer ≥ 2');
  const out = stringFlag(args, 'out'), historyPath = stringFlag(args, 'history');
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  const bar = progressBar(`train ${pde.name} (${run.engine.backend.info.name})`, steps);
  const optimizer = adam({ lr });
  try {
    const result = await run.compute(() =>
      trainPinn(bound, pde, { interior: collocationGrid(pde, grid), boundary: boundaryPoints(pde, grid) }, {
        steps, optimizer, rba: args.flags.has('no-rba') ? false : {},
        onStep: (s, l) => bar.update(s, `loss ${l.toExponential(3)}`),
      }),
    );
    bar.finish(`loss ${result.losses[result.losses.length - 1].toExponential(3)}`);
    const trained = await bound.toModel();
    if (historyPath) writeFileAtomic(historyPath, JSON.stringify({ pde: pde.name, loss: result.losses, w_E: Array.from(result.wE), w_B: Array.from(result.wB), ...run.report() }) + '\n');
    if (out) {
      writeFileAtomic(out, trained.serialize());
      emitJson({ pde: pde.name, final_loss: result.losses[result.losses.length - 1], steps, ...run.report() }, undefined);
    } else process.stdout.write(trained.serialize());
  } finally {
    optimizer.dispose();
    bound.dispose();
    run.engine.dispose();
  }
}

export async function trainCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'layers', 'layer', 'G', 'k', 'D', 'init', 'input', 'target', 'steps', 'optimizer', 'lr', 'momentum', 'batch-size', 'seed', 'loss', 'backend', 'out', 'history', 'pde', 'pde-param', 'grid', 'no-rba']);
  const seed = numberFlag(args, 'seed', 0, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
  const model = modelFromFlags(args, seed);
  if (args.flags.has('pde')) return trainPdeCommand(args, model);
  const loss = lossFlag(args);
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const y = readArrayFile(requireFlag(args, 'target'), 'target', { integers: loss === 'ce' });
  const steps = numberFlag(args, 'steps', 1000, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
  const lr = numberFlag(args, 'lr', 1e-3, (v) => v > 0, 'a positive number');
  const batchSize = stringFlag(args, 'batch-size') === undefined ? undefined : numberFlag(args, 'batch-size', 0, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const optimizerName = stringFlag(args, 'optimizer') ?? 'adam';
  if (!['adam', 'sgd', 'lbfgs'].includes(optimizerName)) throw new KanntkError(`unknown optimizer '${optimizerName}' (expected adam, sgd or lbfgs)`);
  const out = stringFlag(args, 'out'), historyPath = stringFlag(args, 'history');

  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  const bar = progressBar(`train (${optimizerName}, ${run.engine.backend.info.name})`, steps);
  const onStep = (s: number, l: number) => bar.update(s, `loss ${l.toExponential(3)}`);
  try {
    const losses = await run.compute(async () => {
      if (optimizerName === 'lbfgs') return trainLbfgs(bound, x, y, loss, steps, onStep);
      const optimizer = optimizerName === 'adam' ? adam({ lr }) : sgd({ lr, momentum: numberFlag(args, 'momentum', 0, (v) => v >= 0 && v < 1, 'in [0, 1)') });
      try {
        return (await train(bound, { x, y }, { steps, optimizer, loss, batchSize, seed, onStep })).losses;
      } finally {
        optimizer.dispose();
      }
    });
    bar.finish(`loss ${losses[losses.length - 1].toExponential(3)}`);
    const trained = await bound.toModel();
    // write the history first: the model file is the one a failed run must never clobber
    if (historyPath) writeFileAtomic(historyPath, JSON.stringify({ loss: losses, optimizer: optimizerName, steps, ...run.report() }, null, 2) + '\n');
    if (out) writeFileAtomic(out, trained.serialize());
    else process.stdout.write(trained.serialize());
    if (out) emitJson({ final_loss: losses[losses.length - 1], steps, ...run.report() }, undefined);
  } finally {
    bound.dispose();
    run.engine.dispose();
  }
}
