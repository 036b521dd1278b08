// kanntk landscape --from M0 --to M1 --input X[,X2,…] --target Y[,Y2,…] [--loss mse|ce] [--alphas a,b,…|--range lo:hi:n]
//   [--interpolate params|states] [--density [--density-vectors 4] [--density-steps 64] [--seed S]]
// {"alphas", "datasets": [{"input", "target", "loss": [...]}], "interpolate", "densities"?, "backend", "timing"}

import { KanntkError } from '../../errors.js';
import { checkFlags, integerFlag, parseNumber, rejectFlags, stringFlag, switchFlag, type ParsedArgs } from '../args.js';
import { readArrayFile, readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson } from '../output.js';
import { requireFlag } from './require-flag.js';
import { lossFlag } from './grad.js';
import { alphaRange, checkSameNetwork, lossAlongLine } from '../../hessian/landscape.js';
import { checkSameStructure } from '../../kan/interpolate-states.js';

/** Most α values a landscape takes (one forward pass per α and data set). */
const MAX_ALPHAS = 100_000;

/** --alphas a,b,… or --range lo:hi:n (default −1.5:2.0:36). */
export function alphasFlag(args: ParsedArgs): Float64Array {
  const listed = stringFlag(args, 'alphas');
  const range = stringFlag(args, 'range');
  if (listed !== undefined && range !== undefined) throw new KanntkError('landscape: give --alphas or --range, not both');
  if (listed !== undefined) {
    const parts = listed.split(',');
    if (parts.length > MAX_ALPHAS) throw new KanntkError(`--alphas lists ${parts.length} values; at most ${MAX_ALPHAS}`);
    return Float64Array.from(parts, (s) => parseNumber(s, 'alphas'));
  }
  const spec = range ?? '-1.5:2.0:36';
  const parts = spec.split(':');
  if (parts.length !== 3) throw new KanntkError(`--range must be lo:hi:n, got '${spec}'`);
  const [lo, hi, n] = parts.map((s) => parseNumber(s, 'range'));
  if (!(lo < hi)) throw new KanntkError(`--range: lo must be below hi (lo:hi:n), got '${spec}'`);
  if (!Number.isInteger(n) || n < 2 || n > MAX_ALPHAS) throw new KanntkError(`--range: the number of points must be a whole number from 2 to ${MAX_ALPHAS}, got '${parts[2]}'`);
  return alphaRange(lo, hi, n);
}

export async function landscapeCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['from', 'to', 'input', 'target', 'loss', 'alphas', 'range', 'interpolate', 'density', 'density-vectors', 'density-steps', 'seed', 'backend', 'out']);
  const from = readModelFile(requireFlag(args, 'from'));
  const to = readModelFile(requireFlag(args, 'to'));
  const interpolate = stringFlag(args, 'interpolate') ?? 'params';
  if (interpolate !== 'params' && interpolate !== 'states') throw new KanntkError(`--interpolate: unknown mode '${interpolate}' (expected params or states)`);
  if (interpolate === 'params') {
    try {
      checkSameNetwork(from, to);
    } catch (err) {
      const grids = /differs in 'grid'/.test((err as Error).message);
      throw grids ? new KanntkError(`${(err as Error).message}; --interpolate states interpolates the grids too, as the research does`) : err;
    }
  } else checkSameStructure(from, to);
  const wantDensity = switchFlag(args, 'density');
  if (!wantDensity) rejectFlags(args, ['density-vectors', 'density-steps', 'seed'], 'without --density');
  const density = wantDensity ? {
    vectors: integerFlag(args, 'density-vectors', 4, 1, 1000),
    steps: integerFlag(args, 'density-steps', 64, 2, 10_000),
    seed: integerFlag(args, 'seed', 0, 0, 2 ** 32 - 1),
  } : undefined;
  const loss = lossFlag(args);
  const alphas = alphasFlag(args);
  const inputs = requireFlag(args, 'input').split(',');
  const targets = requireFlag(args, 'target').split(',');
  if (inputs.length !== targets.length) throw new KanntkError(`landscape: ${inputs.length} input files but ${targets.length} target files (give one target per input)`);
  const data = inputs.map((path, i) => ({
    x: readArrayFile(path, 'input', { rank: 2 }),
    y: readArrayFile(targets[i], 'target', { integers: loss === 'ce' }),
  }));
  const run = await startRun(args);
  try {
    run.guardBatch(from, Math.max(...data.map((d) => d.x.shape[0])), 2, 'landscape');
    if (density && alphas.length > 1000) throw new KanntkError(`landscape --density: ${alphas.length} α values would each need a spectral density; at most 1000`);
    const result = await run.compute(() => lossAlongLine(run.engine, from, to, data, { alphas, loss, interpolate, density }));
    emitJson(
      {
        alphas: Array.from(result.alphas),
        datasets: result.losses.map((l, d) => ({ input: inputs[d], target: targets[d], loss: Array.from(l) })),
        loss_function: loss,
        interpolate,
        ...(result.densities ? {
          densities: result.densities.map((d, i) => ({ alpha: result.alphas[i], grid: Array.from(d.grid), density: Array.from(d.density), sigma: d.sigma })),
          density_data: inputs[0], density_vectors: density!.vectors, density_steps: density!.steps,
        } : {}),
        ...run.report(),
      },
      stringFlag(args, 'out'),
    );
  } finally {
    run.engine.dispose();
  }
}
