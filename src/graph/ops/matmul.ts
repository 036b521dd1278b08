// Matrix product with optional transposes, batched over leading axes.
// Transposes are expressed as kernel strides, so no copies are made.

import { KanntkError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { backendOf, recordGrad, runKernels } from './op.js';
import { sumTo } from './reduce.js';
import { mul } from './arithmetic.js';
import { reshape } from './layout.js';

export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
}

interface Operand {
  batchShape: number[];
  rows: number;
  cols: number;
  /** strides of [batch, row, col] as the kernel reads op(X) */
  strides: [number, number, number];
}

function describe(x: Tensor, transposed: boolean, name: string): Operand {
  if (x.rank < 2) throw new KanntkError(`matmul: operand ${name} must have rank ≥ 2, got shape [${x.shape}]`);
  const r = x.shape[x.rank - 2], c = x.shape[x.rank - 1];
  const batchShape = x.shape.slice(0, -2);
  const batchSize = batchShape.reduce((s, d) => s * d, 1);
  const batchStride = batchSize > 1 ? r * c : 0;
  return transposed
    ? { batchShape, rows: c, cols: r, strides: [batchStride, 1, c] }
    : { batchShape, rows: r, cols: c, strides: [batchStride, c, 1] };
}

/** op(A) · op(B) where op transposes the last two axes when asked; leading axes are batch axes. */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const backend = backendOf('matmul', [a, b]);
  const tA = options.transposeA ?? false, tB = options.transposeB ?? false;
  const A = describe(a, tA, 'A'), B = describe(b, tB, 'B');
  if (A.cols !== B.rows) {
    throw new KanntkError(`matmul: inner dimensions differ: [${a.shape}]${tA ? 'ᵀ' : ''} · [${b.shape}]${tB ? 'ᵀ' : ''} (${A.cols} vs ${B.rows})`);
  }
  const batchA = A.batchShape.reduce((s, d) => s * d, 1), batchB = B.batchShape.reduce((s, d) => s * d, 1);
  let batchShape: number[];
  if (batchA === batchB && A.batchShape.length === B.batchShape.length) batchShape = A.batchShape;
  else if (batchA === 1 && A.batchShape.length <= B.batchShape.length) batchShape = B.batchShape;
  else if (batchB === 1 && B.batchShape.length <= A.batchShape.length) batchShape = A.batchShape;
  else throw new KanntkError(`matmul: batch axes [${A.batchShape}] and [${B.batchShape}] do not match`);
  const batch = batchShape.reduce((s, d) => s * d, 1);
  const shape = [...batchShape, A.rows, B.cols];
  const out = runKernels(backend, 'matmul', shape, (o) => ({
    kind: 'matmul', a: a.buffer, b: b.buffer, out: o,
    batch, m: A.rows, k: A.cols, n: B.cols, aStrides: A.strides, bStrides: B.strides,
  }));
  return recordGrad(out, 'matmul', [a, b], (g, ps, need) => {
    // d op(A) = G·op(B)ᵀ and d op(B) = op(A)ᵀ·G, transposed back where op transposed.
    const gA = !need[0] ? null : ps[0] ? perSampleLeft(a, b, g, tA, tB) : sumTo(tA ? matmul(b, g, { transposeA: tB, transposeB: true }) : matmul(g, b, { transposeB: !tB }), a.shape);
    const gB = !need[1] ? null : ps[1] ? perSampleRight(a, b, g, tA, tB) : sumTo(tB ? matmul(g, a, { transposeA: true, transposeB: tA }) : matmul(a, g, { transposeA: !tA }), b.shape);
    return [gA, gB];
  });
}

/** Per-sample gradient of B in X[N,k]·B[k,n]: the outer products X[a,:]ᵀ·G[a,:], shape [N, ...B.shape]. */
function perSampleRight(a: Tensor, b: Tensor, g: Tensor, tA: boolean, tB: boolean): Tensor {
  if (a.rank !== 2 || b.rank !== 2 || tA) {
    throw new KanntkError('per-sample gradients: matmul supports X[N,k]·W[k,n] (or W transposed) with the batch in X');
  }
  const [n, k] = a.shape, m = g.shape[1];
  const outer = tB ? mul(reshape(g, [n, m, 1]), reshape(a, [n, 1, k])) : mul(reshape(a, [n, k, 1]), reshape(g, [n, 1, m]));
  return outer;
}

/** Per-sample gradient of A in A[m,k]·X[k,N]ᵀ-style products is not needed by any model here. */
function perSampleLeft(_a: Tensor, _b: Tensor, _g: Tensor, _tA: boolean, _tB: boolean): Tensor {
  throw new KanntkError('per-sample gradients: a parameter on the left of matmul is not supported; write X·W');
}
