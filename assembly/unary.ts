// out[i] = fn(x[i]) for i < n (KernelUnary). Functions with a SIMD form run two
// lanes at a time; the transcendental ones are scalar (no f64x2 exp/log/sin).

import {
  UNARY_NEG, UNARY_EXP, UNARY_LOG, UNARY_SIN, UNARY_COS, UNARY_TANH, UNARY_SIGMOID, UNARY_SILU,
  UNARY_RELU, UNARY_STEP, UNARY_SQUARE, UNARY_SQRT, UNARY_ABS, UNARY_POWI, UNARY_RECIP,
} from './codes';

/** Scalar form of every unary function (the reference semantics). */
// @ts-ignore: decorator
@inline function applyScalar(fn: i32, x: f64, param: f64): f64 {
  switch (fn) {
    case UNARY_NEG: return -x;
    case UNARY_EXP: return Math.exp(x);
    case UNARY_LOG: return Math.log(x);
    case UNARY_SIN: return Math.sin(x);
    case UNARY_COS: return Math.cos(x);
    case UNARY_TANH: return Math.tanh(x);
    case UNARY_SIGMOID: return 1.0 / (1.0 + Math.exp(-x));
    case UNARY_SILU: return x / (1.0 + Math.exp(-x));
    case UNARY_RELU: return x > 0 ? x : 0.0;
    case UNARY_STEP: return x > 0 ? 1.0 : 0.0;
    case UNARY_SQUARE: return x * x;
    case UNARY_SQRT: return Math.sqrt(x);
    case UNARY_ABS: return Math.abs(x);
    case UNARY_POWI: return Math.pow(x, param);
    default: return 1.0 / x; // UNARY_RECIP
  }
}

/** Two-lane form; only called for the functions hasSimdForm accepts. */
// @ts-ignore: decorator
@inline function applyVector(fn: i32, x: v128): v128 {
  const zero = f64x2.splat(0.0);
  switch (fn) {
    case UNARY_NEG: return f64x2.neg(x);
    // x > 0 ? x : 0 via a mask, so NaN and -0 give +0 as in the scalar form
    case UNARY_RELU: return v128.and(x, f64x2.gt(x, zero));
    case UNARY_STEP: return v128.and(f64x2.splat(1.0), f64x2.gt(x, zero));
    case UNARY_SQUARE: return f64x2.mul(x, x);
    case UNARY_SQRT: return f64x2.sqrt(x);
    case UNARY_ABS: return f64x2.abs(x);
    default: return f64x2.div(f64x2.splat(1.0), x); // UNARY_RECIP
  }
}

// @ts-ignore: decorator
@inline function hasSimdForm(fn: i32): bool {
  return fn == UNARY_NEG || fn == UNARY_RELU || fn == UNARY_STEP || fn == UNARY_SQUARE
    || fn == UNARY_SQRT || fn == UNARY_ABS || fn == UNARY_RECIP;
}

/** One loop specialised for a constant `fn` (inlined, so the switch folds away). */
// @ts-ignore: decorator
@inline function mapLoop(fn: i32, x: usize, out: usize, n: i32, param: f64): void {
  let i = 0;
  if (hasSimdForm(fn)) {
    for (; i + 4 <= n; i += 4) {
      const p = <usize>i << 3;
      const v0 = v128.load(x + p);
      const v1 = v128.load(x + p, 16);
      v128.store(out + p, applyVector(fn, v0));
      v128.store(out + p, applyVector(fn, v1), 16);
    }
  }
  for (; i < n; i++) {
    const p = <usize>i << 3;
    store<f64>(out + p, applyScalar(fn, load<f64>(x + p), param));
  }
}

/**
 * Element-wise unary function (KernelUnary).
 * @param fn index into UNARY_FNS
 * @param x byte offset of n f64 inputs
 * @param out byte offset of n f64 outputs (may equal x)
 * @param n element count
 * @param param integer exponent for powi
 */
export function unary(fn: i32, x: usize, out: usize, n: i32, param: f64): void {
  switch (fn) {
    case UNARY_NEG: mapLoop(UNARY_NEG, x, out, n, param); break;
    case UNARY_EXP: mapLoop(UNARY_EXP, x, out, n, param); break;
    case UNARY_LOG: mapLoop(UNARY_LOG, x, out, n, param); break;
    case UNARY_SIN: mapLoop(UNARY_SIN, x, out, n, param); break;
    case UNARY_COS: mapLoop(UNARY_COS, x, out, n, param); break;
    case UNARY_TANH: mapLoop(UNARY_TANH, x, out, n, param); break;
    case UNARY_SIGMOID: mapLoop(UNARY_SIGMOID, x, out, n, param); break;
    case UNARY_SILU: mapLoop(UNARY_SILU, x, out, n, param); break;
    case UNARY_RELU: mapLoop(UNARY_RELU, x, out, n, param); break;
    case UNARY_STEP: mapLoop(UNARY_STEP, x, out, n, param); break;
    case UNARY_SQUARE: mapLoop(UNARY_SQUARE, x, out, n, param); break;
    case UNARY_SQRT: mapLoop(UNARY_SQRT, x, out, n, param); break;
    case UNARY_ABS: mapLoop(UNARY_ABS, x, out, n, param); break;
    case UNARY_POWI: mapLoop(UNARY_POWI, x, out, n, param); break;
    case UNARY_RECIP: mapLoop(UNARY_RECIP, x, out, n, param); break;
    default: break;
  }
}
