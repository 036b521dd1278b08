// Reading the command line's input files: JSON arrays {shape, data} and model files.

import { readFileSync, existsSync } from 'node:fs';
import { KanntkError } from '../errors.js';
import { KanModel } from '../kan/model.js';
import type { HostArray } from '../host-array.js';

/** Parses a JSON file, naming the file in every error. */
export function readJsonFile(path: string, what: string): unknown {
  if (!existsSync(path)) throw new KanntkError(`${what} file '${path}' not found`);
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    const head = text.trimStart().split('\n', 1)[0];
    if (head.includes(',') && !/^[[{"]/.test(head)) {
      throw new KanntkError(`${what} file '${path}' looks like CSV; this command reads JSON arrays {"shape": [N, d], "data": [...]}`);
    }
    // the parser quotes the text, newlines and all: keep the message to one short line
    const reason = (err as Error).message.replace(/\s+/g, ' ').slice(0, 160);
    throw new KanntkError(`${what} file '${path}' is not valid JSON (${reason})`);
  }
}

/** A value as a person wrote it: numbers as numbers (1e999 reads as Infinity), the rest as JSON. */
function describeValue(v: unknown): string {
  return typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v);
}

/** A {shape, data} array from a file (or the named field of a file's object), checked for shape and finite values. */
export function readArrayFile(path: string, what: string, options: { rank?: number; integers?: boolean } = {}): HostArray {
  const raw = readJsonFile(path, what) as Record<string, unknown>;
  const a = raw as unknown as HostArray;
  if (typeof a !== 'object' || a === null || !Array.isArray(a.shape) || !Array.isArray(a.data)) {
    throw new KanntkError(`${what} file '${path}' must hold {"shape": [...], "data": [...]}`);
  }
  if (a.shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0)) throw new KanntkError(`${what} '${path}': invalid shape [${a.shape.map(describeValue)}] (sizes must be whole numbers ≥ 0)`);
  if (a.shape.length > 0 && a.shape[0] === 0) throw new KanntkError(`${what} '${path}' has no rows (shape [${a.shape}])`);
  const size = a.shape.reduce((s, d) => s * d, 1);
  if (a.data.length !== size) throw new KanntkError(`${what} '${path}': shape [${a.shape}] needs ${size} values, got ${a.data.length}`);
  if (options.rank !== undefined && a.shape.length !== options.rank) {
    throw new KanntkError(`${what} '${path}': expected rank ${options.rank}, got shape [${a.shape}]`);
  }
  a.data.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new KanntkError(`${what} '${path}': value ${describeValue(v)} at flat index ${i} is not a finite number`);
    if (options.integers && !Number.isInteger(v)) throw new KanntkError(`${what} '${path}': value ${v} at flat index ${i} is not an integer`);
  });
  return { shape: a.shape, data: a.data };
}

/** A kan-model/1 file. */
export function readModelFile(path: string): KanModel {
  const raw = readJsonFile(path, 'model');
  try {
    return KanModel.fromJSON(raw);
  } catch (err) {
    throw new KanntkError(`model file '${path}': ${(err as Error).message}`);
  }
}
