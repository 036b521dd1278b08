import { KanntkError } from '../../errors.js';
import { stringFlag, type ParsedArgs } from '../args.js';

/** The value of a flag the command cannot run without. */
export function requireFlag(args: ParsedArgs, name: string): string {
  const v = stringFlag(args, name);
  if (v === undefined) throw new KanntkError(`${args.command}: --${name} is required`);
  return v;
}
