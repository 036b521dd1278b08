// kanntk grad --model M --input X --target Y [--loss mse|ce]: {"loss", "grad"} (flat, param_order)

import { KanntkError } from '../../errors.js';
import { checkFlags, stringFlag, type ParsedArgs } from '../args.js';
import { readArrayFile, readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson } from '../output.js';
import { requireFlag } from './require-flag.js';
import { lossAndGrad } from '../../train/loss-and-grad.js';
import type { LossName } from '../../train/losses.js';

export function lossFlag(args: ParsedArgs): LossName {
  const loss = stringFlag(args, 'loss') ?? 'mse';
  if (loss !== 'mse' && loss !== 'ce') throw new KanntkError(`unknown loss '${loss}' (expected mse or ce)`);
  return loss;
}

export async function gradCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'input', 'target', 'loss', 'backend', 'out']);
  const model = readModelFile(requireFlag(args, 'model'));
  const loss = lossFlag(args);
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const y = readArrayFile(requireFlag(args, 'target'), 'target', { integers: loss === 'ce' });
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  try {
    run.guardBatch(model, x.shape[0], 6, 'grad');
    const result = await run.compute(() => lossAndGrad(bound, x, y, { loss }));
    emitJson({ loss: result.loss, grad: { shape: [result.grad.length], data: Array.from(result.grad) }, ...run.report() }, stringFlag(args, 'out'));
  } finally {
    bound.dispose();
    run.engine.dispose();
  }
}
