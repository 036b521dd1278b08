// Command-line parsing: `kanntk <command> [--flag value] [--switch]`.

import { KanntkError } from '../errors.js';
import { isDecimal } from '../math/decimal.js';

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

/**
 * Throws for flags the command does not know, naming them, and for more plain arguments than it takes.
 * A command that takes --backend starts an engine, so it also takes the engine's --threads.
 */
export function checkFlags(args: ParsedArgs, commandFlags: string[], positionals = 0): void {
  const known = commandFlags.includes('backend') ? [...commandFlags, 'threads'] : commandFlags;
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

/** Parses a flag's value strictly as a decimal number; names the flag and the value when it is not one. */
export function parseNumber(raw: string, name: string): number {
  const text = raw.trim();
  if (!isDecimal(text)) throw new KanntkError(`--${name} must be a decimal number, got '${raw}'`);
  const v = Number(text);
  if (!Number.isFinite(v)) throw new KanntkError(`--${name} is too large: '${raw}'`);
  return v;
}

export interface NumberRule {
  /** inclusive bounds (default: any finite value) */
  min?: number;
  max?: number;
  /** the lower bound is exclusive (e.g. a learning rate > 0) */
  above?: number;
  /** the upper bound is exclusive (e.g. momentum < 1) */
  below?: number;
  integer?: boolean;
}

function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const lo = rule.above !== undefined ? `> ${rule.above}` : rule.min !== undefined ? `≥ ${rule.min}` : '';
  const hi = rule.below !== undefined ? `< ${rule.below}` : rule.max !== undefined ? `≤ ${rule.max}` : '';
  return [kind, [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
}

/** A numeric flag: the fallback when absent, else a strictly parsed value checked against the rule. */
export function numberFlag(args: ParsedArgs, name: string, fallback: number, rule: NumberRule = {}): number {
  const raw = stringFlag(args, name);
  if (raw === undefined) return fallback;
  const v = parseNumber(raw, name);
  const ok = (!rule.integer || Number.isInteger(v)) && (rule.min === undefined || v >= rule.min) && (rule.max === undefined || v <= rule.max) &&
    (rule.above === undefined || v > rule.above) && (rule.below === undefined || v < rule.below);
  if (!ok) throw new KanntkError(`--${name} must be ${describeRule(rule)}, got '${raw}'`);
  return v;
}

/** A whole-number flag in [min, max] (the max keeps a typo from asking for days of work or all memory). */
export function integerFlag(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  return numberFlag(args, name, fallback, { integer: true, min, max });
}

/** A comma-separated list of layer widths (--layers 2,8,1, --hidden 5,3), each a whole number from 1 to max. */
export function widthList(raw: string, name: string, max: number): number[] {
  return raw.split(',').map((w) => {
    if (!/^\s*\d+\s*$/.test(w) || Number(w) < 1 || Number(w) > max) throw new KanntkError(`--${name}: '${w}' is not a width (a whole number from 1 to ${max}), in '${raw}'`);
    return Number(w);
  });
}

/** Throws when any of `names` is given: they do not apply to what the other flags chose (`why` says what). */
export function rejectFlags(args: ParsedArgs, names: string[], why: string): void {
  for (const name of names) if (args.flags.has(name)) throw new KanntkError(`--${name} does not apply ${why}`);
}

/** A switch: true when given; a value after it is refused (it would be silently ignored). */
export function switchFlag(args: ParsedArgs, name: string): boolean {
  const v = args.flags.get(name);
  if (v !== undefined && v !== true) throw new KanntkError(`--${name} is a switch and takes no value, got '${v}'`);
  return v === true;
}
