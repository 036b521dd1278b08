// kanntk ntk --model M --input X [--top K] [--eigenvectors] [--matrix] [--method structured|plain] [--gamma G]
// {"eigenvalues" (all, or the K largest), "n_eigenvalues", "cond", "effective_rank", "effective_dim",
//  "noise_floor", "matrix"?, "eigenvectors"? (of the listed eigenvalues)}; metrics always use the whole spectrum.

import { KanntkError } from '../../errors.js';
import { checkFlags, numberFlag, stringFlag, switchFlag, type ParsedArgs } from '../args.js';
import { readArrayFile, readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson } from '../output.js';
import { requireFlag } from './require-flag.js';
import { phaseLine } from '../progress.js';
import { ntkSpectrum, spectrumToJson } from '../../ntk/ntk-spectrum.js';
import type { NtkMethod } from '../../ntk/ntk.js';

export async function ntkCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'input', 'matrix', 'top', 'eigenvectors', 'method', 'gamma', 'backend', 'out']);
  const wantMatrix = switchFlag(args, 'matrix'), wantVectors = switchFlag(args, 'eigenvectors');
  const model = readModelFile(requireFlag(args, 'model'));
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const method = (stringFlag(args, 'method') ?? 'structured') as NtkMethod;
  if (method !== 'structured' && method !== 'plain') throw new KanntkError(`unknown NTK method '${method}' (expected structured or plain)`);
  const n = x.shape[0];
  // --top K lists the K largest eigenvalues (all n without it)
  const top = numberFlag(args, 'top', n, { integer: true, min: 1, max: n });
  const gamma = numberFlag(args, 'gamma', 1e-4, { above: 0 });
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  try {
    const vectors = wantVectors ? top : 0;
    const status = phaseLine(`ntk (${run.engine.backend.info.name})`);
    status.phase(`the ${method} NTK of ${n} points and its spectrum…`);
    const spectrum = await run.compute(() => ntkSpectrum(bound, x, { method, gamma, top: vectors, keepMatrix: wantMatrix })).finally(() => status.done());
    const json = spectrumToJson(spectrum);
    json.eigenvalues = (json.eigenvalues as (number | null)[]).slice(0, top);
    emitJson({ ...json, n_eigenvalues: n, method, ...run.report() }, stringFlag(args, 'out'));
  } finally {
    bound.dispose();
    run.engine.dispose();
  }
}
