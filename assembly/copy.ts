// Strided copy (KernelCopy): transpose, slice, broadcast-to, concat. The host
// folds the offsets into the pointers and merges contiguous dims, so a plain
// slice or concat part becomes a few long memory.copy rows.

import {
  extentOf, strideOf, outerCount, resetOdometer, advanceOdometer, offsetOf, elementPtr,
} from './strided';

/**
 * out[idx·outStrides] = x[idx·xStrides] for every multi-index of shape.
 * @param x, out byte offsets of element (xOffset, outOffset)
 * @param rank 1 … MAX_RANK
 * @param meta i32 [shape(rank), xStrides(rank), outStrides(rank)]
 */
export function copy(x: usize, out: usize, rank: i32, meta: usize): void {
  const len = extentOf(meta, rank - 1);
  const sx = strideOf(meta, rank, 0, rank - 1);
  const so = strideOf(meta, rank, 1, rank - 1);
  const rows = outerCount(meta, rank);
  resetOdometer(meta, rank, 2);
  for (let r = 0; r < rows; r++) {
    const px = elementPtr(x, offsetOf(meta, 0));
    const po = elementPtr(out, offsetOf(meta, 1));
    if (sx == 1 && so == 1) {
      memory.copy(po, px, <usize>len << 3);
    } else if (sx == 0) {
      const v = load<f64>(px);
      for (let i = 0; i < len; i++) store<f64>(elementPtr(po, i * so), v);
    } else {
      for (let i = 0; i < len; i++) store<f64>(elementPtr(po, i * so), load<f64>(elementPtr(px, i * sx)));
    }
    advanceOdometer(meta, rank, 2);
  }
}
