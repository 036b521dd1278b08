// Shape arithmetic: broadcasting and axis normalisation. Pure functions.

import { KanntkError } from '../errors.js';
import { MAX_RANK, contiguousStrides } from '../backend/kernels.js';

/** Numpy-style broadcast of two shapes; throws naming both shapes if they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op = 'op'): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let d = 0; d < rank; d++) {
    const da = a[a.length - rank + d] ?? 1;
    const db = b[b.length - rank + d] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new KanntkError(`${op}: shapes [${a}] and [${b}] do not broadcast (axis ${d}: ${da} vs ${db})`);
    }
    out[d] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a tensor of `shape` as if it had `target` shape (0 on broadcast axes). */
export function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const own = contiguousStrides(shape);
  const lead = target.length - shape.length;
  return target.map((_, d) => {
    const s = d - lead;
    return s < 0 || shape[s] === 1 ? 0 : own[s];
  });
}

/** Turns possibly negative axes into sorted, unique, in-range ones. */
export function normalizeAxes(axes: number | readonly number[] | undefined, rank: number, op = 'op'): number[] {
  if (axes === undefined) return [...Array(rank).keys()];
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const out = list.map((a) => {
    if (!Number.isInteger(a) || a < -rank || a >= rank) throw new KanntkError(`${op}: axis ${a} out of range for rank ${rank}`);
    return a < 0 ? a + rank : a;
  });
  return [...new Set(out)].sort((x, y) => x - y);
}

export function assertRank(shape: readonly number[], op: string): void {
  if (shape.length > MAX_RANK) throw new KanntkError(`${op}: rank ${shape.length} exceeds the maximum of ${MAX_RANK}`);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Validates a shape given by a user: non-negative integers. */
export function assertShape(shape: readonly number[], what: string): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new KanntkError(`${what}: invalid shape [${shape}] (dimensions must be non-negative integers)`);
  }
  assertRank(shape, what);
}
