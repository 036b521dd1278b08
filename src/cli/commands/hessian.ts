// kanntk hessian --model M --input X --target Y [--loss mse|ce] [--top K] [--bottom K] [--trace] [--density] ...
// {"top", "bottom"?, "trace"?, "trace_stderr"?, "density"?, "backend", "timing", ...}

import { KanntkError } from '../../errors.js';
import { checkFlags, integerFlag, rejectFlags, stringFlag, switchFlag, type ParsedArgs } from '../args.js';
import { readArrayFile, readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson } from '../output.js';
import { requireFlag } from './require-flag.js';
import { lossFlag } from './grad.js';
import { HessianOperator } from '../../hessian/hvp.js';
import { hessianEigenpairs } from '../../hessian/top-eigen.js';
import { traceWithBudget } from '../../hessian/hutch-plus-plus.js';
import { spectralDensity } from '../../hessian/density.js';
import { phaseLine } from '../progress.js';


const list = (a: Float64Array) => Array.from(a);
const matrix = (rows: Float64Array[]) => ({ shape: [rows.length, rows[0]?.length ?? 0], data: rows.flatMap((r) => Array.from(r)) });

export async function hessianCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, [
    'model', 'input', 'target', 'loss', 'top', 'bottom', 'trace', 'density', 'eigenvectors', 'seed',
    'trace-samples', 'density-vectors', 'density-steps', 'backend', 'out',
  ]);
  const model = readModelFile(requireFlag(args, 'model'));
  const loss = lossFlag(args);
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const y = readArrayFile(requireFlag(args, 'target'), 'target', { integers: loss === 'ce' });
  const P = model.nParams;
  const top = integerFlag(args, 'top', 1, 0, P);
  const bottom = integerFlag(args, 'bottom', 0, 0, P);
  const seed = integerFlag(args, 'seed', 0, 0, 2 ** 32 - 1);
  const traceSamples = integerFlag(args, 'trace-samples', 100, 2, 2 ** 32 - 1);
  const densityVectors = integerFlag(args, 'density-vectors', 4, 1, 2 ** 32 - 1);
  const densitySteps = integerFlag(args, 'density-steps', 64, 1, 2 ** 32 - 1);
  const wantTrace = switchFlag(args, 'trace');
  const wantDensity = switchFlag(args, 'density');
  if (!wantTrace) rejectFlags(args, ['trace-samples'], 'without --trace');
  if (!wantDensity) rejectFlags(args, ['density-vectors', 'density-steps'], 'without --density');
  const wantVectors = switchFlag(args, 'eigenvectors');
  if (top + bottom === 0 && !wantTrace && !wantDensity) throw new KanntkError('hessian: nothing to compute (--top 0 without --bottom, --trace or --density)');

  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  let op: HessianOperator | undefined;
  const status = phaseLine(`hessian (${run.engine.backend.info.name}, ${P} parameters)`);
  try {
    run.guardBatch(model, x.shape[0], 12, 'hessian');
    op = HessianOperator.create(bound, x, y, { loss });
    const H = op;
    const out = await run.compute(async () => {
      const result: Record<string, unknown> = {};
      status.phase('gradient…');
      const { loss: value } = await H.gradient();
      result.loss = value;
      result.n_params = P;
      if (top + bottom > 0) {
        status.phase(`Lanczos for ${top + bottom} eigenvalues…`);
        const eig = await hessianEigenpairs(H, { top, bottom, seed });
        result.top = eig.top ? list(eig.top.values) : [];
        if (eig.bottom) result.bottom = list(eig.bottom.values);
        result.eigen_converged = eig.converged;
        result.noise_floor = eig.noiseFloor;
        if (wantVectors) {
          if (eig.top) result.top_vectors = matrix(eig.top.vectors);
          if (eig.bottom) result.bottom_vectors = matrix(eig.bottom.vectors);
        }
      } else {
        result.top = [];
      }
      if (wantTrace) {
        status.phase(P <= traceSamples ? `trace (exact: ${P} HVPs)…` : `trace (Hutch++, ${traceSamples} HVPs)…`);
        const t = await traceWithBudget(H, { seed, applications: traceSamples });
        result.trace = t.trace;
        result.trace_stderr = t.stderr;
        result.trace_samples = t.applications;
        result.trace_method = t.method;
        // the error bar within 1% of the trace (always for the exact trace)
        result.trace_converged = t.stderr <= 1e-2 * Math.abs(t.trace);
      }
      if (wantDensity) {
        status.phase('spectral density…');
        const d = await spectralDensity(H, { seed, vectors: densityVectors, steps: densitySteps });
        result.density = { grid: list(d.grid), density: list(d.density), sigma: d.sigma, vectors: densityVectors, steps: Math.min(densitySteps, P) };
      }
      result.hvp_count = H.applications;
      return result;
    });
    emitJson({ ...out, loss_function: loss, ...run.report() }, stringFlag(args, 'out'));
  } finally {
    status.done();
    op?.dispose();
    bound.dispose();
    run.engine.dispose();
  }
}
