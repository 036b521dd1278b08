// kanntk report RESULT.json [--out report.html]
// The self-contained HTML report of any result file (study, study --pde, ntk,
// pde-ntk, hessian, landscape); by default beside the result, named after it.
// The report code (plotting library and DOM) loads only here and in `study`.

import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { KanntkError } from '../../errors.js';
import { checkFlags, stringFlag, type ParsedArgs } from '../args.js';
import { readJsonFile } from '../inputs.js';
import { writeFileAtomic } from '../output.js';
import { checkOutputFile } from '../output-paths.js';

/** The report's default path: RESULT.json → RESULT.html in the same folder. */
export function defaultReportPath(resultPath: string): string {
  return join(dirname(resultPath), `${basename(resultPath, extname(resultPath))}.html`);
}

/** Builds the report of `result` and writes it to `out` (atomically). */
export async function writeReport(result: unknown, out: string, source: string): Promise<void> {
  const { buildReport } = await import('../../report/build-report.js');
  writeFileAtomic(out, buildReport(result, source));
}

export async function reportCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['input', 'out'], 1);
  const input = args.positionals[0] ?? stringFlag(args, 'input');
  if (input === undefined) throw new KanntkError('report: which result? usage: kanntk report RESULT.json [--out report.html]');
  if (existsSync(input) && statSync(input).isDirectory()) throw new KanntkError(`report: '${input}' is a folder; give the result file (e.g. ${join(input, 'study.json')})`);
  const out = stringFlag(args, 'out') ?? defaultReportPath(input);
  if (resolve(out) === resolve(input)) throw new KanntkError(`report: --out '${out}' would overwrite the result it reads`);
  checkOutputFile(out, 'report');
  const result = readJsonFile(input, 'result');
  await writeReport(result, out, `'${input}'`);
  process.stdout.write(`wrote ${out}\n`);
}
