// The `kanntk` command as a function: argv in, exit status out. Every command
// fails with status 1 and a one-line reason on bad input (never a stack trace,
// except for what is a bug of ours: "internal error").

import { parseArgs, checkFlags, stringFlag, switchFlag, type ParsedArgs } from './args.js';
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
import { hybridCommand } from './commands/hybrid.js';
import { discoverCommand, formulaCommand, plotCommand, pruneCommand, symbolicCommand } from './commands/interpret.js';
import { KanntkError } from '../errors.js';
import { COMMAND_HELP, USAGE } from './help.js';

async function doctor(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['json', 'out']);
  const asJson = switchFlag(args, 'json') || args.flags.has('out');
  const report = await runDoctor();
  if (asJson) emitJson(report, stringFlag(args, 'out'));
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
  hybrid: hybridCommand,
  discover: discoverCommand,
  prune: pruneCommand,
  symbolic: symbolicCommand,
  formula: formulaCommand,
  plot: plotCommand,
  report: reportCommand,
  demo: demoCommand,
};

/** The package's version, read beside the built CLI (dist/node/cli.js → package.json). */
async function packageVersion(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;
}

/** Runs one command line; resolves to the exit status (0 ok, 1 failure, 2 usage). */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    const message = err instanceof KanntkError ? err.message : `internal error: ${(err as Error)?.stack ?? err}`;
    process.stderr.write(`kanntk: ${message}\n`);
    return 1;
  }
}

function helpFor(name: string): string {
  const text = COMMAND_HELP[name];
  if (text === undefined) throw new KanntkError(`help: unknown command '${name}' (commands: ${Object.keys(COMMAND_HELP).join(', ')})`);
  return text;
}

async function dispatch(argv: string[]): Promise<number> {
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
  if (args.command === 'help') {
    if (args.positionals.length > 1) throw new KanntkError(`unexpected argument '${args.positionals[1]}'`);
    process.stdout.write((args.positionals.length ? helpFor(args.positionals[0]) : USAGE) + '\n');
    return 0;
  }
  const command = COMMANDS[args.command];
  if (!command) throw new KanntkError(`unknown command '${args.command}' (try: ${Object.keys(COMMANDS).join(', ')})`);
  if (args.flags.has('help')) {
    process.stdout.write(helpFor(args.command) + '\n');
    return 0;
  }
  await command(args);
  return 0;
}
