// kanntk forward --model M --input X: {"output": array}

import { checkFlags, stringFlag, type ParsedArgs } from '../args.js';
import { readArrayFile, readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson } from '../output.js';
import { requireFlag } from './require-flag.js';

export async function forwardCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'input', 'backend', 'out']);
  const model = readModelFile(requireFlag(args, 'model'));
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const run = await startRun(args);
  try {
    run.guardBatch(model, x.shape[0], 2, 'forward');
    const output = await run.compute(() => model.forward(run.engine, x));
    emitJson({ output, ...run.report() }, stringFlag(args, 'out'));
  } finally {
    run.engine.dispose();
  }
}
