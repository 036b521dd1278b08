// PDE commands:
//   kanntk residual --model M --pde NAME --input X [--pde-param k=v,…]
//     {"u", "residual", "derivatives": {"u_t", "u_x", "u_xx", …}}
//   kanntk pde-ntk --model M --pde NAME --interior X --boundary XB --boundary-values YB
//     [--weights-interior W] [--weights-boundary WB]   {"interior": {…}, "boundary": {…}}

import { KanntkError } from '../../errors.js';
import { checkFlags, parseNumber, stringFlag, type ParsedArgs } from '../args.js';
import { readArrayFile, readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson } from '../output.js';
import { requireFlag } from './require-flag.js';
import { builtinPde } from '../../pde/builtins/index.js';
import { pdeResidual } from '../../pde/residual.js';
import { residualNtk, boundaryNtk } from '../../pde/pde-ntk.js';
import type { PdeDefinition } from '../../pde/pde-definition.js';
import { tensor } from '../../graph/ops/create.js';
import { tidy } from '../../graph/tape.js';
import { kernelSpectrum, spectrumToJson } from '../../ntk/ntk-spectrum.js';
import type { HostArray } from '../../host-array.js';

/** --rba-rule research|jaxkan: weights recomputed inside the loss (research) or updated after the step (jaxKAN). */
export function rbaRuleFlag(args: ParsedArgs, fallback: 'research' | 'jaxkan'): 'research' | 'jaxkan' {
  const rule = stringFlag(args, 'rba-rule') ?? fallback;
  if (rule !== 'research' && rule !== 'jaxkan') throw new KanntkError(`--rba-rule: unknown '${rule}' (expected research or jaxkan)`);
  return rule;
}

/** --pde NAME with optional --pde-param D=1e-4,c=5 overrides. */
export function pdeFromFlags(args: ParsedArgs): PdeDefinition {
  const params: Record<string, number> = {};
  for (const item of (stringFlag(args, 'pde-param') ?? '').split(',').filter(Boolean)) {
    const [k, v, ...rest] = item.split('=');
    if (!k || v === undefined || rest.length > 0) throw new KanntkError(`--pde-param: expected name=number, got '${item}'`);
    params[k.trim()] = parseNumber(v, `pde-param ${k.trim()}`);
  }
  const pde = builtinPde(requireFlag(args, 'pde'), params);
  for (const k of Object.keys(params)) if (!(k in pde.constants)) throw new KanntkError(`--pde-param: ${pde.name} has no parameter '${k}' (it has ${Object.keys(pde.constants).join(', ')})`);
  return pde;
}

function checkPoints(x: HostArray, pde: PdeDefinition, what: string): void {
  if (x.shape[1] !== pde.inputs.length) throw new KanntkError(`${what}: ${pde.name} points have ${pde.inputs.length} columns (${pde.inputs.join(', ')}), got [${x.shape}]`);
}

const asColumn = (data: ArrayLike<number>) => ({ shape: [data.length], data: Array.from(data) });

export async function residualCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'pde', 'pde-param', 'input', 'backend', 'out']);
  const pde = pdeFromFlags(args);
  const model = readModelFile(requireFlag(args, 'model'));
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  checkPoints(x, pde, 'input');
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  try {
    // second input derivatives: reverse over reverse through the network
    run.guardBatch(model, x.shape[0], 12, 'residual');
    const result = await run.compute(() =>
      tidy(async () => {
        const xt = tensor(run.engine.backend, x.data, x.shape, { name: 'input' });
        const firstOrder = pde.inputs.map((v) => `u_${v}`);
        const r = pdeResidual(bound, pde, xt, { derivatives: firstOrder });
        const derivatives: Record<string, unknown> = {};
        for (const [k, t] of Object.entries(r.derivatives)) if (k !== 'u') derivatives[k] = asColumn(await t.data());
        return { u: asColumn(await r.u.data()), residual: asColumn(await r.residual.data()), derivatives };
      }),
    );
    emitJson({ pde: pde.name, inputs: pde.inputs, constants: pde.constants, ...result, ...run.report() }, stringFlag(args, 'out'));
  } finally {
    bound.dispose();
    run.engine.dispose();
  }
}


function weightsFlag(args: ParsedArgs, name: string, n: number): number[] | undefined {
  const path = stringFlag(args, name);
  if (path === undefined) return undefined;
  const w = readArrayFile(path, name);
  if (w.data.length !== n) throw new KanntkError(`--${name}: ${w.data.length} weights for ${n} points`);
  return Array.from(w.data);
}

export async function pdeNtkCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'pde', 'pde-param', 'interior', 'boundary', 'boundary-values', 'weights-interior', 'weights-boundary', 'backend', 'out']);
  const pde = pdeFromFlags(args);
  const model = readModelFile(requireFlag(args, 'model'));
  const interior = readArrayFile(requireFlag(args, 'interior'), 'interior', { rank: 2 });
  const boundary = readArrayFile(requireFlag(args, 'boundary'), 'boundary', { rank: 2 });
  checkPoints(interior, pde, 'interior');
  checkPoints(boundary, pde, 'boundary');
  const values = readArrayFile(requireFlag(args, 'boundary-values'), 'boundary-values');
  if (values.data.length !== boundary.shape[0]) throw new KanntkError(`--boundary-values: ${values.data.length} values for ${boundary.shape[0]} boundary points`);
  const wE = weightsFlag(args, 'weights-interior', interior.shape[0]);
  const wB = weightsFlag(args, 'weights-boundary', boundary.shape[0]);
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  try {
    const result = await run.compute(async () => {
      const KEE = await residualNtk(bound, pde, interior, { weights: wE });
      const KBB = await boundaryNtk(bound, boundary, { weights: wB });
      return { interior: spectrumToJson(await kernelSpectrum(run.engine, KEE)), boundary: spectrumToJson(await kernelSpectrum(run.engine, KBB)) };
    });
    emitJson({ pde: pde.name, ...result, ...run.report() }, stringFlag(args, 'out'));
  } finally {
    bound.dispose();
    run.engine.dispose();
  }
}
