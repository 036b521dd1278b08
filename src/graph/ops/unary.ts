// Element-wise functions of one tensor, each with its derivative written in graph ops.

import type { UnaryFn } from '../../backend/kernels.js';
import { KanntkError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { backendOf, recordGrad, runKernels } from './op.js';
import { add, mul, sub, div } from './arithmetic.js';

function unaryRaw(fn: UnaryFn, x: Tensor, param = 0): Tensor {
  const backend = backendOf(fn, [x]);
  return runKernels(backend, fn, x.shape, (out) => ({ kind: 'unary', fn, x: x.buffer, out, n: x.size, param }));
}

/** Builds an op whose VJP is g · dy/dx, with dy/dx given in graph ops of x and y. */
function unary(fn: UnaryFn, x: Tensor, derivative: ((x: Tensor, y: Tensor) => Tensor) | null, param = 0): Tensor {
  const y = unaryRaw(fn, x, param);
  // A batched cotangent (per-sample mode, x batch-free) broadcasts against dy/dx as it is.
  return recordGrad(y, fn, [x], (g) => [derivative ? mul(g, derivative(x, y)) : null]);
}

export const neg = (x: Tensor): Tensor => {
  const y = unaryRaw('neg', x);
  return recordGrad(y, 'neg', [x], (g) => [neg(g)]);
};
export const exp = (x: Tensor): Tensor => unary('exp', x, (_, y) => y);
export const log = (x: Tensor): Tensor => unary('log', x, (x) => recip(x));
export const sin = (x: Tensor): Tensor => unary('sin', x, (x) => cos(x));
export const cos = (x: Tensor): Tensor => unary('cos', x, (x) => neg(sin(x)));
export const tanh = (x: Tensor): Tensor => unary('tanh', x, (_, y) => sub(1, square(y)));
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x, (_, y) => mul(y, sub(1, y)));
/** silu(x) = x·σ(x); derivative σ(x)·(1 + x·(1 − σ(x))). */
export const silu = (x: Tensor): Tensor =>
  unary('silu', x, (x) => {
    const s = sigmoid(x);
    return mul(s, add(1, mul(x, sub(1, s))));
  });
export const relu = (x: Tensor): Tensor => unary('relu', x, (x) => step(x));
/** Heaviside step, 1 where x > 0; its derivative is taken as 0 everywhere. */
export const step = (x: Tensor): Tensor => unary('step', x, null);
export const square = (x: Tensor): Tensor => unary('square', x, (x) => mul(x, 2));
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x, (_, y) => div(0.5, y));
export const abs = (x: Tensor): Tensor => unary('abs', x, (x) => sub(step(x), step(neg(x))));
export const recip = (x: Tensor): Tensor => unary('recip', x, (_, y) => neg(square(y)));

/** x^n for an integer n. */
export function pow(x: Tensor, n: number): Tensor {
  if (!Number.isInteger(n)) throw new KanntkError(`pow: exponent ${n} must be an integer`);
  if (n === 0) return unary('powi', x, null, 0);
  if (n === 1) return x;
  return unary('powi', x, (x) => mul(pow(x, n - 1), n), n);
}
