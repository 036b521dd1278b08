// Writing results: stdout, or a file replaced atomically so that a failed
// run never leaves a half-written or clobbered output behind.

import { writeFileSync, renameSync, unlinkSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

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

/** Typed arrays (Float64Array results) are written as JSON arrays. */
const plainArrays = (_key: string, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float64Array) : v);

/** Prints JSON to stdout, or writes it to `out`. */
export function emitJson(value: unknown, out: string | undefined): void {
  const text = JSON.stringify(value, plainArrays, 2) + '\n';
  if (out) writeFileAtomic(out, text);
  else process.stdout.write(text);
}
