// Broadcasting element-wise arithmetic: add, sub, mul, div (and scalar forms).
// These, with matmul and broadcastTo, are the ops through which parameters
// may enter the graph in per-sample mode: their VJPs keep the batch axis on request.

import type { BinaryFn } from '../../backend/kernels.js';
import { Tensor } from '../tensor.js';
import { broadcastShapes, broadcastStrides } from '../shape.js';
import { backendOf, recordGrad, runKernels } from './op.js';
import { full } from './create.js';
import { sumTo } from './reduce.js';
import { neg, square } from './unary.js';

type Operand = Tensor | number;

function binaryRaw(fn: BinaryFn, a: Tensor, b: Tensor): Tensor {
  const backend = backendOf(fn, [a, b]);
  const shape = broadcastShapes(a.shape, b.shape, fn);
  return runKernels(backend, fn, shape, (out) => ({
    kind: 'binary', fn, a: a.buffer, b: b.buffer, out, outShape: shape,
    aStrides: broadcastStrides(a.shape, shape), bStrides: broadcastStrides(b.shape, shape),
  }));
}

/** Turns a plain number into a scalar tensor on the other operand's backend. */
function asTensors(a: Operand, b: Operand, op: string): [Tensor, Tensor] {
  if (a instanceof Tensor && b instanceof Tensor) return [a, b];
  if (a instanceof Tensor) return [a, full(backendOf(op, [a]), [], b as number)];
  if (b instanceof Tensor) return [full(backendOf(op, [b]), [], a as number), b];
  throw new Error(`${op}: at least one operand must be a Tensor`);
}

function binary(fn: BinaryFn, x: Operand, y: Operand, grads: (g: Tensor, a: Tensor, b: Tensor, out: Tensor, need: readonly boolean[]) => [Tensor | null, Tensor | null]): Tensor {
  const [a, b] = asTensors(x, y, fn);
  const out = binaryRaw(fn, a, b);
  return recordGrad(out, fn, [a, b], (g, ps, need) => {
    const [ga, gb] = grads(g, a, b, out, need);
    return [ga && sumTo(ga, a.shape, ps[0]), gb && sumTo(gb, b.shape, ps[1])];
  });
}

/** a + b with broadcasting. */
export const add = (a: Operand, b: Operand): Tensor => binary('add', a, b, (g) => [g, g]);
/** a − b with broadcasting. */
export const sub = (a: Operand, b: Operand): Tensor => binary('sub', a, b, (g, _a, _b, _o, need) => [g, need[1] ? neg(g) : null]);
/** a · b with broadcasting. */
export const mul = (a: Operand, b: Operand): Tensor => binary('mul', a, b, (g, x, y, _o, need) => [need[0] ? mul(g, y) : null, need[1] ? mul(g, x) : null]);
/** a / b with broadcasting. */
export const div = (a: Operand, b: Operand): Tensor =>
  binary('div', a, b, (g, x, y, _o, need) => [need[0] ? div(g, y) : null, need[1] ? neg(div(mul(g, x), square(y))) : null]);

/** x · c for a constant c. */
export const mulScalar = (x: Tensor, c: number): Tensor => mul(x, c);
