// Output paths are checked before any work starts, so that a long run never
// ends in "cannot write" with its results lost.

import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KanntkError } from '../errors.js';

function writableDirectory(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A file we will create or replace: not a folder, in an existing folder we may write to. */
export function checkOutputFile(path: string, what: string): void {
  if (path === '') throw new KanntkError(`${what}: the output path is empty`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new KanntkError(`${what}: '${path}' is a folder, not a file`);
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) throw new KanntkError(`${what}: the folder '${dirname(path)}' of '${path}' does not exist`);
  if (!statSync(dir).isDirectory()) throw new KanntkError(`${what}: '${dirname(path)}' is a file, not a folder`);
  if (!writableDirectory(dir)) throw new KanntkError(`${what}: cannot write into '${dirname(path)}' (no permission)`);
}

/** A folder we will create if needed and write into: not a file; it, or its nearest existing parent, writable. */
export function checkOutputDir(path: string, what: string): void {
  if (path === '') throw new KanntkError(`${what}: the output folder is empty`);
  let dir = resolve(path);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new KanntkError(`${what}: '${path}' is a file, not a folder`);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) throw new KanntkError(`${what}: '${dir}' is a file, so '${path}' cannot be created`);
  if (!writableDirectory(dir)) throw new KanntkError(`${what}: cannot write into '${dir}' (no permission)`);
}
