// Sum / max over chosen axes (KernelReduce). The host turns the call into a
// strided accumulation: x is walked contiguously and element i goes into
// out[Σ idx_d·outStride_d] with outStride 0 on reduced axes. After merging,
// the inner dim is either reduced (outStride 0: a row reduction into one
// value) or kept (outStride 1: a row-wise accumulate into out).

import { REDUCE_SUM } from './codes';
import {
  extentOf, strideOf, outerCount, resetOdometer, advanceOdometer, offsetOf, elementPtr,
} from './strided';
import { fill } from './fill';

// @ts-ignore: decorator
@inline function combineScalar(fn: i32, acc: f64, v: f64): f64 {
  // wasm max propagates NaN like Math.max
  return fn == REDUCE_SUM ? acc + v : max(acc, v);
}

// @ts-ignore: decorator
@inline function combineVector(fn: i32, acc: v128, v: v128): v128 {
  return fn == REDUCE_SUM ? f64x2.add(acc, v) : f64x2.max(acc, v);
}

/** Combines x[0..len) into *out; four partial accumulators hide the add latency. */
// @ts-ignore: decorator
@inline function reduceRow(fn: i32, x: usize, out: usize, len: i32): void {
  const init = fn == REDUCE_SUM ? 0.0 : -Infinity;
  let acc0 = f64x2.splat(init);
  let acc1 = f64x2.splat(init);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const p = x + (<usize>i << 3);
    acc0 = combineVector(fn, acc0, v128.load(p));
    acc1 = combineVector(fn, acc1, v128.load(p, 16));
  }
  const acc = combineVector(fn, acc0, acc1);
  let s = combineScalar(fn, f64x2.extract_lane(acc, 0), f64x2.extract_lane(acc, 1));
  for (; i < len; i++) s = combineScalar(fn, s, load<f64>(x + (<usize>i << 3)));
  store<f64>(out, combineScalar(fn, load<f64>(out), s));
}

/** out[j] = out[j] ∘ x[j] for j < len (a kept inner axis). */
// @ts-ignore: decorator
@inline function accumulateRow(fn: i32, x: usize, out: usize, len: i32): void {
  let i = 0;
  for (; i + 2 <= len; i += 2) {
    const p = <usize>i << 3;
    v128.store(out + p, combineVector(fn, v128.load(out + p), v128.load(x + p)));
  }
  if (i < len) {
    const p = <usize>i << 3;
    store<f64>(out + p, combineScalar(fn, load<f64>(out + p), load<f64>(x + p)));
  }
}

// @ts-ignore: decorator
@inline function reduceLoop(fn: i32, x: usize, out: usize, outSize: i32, rank: i32, meta: usize, xRowBytes: usize): void {
  fill(out, outSize, fn == REDUCE_SUM ? 0.0 : -Infinity);
  const len = extentOf(meta, rank - 1);
  const so = strideOf(meta, rank, 0, rank - 1);
  const rows = outerCount(meta, rank);
  const rowBytes = xRowBytes != 0 ? xRowBytes : <usize>len << 3;
  resetOdometer(meta, rank, 1);
  let px = x;
  for (let r = 0; r < rows; r++) {
    const po = elementPtr(out, offsetOf(meta, 0));
    if (so == 0) reduceRow(fn, px, po, len);
    else if (so == 1) accumulateRow(fn, px, po, len);
    else {
      for (let i = 0; i < len; i++) {
        const q = elementPtr(po, i * so);
        store<f64>(q, combineScalar(fn, load<f64>(q), load<f64>(px + (<usize>i << 3))));
      }
    }
    px += rowBytes;
    advanceOdometer(meta, rank, 1);
  }
}

/**
 * Reduction of a contiguous x into a contiguous out.
 * @param fn index into REDUCE_FNS
 * @param x byte offset of the input (contiguous over shape)
 * @param out byte offset of the output, outSize elements, overwritten
 * @param rank 1 … MAX_RANK
 * @param meta i32 [shape(rank), outStrides(rank)] (0 on reduced axes)
 * @param xRowBytes bytes from one inner row of x to the next: 0 for contiguous
 *   rows (the inner extent), more when a thread reduces a band of columns
 */
export function reduce(fn: i32, x: usize, out: usize, outSize: i32, rank: i32, meta: usize, xRowBytes: usize): void {
  if (fn == REDUCE_SUM) reduceLoop(REDUCE_SUM, x, out, outSize, rank, meta, xRowBytes);
  else reduceLoop(1, x, out, outSize, rank, meta, xRowBytes);
}
