// Making tensors from host data: the only place user numbers enter the graph.

import type { Backend } from '../../backend/backend.js';
import { sizeOf } from '../../backend/kernels.js';
import { KanntkError } from '../../errors.js';
import { Tensor, Storage } from '../tensor.js';
import { assertShape } from '../shape.js';
import { runKernels } from './op.js';

export interface TensorOptions {
  /** Allow NaN/±Infinity in the data (rejected by default, naming the first bad index). */
  allowNonFinite?: boolean;
  /** Used in error messages, e.g. "input x". */
  name?: string;
}

/** A leaf tensor holding `data` (row-major) with the given shape. */
export function tensor(backend: Backend, data: ArrayLike<number>, shape: readonly number[], options: TensorOptions = {}): Tensor {
  const name = options.name ?? 'tensor';
  assertShape(shape, name);
  if (data.length !== sizeOf(shape)) {
    throw new KanntkError(`${name}: shape [${shape}] needs ${sizeOf(shape)} values, got ${data.length}`);
  }
  if (!options.allowNonFinite) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw new KanntkError(`${name}: value ${data[i]} at flat index ${i} is not finite`);
      }
    }
  }
  const buffer = backend.upload(data.length > 0 ? data : [0]);
  return new Tensor(backend, shape, new Storage(backend, buffer));
}

/** A leaf tensor with every element equal to value. */
export function full(backend: Backend, shape: readonly number[], value: number): Tensor {
  assertShape(shape, 'full');
  const t = runKernels(backend, 'full', shape, (out) => ({ kind: 'fill', out, n: sizeOf(shape), value }));
  t.constant = true;
  return t;
}

export const zeros = (backend: Backend, shape: readonly number[]) => full(backend, shape, 0);
export const ones = (backend: Backend, shape: readonly number[]) => full(backend, shape, 1);

/** A rank-0 tensor. */
export const scalar = (backend: Backend, value: number) => full(backend, [], value);
