// An odometer over the outer dims of a strided loop; the last dim is the
// inner loop each kernel writes itself (so that it can be vectorised).
//
// Metadata layout at `meta` (i32): shape[rank], then `nOps` stride arrays of
// `rank` entries each. Offsets are in elements and may go negative (negative
// strides); pointers add them modulo 2^32, which is still the right address.
// The odometer's own state lives in the same block (from ODOMETER_AT), so a
// thread that runs a strided kernel on its own metadata block shares nothing.

import { MAX_RANK } from './scratch';

/** Byte offset in the metadata block of the counters (one per dim), then the operand offsets (up to 4). */
const COUNTERS_AT: usize = 128;
const OFFSETS_AT: usize = COUNTERS_AT + (<usize>MAX_RANK << 2);

/** Extent of dim d. */
// @ts-ignore: decorator
@inline export function extentOf(meta: usize, d: i32): i32 {
  return load<i32>(meta + (<usize>d << 2));
}

/** Stride of operand `op` along dim d. */
// @ts-ignore: decorator
@inline export function strideOf(meta: usize, rank: i32, op: i32, d: i32): i32 {
  return load<i32>(meta + (<usize>(rank * (op + 1) + d) << 2));
}

/** Number of inner rows: the product of all extents but the last. */
export function outerCount(meta: usize, rank: i32): i32 {
  let count = 1;
  for (let d = 0; d < rank - 1; d++) count *= extentOf(meta, d);
  return count;
}

/** Zeroes the counters and the operand offsets. */
export function resetOdometer(meta: usize, rank: i32, nOps: i32): void {
  for (let d = 0; d < rank; d++) store<i32>(meta + COUNTERS_AT + (<usize>d << 2), 0);
  for (let op = 0; op < nOps; op++) store<i32>(meta + OFFSETS_AT + (<usize>op << 2), 0);
}

/** Current element offset of operand `op`. */
// @ts-ignore: decorator
@inline export function offsetOf(meta: usize, op: i32): i32 {
  return load<i32>(meta + OFFSETS_AT + (<usize>op << 2));
}

/** Byte address of element `offset` past `base` (offset may be negative). */
// @ts-ignore: decorator
@inline export function elementPtr(base: usize, offset: i32): usize {
  return base + (<usize>offset << 3);
}

/** Moves to the next inner row: increments dims rank-2 … 0 with carry, updating every operand offset. */
export function advanceOdometer(meta: usize, rank: i32, nOps: i32): void {
  for (let d = rank - 2; d >= 0; d--) {
    const counterPtr = meta + COUNTERS_AT + (<usize>d << 2);
    const extent = extentOf(meta, d);
    const next = load<i32>(counterPtr) + 1;
    if (next < extent) {
      store<i32>(counterPtr, next);
      for (let op = 0; op < nOps; op++) {
        const p = meta + OFFSETS_AT + (<usize>op << 2);
        store<i32>(p, load<i32>(p) + strideOf(meta, rank, op, d));
      }
      return;
    }
    store<i32>(counterPtr, 0);
    for (let op = 0; op < nOps; op++) {
      const p = meta + OFFSETS_AT + (<usize>op << 2);
      store<i32>(p, load<i32>(p) - strideOf(meta, rank, op, d) * (extent - 1));
    }
  }
}
