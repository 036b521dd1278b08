// kanntk ntk --model M --input X [--matrix] [--top K] [--method structured|plain] [--gamma G]
// {"eigenvalues", "cond", "effective_rank", "effective_dim", "noise_floor", "matrix"?, "eigenvectors"?}

import { KanntkError } from '../../errors.js';
import { checkFlags, stringFlag, type ParsedArgs } from '../args.js';
import { readArrayFile, readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson } from '../output.js';
import { requireFlag } from './require-flag.js';
import { ntkSpectrum, spectrumToJson } from '../../ntk/ntk-spectrum.js';
import type { NtkMethod } from '../../ntk/ntk.js';

export async function ntkCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'input', 'matrix', 'top', 'method', 'gamma', 'backend', 'out']);
  const model = readModelFile(requireFlag(args, 'model'));
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const method = (stringFlag(args, 'method') ?? 'structured') as NtkMethod;
  if (method !== 'structured' && method !== 'plain') throw new KanntkError(`unknown NTK method '${method}' (expected structured or plain)`);
  const top = stringFlag(args, 'top') === undefined ? 0 : Number(stringFlag(args, 'top'));
  if (!Number.isInteger(top) || top < 0 || top > x.shape[0]) throw new KanntkError(`--top must be an integer in [0, ${x.shape[0]}]`);
  const gamma = stringFlag(args, 'gamma') === undefined ? 1e-4 : Number(stringFlag(args, 'gamma'));
  if (!(gamma > 0)) throw new KanntkError(`--gamma must be a positive number`);
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  try {
    const spectrum = await run.compute(() => ntkSpectrum(bound, x, { method, gamma, top, keepMatrix: args.flags.has('matrix') }));
    emitJson({ ...spectrumToJson(spectrum), method, ...run.report() }, stringFlag(args, 'out'));
  } finally {
    bound.dispose();
    run.engine.dispose();
  }
}
