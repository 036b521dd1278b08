// kanntk ntk --model M --input X [--top K] [--eigenvectors] [--matrix] [--method auto|structured|plain] [--gamma G]
// {"eigenvalues" (all, or the K largest), "n_eigenvalues", "cond", "effective_rank", "effective_dim",
//  "noise_floor", "matrix"?, "eigenvectors"? (of the listed eigenvalues)}; metrics always use the whole spectrum.

import { KanntkError } from '../../errors.js';
import { checkFlags, numberFlag, rejectFlags, stringFlag, switchFlag, type ParsedArgs } from '../args.js';
import { ntkTopEigenpairs } from '../../ntk/ntk-operator.js';
import { readArrayFile, readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson } from '../output.js';
import { requireFlag } from './require-flag.js';
import { phaseLine } from '../progress.js';
import { ntkSpectrum, spectrumToJson } from '../../ntk/ntk-spectrum.js';
import { resolveNtkMethod, type NtkMethod } from '../../ntk/ntk.js';

/**
 * --matrix-free: the top K eigenpairs by Lanczos on v ↦ J(Jᵀv), forming neither K nor J, for point
 * sets whose n×n kernel would not fit (n = 100,000: 80 GB). Metrics that need the whole spectrum
 * (cond, effective rank) are not available this way.
 */
async function matrixFreeCommand(args: ParsedArgs, wantVectors: boolean): Promise<void> {
  rejectFlags(args, ['matrix', 'method', 'gamma'], 'with --matrix-free (they need the whole kernel or spectrum)');
  const model = readModelFile(requireFlag(args, 'model'));
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const n = x.shape[0];
  const top = numberFlag(args, 'top', Math.min(10, n), { integer: true, min: 1, max: Math.min(n, 1000) });
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  const status = phaseLine(`ntk --matrix-free (${run.engine.backend.info.name})`);
  try {
    status.phase(`Lanczos on the NTK of ${n} points for the top ${top} eigenpairs…`);
    const r = await run.compute(() => ntkTopEigenpairs(bound, x, { k: top }));
    emitJson({
      eigenvalues: Array.from(r.values), n_eigenvalues: n, lambda_max: r.values[0], method: 'matrix-free',
      converged: r.converged, residuals: Array.from(r.residuals), noise_floor: r.noiseFloor, products: r.applications, blocks: r.blocks,
      ...(wantVectors ? { eigenvectors: { shape: [r.vectors.length, n], data: r.vectors.flatMap((v) => Array.from(v)) } } : {}),
      ...run.report(),
    }, stringFlag(args, 'out'));
  } finally {
    status.done();
    bound.dispose();
    run.engine.dispose();
  }
}

export async function ntkCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'input', 'matrix', 'top', 'eigenvectors', 'method', 'gamma', 'matrix-free', 'backend', 'out']);
  const wantMatrix = switchFlag(args, 'matrix'), wantVectors = switchFlag(args, 'eigenvectors');
  if (switchFlag(args, 'matrix-free')) return matrixFreeCommand(args, wantVectors);
  const model = readModelFile(requireFlag(args, 'model'));
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const asked = (stringFlag(args, 'method') ?? 'auto') as NtkMethod;
  if (asked !== 'auto' && asked !== 'structured' && asked !== 'plain') throw new KanntkError(`unknown NTK method '${asked}' (expected auto, structured or plain)`);
  const n = x.shape[0];
  // --top K lists the K largest eigenvalues (all n without it)
  const top = numberFlag(args, 'top', n, { integer: true, min: 1, max: n });
  const gamma = numberFlag(args, 'gamma', 1e-4, { above: 0 });
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  const method = resolveNtkMethod(bound, n, asked);
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
