// The `kanntk` command. Every command exits non-zero with a one-line reason on bad input.

import { parseArgs, checkFlags, stringFlag, type ParsedArgs } from './args.js';
import { emitJson } from './output.js';
import { runDoctor, formatDoctor } from './commands/doctor.js';
import { forwardCommand } from './commands/forward.js';
import { gradCommand } from './commands/grad.js';
import { trainCommand } from './commands/train.js';
import { ntkCommand } from './commands/ntk.js';
import { studyCommand } from './commands/study.js';
import { hessianCommand } from './commands/hessian.js';
import { landscapeCommand } from './commands/landscape.js';
import { residualCommand, pdeNtkCommand } from './commands/pde.js';
import { reportCommand } from './commands/report.js';
import { demoCommand } from './commands/demo.js';
import { KanntkError } from '../errors.js';

const USAGE = `usage: kanntk <command> [options]

commands:
  doctor [--json] [--out FILE]   which backends work here, the adapter found, and why one is missing
  forward --model M --input X    model outputs {"output": array}
  grad --model M --input X --target Y [--loss mse|ce]
                                 {"loss", "grad"} with the gradient flat in param_order
  train (--model M | --layers 2,8,8,1 [--layer spline|base|chebyshev|dense] [--G 5] [--k 3] [--D 5]
        [--init default|lecun|glorot|glorot_fine|power]) --input X --target Y [--steps N] [--optimizer adam|sgd|lbfgs] [--lr LR]
        [--momentum M] [--batch-size B] [--seed S] [--loss mse|ce] [--history FILE]
                                 trains; writes the model (--out) and the loss history
  train (--model M | --layers 2,8,8,1 …) --pde NAME [--grid 64] [--no-rba] [--steps N] [--lr LR]
                                 physics-informed training with RBA weights
  ntk --model M --input X [--matrix] [--top K] [--method structured|plain] [--gamma G]
                                 NTK spectrum: eigenvalues (null under the noise floor), cond,
                                 effective_rank, effective_dim, noise_floor
  study [--full | --preset demo|reduced|full] [--functions f1,…,f5] [--models small,big] [--inits baseline,glorot,power]
        [--epochs N] [--points N] [--ntk-points N] [--seed S] [--out DIR]
                                 the NTK study of KAN initialisations; prints a table and
                                 writes DIR/study.json and DIR/report.html (default DIR: kanntk-study)
  study --pde allen-cahn|burgers|helmholtz [--full] [--models …] [--inits …] [--epochs N] [--grid N]
                                 the PINN protocol: cond(K_EE), cond(K_BB), relative L2 error;
                                 writes DIR/study-NAME.json and DIR/report-NAME.html
  residual --model M --pde allen-cahn|burgers|helmholtz --input X [--pde-param k=v,…]
                                 u, its input derivatives and the PDE residual at the points
  pde-ntk --model M --pde NAME --interior X --boundary XB --boundary-values YB
        [--weights-interior W] [--weights-boundary WB]
                                 spectra of the weighted K_EE and K_BB blocks
  hessian --model M --input X --target Y [--loss mse|ce] [--top K] [--bottom K] [--trace] [--density]
        [--eigenvectors] [--seed S] [--trace-samples N] [--density-vectors N] [--density-steps M]
                                 loss-Hessian curvature by Hessian-vector products: top (descending),
                                 bottom (ascending), trace ± trace_stderr (Hutchinson), density (SLQ)
                                 (ce: Y holds integer labels {shape: [N], data})
  landscape --from M0 --to M1 --input X[,X2,…] --target Y[,Y2,…] [--loss mse|ce]
        [--alphas a,b,… | --range -1.5:2.0:36]
                                 loss at (1−α)·θ0 + α·θ1 for each α and data set
  report RESULT.json [--out FILE]  the HTML report of a result (study, ntk, pde-ntk, hessian, landscape);
                                 one self-contained file, by default RESULT.html beside the result
  demo [--port 8787] | demo --export DIR
                                 the live browser demo on http://127.0.0.1:PORT/, or its static files
common options: --backend wasm|webgpu|auto (default auto), --out FILE (default stdout)
  help, --help                   this text
  --version                      the version`;

async function doctor(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['json', 'out']);
  const report = await runDoctor();
  if (args.flags.has('json') || args.flags.has('out')) emitJson(report, stringFlag(args, 'out'));
  else process.stdout.write(formatDoctor(report) + '\n');
}

const COMMANDS: Record<string, (args: ParsedArgs) => Promise<void>> = {
  doctor,
  forward: forwardCommand,
  grad: gradCommand,
  train: trainCommand,
  ntk: ntkCommand,
  study: studyCommand,
  residual: residualCommand,
  'pde-ntk': pdeNtkCommand,
  hessian: hessianCommand,
  landscape: landscapeCommand,
  report: reportCommand,
  demo: demoCommand,
  help: async () => void process.stdout.write(USAGE + '\n'),
};

/** The package's version, read beside the built CLI (dist/node/cli.js → package.json). */
async function packageVersion(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (!args.command && args.flags.has('version')) {
    process.stdout.write(`kanntk ${await packageVersion()}\n`);
    return 0;
  }
  if (!args.command && args.flags.has('help')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!args.command) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  const command = COMMANDS[args.command];
  if (!command) throw new KanntkError(`unknown command '${args.command}' (try: ${Object.keys(COMMANDS).join(', ')})`);
  await command(args);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const message = err instanceof KanntkError ? err.message : `internal error: ${(err as Error)?.stack ?? err}`;
    process.stderr.write(`kanntk: ${message}\n`);
    process.exit(1);
  },
);
