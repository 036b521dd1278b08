// Host-side simplification of strided loops before they reach the core:
// extent-1 dims are dropped and neighbouring dims that are contiguous for every
// operand are merged, so that the core's inner loop is as long as possible
// (a contiguous broadcast add of any rank becomes one or two dims).

export interface StridedLayout {
  shape: number[];
  /** One stride array per operand, same length as shape. */
  strides: number[][];
}

/**
 * Merges dims of `shape` walked with each operand's `strides`.
 * Returns null when the shape has no elements; a scalar becomes shape [1].
 */
export function mergeDims(shape: readonly number[], strides: readonly (readonly number[])[]): StridedLayout | null {
  if (shape.some((e) => e === 0)) return null;
  const merged: StridedLayout = { shape: [], strides: strides.map(() => []) };
  for (let d = 0; d < shape.length; d++) {
    const extent = shape[d];
    if (extent === 1) continue;
    const last = merged.shape.length - 1;
    // dims (last, d) merge when stepping `last` once equals stepping d through its whole extent
    if (last >= 0 && strides.every((s, op) => merged.strides[op][last] === s[d] * extent)) {
      merged.shape[last] *= extent;
      strides.forEach((s, op) => (merged.strides[op][last] = s[d]));
    } else {
      merged.shape.push(extent);
      strides.forEach((s, op) => merged.strides[op].push(s[d]));
    }
  }
  if (merged.shape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return merged;
}

/** Lowest and highest element offset a strided walk of `shape` touches (shape non-empty). */
export function offsetRange(shape: readonly number[], strides: readonly number[]): { min: number; max: number } {
  let min = 0, max = 0;
  for (let d = 0; d < shape.length; d++) {
    const span = (shape[d] - 1) * strides[d];
    if (span < 0) min += span;
    else max += span;
  }
  return { min, max };
}
