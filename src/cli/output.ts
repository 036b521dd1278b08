// Writing results: stdout, or a file replaced atomically so that a failed
// run never leaves a half-written or clobbered output behind.

import { writeFileSync, renameSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, basename, join } from 'node:path';
import { KanntkError } from '../errors.js';

/** Writes text to `path` via a temporary file in the same folder and a rename. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw err;
  }
}

/**
 * Writes finished work to `path`. The path was checked before the work started, but a disk can
 * fill or a folder vanish meanwhile: then the text goes to the temp folder and the error says where.
 */
export function writeResult(path: string, text: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (err) {
    const rescue = join(tmpdir(), `kanntk-${process.pid}-${Date.now()}-${basename(path)}`);
    try {
      writeFileSync(rescue, text);
    } catch {
      throw new KanntkError(`could not write '${path}' (${(err as Error).message}), nor a copy in ${tmpdir()}`);
    }
    throw new KanntkError(`could not write '${path}' (${(err as Error).message}); the result is safe in ${rescue}`);
  }
}

/** Writes each [path, text] with writeResult, all of them even when one fails; then reports every failure. */
export function writeResults(files: [string, string][]): void {
  const problems: string[] = [];
  for (const [path, text] of files) {
    try {
      writeResult(path, text);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length) throw new KanntkError(problems.join('; '));
}

/** Typed arrays (Float64Array results) are written as JSON arrays. */
const plainArrays = (_key: string, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float64Array) : v);

/** Prints JSON to stdout, or writes it to `out`. */
export function emitJson(value: unknown, out: string | undefined): void {
  const text = JSON.stringify(value, plainArrays, 2) + '\n';
  if (out) writeResult(out, text);
  else process.stdout.write(text);
}
