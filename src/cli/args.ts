// Command-line parsing: `kanntk <command> [--flag value] [--switch]`.

import { KanntkError } from '../errors.js';

export interface ParsedArgs {
  command: string | undefined;
  flags: Map<string, string | true>;
  /** arguments after the command that are not flags (only `report` takes one: its result file) */
  positionals: string[];
}

/** Splits argv into a command and --flags; a flag followed by another flag (or nothing) is a switch. */
export function parseArgs(argv: string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  let command: string | undefined;
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (inline !== undefined) flags.set(name, inline);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(name, argv[++i]);
      else flags.set(name, true);
    } else if (command === undefined) command = a;
    else positionals.push(a);
  }
  return { command, flags, positionals };
}

/** Throws for flags the command does not know, naming them, and for more plain arguments than it takes. */
export function checkFlags(args: ParsedArgs, known: string[], positionals = 0): void {
  if (args.positionals.length > positionals) throw new KanntkError(`unexpected argument '${args.positionals[positionals]}'`);
  for (const name of args.flags.keys()) {
    if (!known.includes(name)) throw new KanntkError(`${args.command}: unknown option --${name} (known: ${known.map((k) => `--${k}`).join(', ')})`);
  }
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new KanntkError(`--${name} needs a value`);
  return v;
}
