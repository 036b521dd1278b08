// Broadcast element-wise a ∘ b (KernelBinary). The host has already merged
// dims that are contiguous for every operand and dropped extent-1 dims, so the
// last dim is usually long; its stride pair picks a vectorised inner loop.

import { BINARY_ADD, BINARY_SUB, BINARY_MUL, BINARY_DIV } from './codes';
import {
  extentOf, strideOf, outerCount, resetOdometer, advanceOdometer, offsetOf, elementPtr,
} from './strided';

// @ts-ignore: decorator
@inline function applyScalar(fn: i32, a: f64, b: f64): f64 {
  switch (fn) {
    case BINARY_ADD: return a + b;
    case BINARY_SUB: return a - b;
    case BINARY_MUL: return a * b;
    default: return a / b;
  }
}

// @ts-ignore: decorator
@inline function applyVector(fn: i32, a: v128, b: v128): v128 {
  switch (fn) {
    case BINARY_ADD: return f64x2.add(a, b);
    case BINARY_SUB: return f64x2.sub(a, b);
    case BINARY_MUL: return f64x2.mul(a, b);
    default: return f64x2.div(a, b);
  }
}

/** One output row of `len` elements; sa/sb are the operands' inner strides. */
// @ts-ignore: decorator
@inline function binaryRow(fn: i32, a: usize, b: usize, out: usize, len: i32, sa: i32, sb: i32): void {
  let i = 0;
  if (sa == 1 && sb == 1) {
    for (; i + 2 <= len; i += 2) {
      const p = <usize>i << 3;
      v128.store(out + p, applyVector(fn, v128.load(a + p), v128.load(b + p)));
    }
    if (i < len) {
      const p = <usize>i << 3;
      store<f64>(out + p, applyScalar(fn, load<f64>(a + p), load<f64>(b + p)));
    }
  } else if (sa == 1 && sb == 0) {
    const bs = load<f64>(b);
    const bv = f64x2.splat(bs);
    for (; i + 2 <= len; i += 2) {
      const p = <usize>i << 3;
      v128.store(out + p, applyVector(fn, v128.load(a + p), bv));
    }
    if (i < len) {
      const p = <usize>i << 3;
      store<f64>(out + p, applyScalar(fn, load<f64>(a + p), bs));
    }
  } else if (sa == 0 && sb == 1) {
    const as = load<f64>(a);
    const av = f64x2.splat(as);
    for (; i + 2 <= len; i += 2) {
      const p = <usize>i << 3;
      v128.store(out + p, applyVector(fn, av, v128.load(b + p)));
    }
    if (i < len) {
      const p = <usize>i << 3;
      store<f64>(out + p, applyScalar(fn, as, load<f64>(b + p)));
    }
  } else {
    let ia = 0, ib = 0;
    for (; i < len; i++) {
      store<f64>(out + (<usize>i << 3), applyScalar(fn, load<f64>(elementPtr(a, ia)), load<f64>(elementPtr(b, ib))));
      ia += sa;
      ib += sb;
    }
  }
}

// @ts-ignore: decorator
@inline function binaryLoop(fn: i32, a: usize, b: usize, out: usize, rank: i32, meta: usize): void {
  const len = extentOf(meta, rank - 1);
  const sa = strideOf(meta, rank, 0, rank - 1);
  const sb = strideOf(meta, rank, 1, rank - 1);
  const rows = outerCount(meta, rank);
  resetOdometer(meta, rank, 2);
  let o = out;
  const rowBytes = <usize>len << 3;
  for (let r = 0; r < rows; r++) {
    binaryRow(fn, elementPtr(a, offsetOf(meta, 0)), elementPtr(b, offsetOf(meta, 1)), o, len, sa, sb);
    o += rowBytes;
    advanceOdometer(meta, rank, 2);
  }
}

/**
 * out[idx] = a[idx·aStrides] ∘ b[idx·bStrides] over every multi-index of shape, out contiguous.
 * @param fn index into BINARY_FNS
 * @param a, b, out byte offsets of element 0
 * @param rank 1 … MAX_RANK
 * @param meta i32 [shape(rank), aStrides(rank), bStrides(rank)] in elements
 */
export function binary(fn: i32, a: usize, b: usize, out: usize, rank: i32, meta: usize): void {
  switch (fn) {
    case BINARY_ADD: binaryLoop(BINARY_ADD, a, b, out, rank, meta); break;
    case BINARY_SUB: binaryLoop(BINARY_SUB, a, b, out, rank, meta); break;
    case BINARY_MUL: binaryLoop(BINARY_MUL, a, b, out, rank, meta); break;
    case BINARY_DIV: binaryLoop(BINARY_DIV, a, b, out, rank, meta); break;
    default: break;
  }
}
