// One table of graph-op cases, used by the forward tests (every backend),
// the finite-difference VJP tests (wasm) and the parity tests (webgpu vs
// wasm, in Node and in the browser). No Node APIs here: the browser bundles it.

import * as g from '../../src/graph/index.js';
import type { Tensor } from '../../src/graph/index.js';
import * as nd from '../helpers/nd.js';
import type { ND } from '../helpers/nd.js';
import { contractY, contractS, contractW, type ContractBasis } from '../../src/graph/ops/basis-contract.js';
import { chebyshevTable } from '../../src/kan/chebyshev-table.js';
import { bsplineRef } from '../reference/kernels.js';

export interface OpCase {
  name: string;
  /** Input shapes; inputs are drawn uniformly from `domain`. */
  shapes: number[][];
  domain?: [number, number];
  run: (xs: Tensor[]) => Tensor;
  ref: (xs: ND[]) => ND;
  /** Skip the finite-difference check (ops with kinks or no gradient). */
  noGrad?: boolean;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const unaryCase = (name: string, op: (x: Tensor) => Tensor, f: (v: number) => number, domain: [number, number] = [-2, 2], noGrad = false): OpCase => ({
  name, shapes: [[3, 5]], domain, run: ([x]) => op(x), ref: ([x]) => nd.map(x, f), noGrad,
});

// Knots of a uniform extended grid: G=5, k=3 on [-1,1] (fixtures README §3), one row per input.
export const GRID_K3 = Array.from({ length: 12 }, (_, j) => (j - 3) * 0.4 - 1);

export const OP_CASES: OpCase[] = [
  unaryCase('neg', g.neg, (v) => -v),
  unaryCase('exp', g.exp, Math.exp),
  unaryCase('log', g.log, Math.log, [0.2, 3]),
  unaryCase('sin', g.sin, Math.sin, [-3, 3]),
  unaryCase('cos', g.cos, Math.cos, [-3, 3]),
  unaryCase('tanh', g.tanh, Math.tanh),
  unaryCase('sigmoid', g.sigmoid, sigmoid),
  unaryCase('silu', g.silu, (v) => v * sigmoid(v), [-4, 4]),
  // relu/abs: inputs kept away from the kink at 0 so central differences are exact
  unaryCase('relu', g.relu, (v) => Math.max(v, 0), [0.1, 2]),
  { ...unaryCase('relu (negative side)', g.relu, (v) => Math.max(v, 0), [-2, -0.1]) },
  unaryCase('step', g.step, (v) => (v > 0 ? 1 : 0), [-2, 2], true),
  unaryCase('square', g.square, (v) => v * v),
  unaryCase('sqrt', g.sqrt, Math.sqrt, [0.2, 3]),
  unaryCase('abs', g.abs, Math.abs, [0.1, 2]),
  unaryCase('recip', g.recip, (v) => 1 / v, [0.5, 2]),
  unaryCase('pow 3', (x) => g.pow(x, 3), (v) => v ** 3),
  unaryCase('pow -2', (x) => g.pow(x, -2), (v) => v ** -2, [0.5, 2]),
  unaryCase('pow 0', (x) => g.pow(x, 0), () => 1, [-2, 2], true),
  { name: 'add broadcast [3,1,4]+[2,4]', shapes: [[3, 1, 4], [2, 4]], run: ([a, b]) => g.add(a, b), ref: ([a, b]) => nd.zip(a, b, (x, y) => x + y) },
  { name: 'sub broadcast [4]-[3,4]', shapes: [[4], [3, 4]], run: ([a, b]) => g.sub(a, b), ref: ([a, b]) => nd.zip(a, b, (x, y) => x - y) },
  { name: 'mul broadcast [2,3,1]*[1,3,4]', shapes: [[2, 3, 1], [1, 3, 4]], run: ([a, b]) => g.mul(a, b), ref: ([a, b]) => nd.zip(a, b, (x, y) => x * y) },
  { name: 'div [3,4]/[3,1]', shapes: [[3, 4], [3, 1]], domain: [0.5, 2], run: ([a, b]) => g.div(a, b), ref: ([a, b]) => nd.zip(a, b, (x, y) => x / y) },
  { name: 'scalar ops 2·x + 1', shapes: [[2, 3]], run: ([a]) => g.add(g.mul(a, 2), 1), ref: ([a]) => nd.map(a, (v) => 2 * v + 1) },
  { name: 'sum all', shapes: [[3, 4, 2]], run: ([x]) => g.sum(x), ref: ([x]) => nd.reduce(x, [0, 1, 2], (s, v) => s + v, 0) },
  { name: 'sum axes 0,2', shapes: [[3, 4, 2]], run: ([x]) => g.sum(x, [0, 2]), ref: ([x]) => nd.reduce(x, [0, 2], (s, v) => s + v, 0) },
  { name: 'sum axis -1 keepDims', shapes: [[3, 4]], run: ([x]) => g.sum(x, -1, true), ref: ([x]) => nd.reduce(x, [1], (s, v) => s + v, 0, true) },
  { name: 'mean axis 1', shapes: [[3, 4, 2]], run: ([x]) => g.mean(x, 1), ref: ([x]) => nd.map(nd.reduce(x, [1], (s, v) => s + v, 0), (v) => v / 4) },
  { name: 'max axis 1', shapes: [[3, 5]], run: ([x]) => g.max(x, 1), ref: ([x]) => nd.reduce(x, [1], Math.max, -Infinity), noGrad: true },
  { name: 'matmul [5,4]·[4,3]', shapes: [[5, 4], [4, 3]], run: ([a, b]) => g.matmul(a, b), ref: ([a, b]) => nd.matmul2(a, b) },
  { name: 'matmul Aᵀ·B', shapes: [[4, 5], [4, 3]], run: ([a, b]) => g.matmul(a, b, { transposeA: true }), ref: ([a, b]) => nd.matmul2(a, b, true) },
  { name: 'matmul A·Bᵀ', shapes: [[5, 4], [3, 4]], run: ([a, b]) => g.matmul(a, b, { transposeB: true }), ref: ([a, b]) => nd.matmul2(a, b, false, true) },
  { name: 'matmul Aᵀ·Bᵀ', shapes: [[4, 5], [3, 4]], run: ([a, b]) => g.matmul(a, b, { transposeA: true, transposeB: true }), ref: ([a, b]) => nd.matmul2(a, b, true, true) },
  {
    name: 'matmul batched [2,3,4]·[4,2]', shapes: [[2, 3, 4], [4, 2]], run: ([a, b]) => g.matmul(a, b),
    ref: ([a, b]) => {
      const parts = [0, 1].map((t) => nd.matmul2({ shape: [3, 4], data: a.data.slice(t * 12, t * 12 + 12) }, b));
      return { shape: [2, 3, 2], data: parts.flatMap((p) => p.data) };
    },
  },
  { name: 'reshape [3,4]→[2,6]', shapes: [[3, 4]], run: ([x]) => g.mul(g.reshape(x, [2, -1]), 1), ref: ([x]) => ({ shape: [2, 6], data: x.data }) },
  { name: 'transpose [2,3,4] perm 2,0,1', shapes: [[2, 3, 4]], run: ([x]) => g.transpose(x, [2, 0, 1]), ref: ([x]) => nd.transpose(x, [2, 0, 1]) },
  { name: 'broadcastTo [3,1]→[2,3,4]', shapes: [[3, 1]], run: ([x]) => g.broadcastTo(x, [2, 3, 4]), ref: ([x]) => nd.zip(x, { shape: [2, 3, 4], data: new Array(24).fill(0) }, (a) => a) },
  { name: 'slice', shapes: [[4, 5]], run: ([x]) => g.slice(x, [1, 2], [2, -1]), ref: ([x]) => nd.slice(x, [1, 2], [2, 3]) },
  { name: 'pad', shapes: [[2, 2]], run: ([x]) => g.padInto(x, [3, 4], [1, 1]), ref: ([x]) => ({ shape: [3, 4], data: nd.indices([3, 4]).map(([i, j]) => (i >= 1 && j >= 1 && j <= 2 ? nd.at(x, [i - 1, j - 1]) : 0)) }) },
  { name: 'concat axis 1', shapes: [[2, 3], [2, 1], [2, 2]], run: (xs) => g.concat(xs, 1), ref: (xs) => nd.concat(xs, 1) },
  { name: 'concat axis 0', shapes: [[1, 3], [2, 3]], run: (xs) => g.concat(xs, 0), ref: (xs) => nd.concat(xs, 0) },
  { name: 'gather axis 0 (repeats)', shapes: [[4, 3]], run: ([x]) => g.gather(x, [3, 0, 3, 1], 0), ref: ([x]) => nd.gather(x, [3, 0, 3, 1], 0) },
  { name: 'gather axis 1', shapes: [[2, 5, 2]], run: ([x]) => g.gather(x, [4, 4, 2], 1), ref: ([x]) => nd.gather(x, [4, 4, 2], 1) },
  { name: 'logSoftmax', shapes: [[3, 5]], domain: [-3, 3], run: ([x]) => g.logSoftmax(x), ref: ([x]) => nd.logSoftmaxLast(x) },
  { name: 'softmax', shapes: [[3, 5]], domain: [-3, 3], run: ([x]) => g.softmax(x), ref: ([x]) => nd.map(nd.logSoftmaxLast(x), Math.exp) },
  ...[0, 1, 2, 3].map((deriv): OpCase => ({
    name: `bsplineBasis k=3 deriv ${deriv}`,
    shapes: [[6, 2]],
    domain: [-2.1, 2.1],
    run: ([x]) => g.bsplineBasis(x, g.tensor(x.backend, [...GRID_K3, ...GRID_K3], [2, 12]), 3, deriv),
    ref: ([x]) => ({ shape: [6, 2, 8], data: x.data.flatMap((v) => bsplineClosed(v, deriv)) }),
  })),
];

// Per-edge knot rows for 3 outputs × 2 inputs: uniform rows shifted and stretched a little, so edges differ.
const EDGE_GRID = Array.from({ length: 6 }, (_, r) => GRID_K3.map((t) => t * (1 + 0.05 * r) + 0.02 * r)).flat();

type Basis = { kind: 'bspline'; perEdge: boolean } | { kind: 'cheb' };

function makeBasis(x: Tensor, b: Basis): ContractBasis {
  if (b.kind === 'cheb') {
    return { kind: 'tanhPoly', nBasis: 4, deriv: 0, table: (d) => { const t = chebyshevTable(4, 1, d); return g.tensor(x.backend, t.data, t.shape); } };
  }
  const knots = b.perEdge ? g.tensor(x.backend, EDGE_GRID, [6, 12]) : g.tensor(x.backend, [...GRID_K3, ...GRID_K3], [2, 12]);
  return { kind: 'bspline', knots, k: 3, perEdge: b.perEdge, deriv: 0 };
}

/** B_{o,i,m}(x) from independent formulas: Cox–de Boor reference or cos(j·acos(tanh x)). */
function basisRef(b: Basis, xv: number, o: number, i: number): number[] {
  if (b.kind === 'cheb') return [1, 2, 3, 4].map((j) => Math.cos(j * Math.acos(Math.tanh(xv))));
  const row = b.perEdge ? EDGE_GRID.slice((o * 2 + i) * 12, (o * 2 + i + 1) * 12) : GRID_K3;
  return bsplineRef(xv, row, 3, 0);
}

/** The trilinear form's three modes on host arrays (N=5, nIn=2, nOut=3). */
function contractRef(mode: 'y' | 's' | 'w', b: Basis, x: ND, W: ND | null, a: ND | null, s: ND | null): ND {
  const nB = b.kind === 'cheb' ? 4 : 8;
  const out = new Array(mode === 'y' ? 15 : mode === 's' ? 10 : 3 * 2 * nB).fill(0);
  for (let n = 0; n < 5; n++)
    for (let o = 0; o < 3; o++)
      for (let i = 0; i < 2; i++) {
        const B = basisRef(b, x.data[n * 2 + i], o, i);
        const sv = s ? s.data[n * 2 + i] : 1;
        if (mode === 'w') B.forEach((v, m) => (out[(o * 2 + i) * nB + m] += a!.data[n * 3 + o] * sv * v));
        else {
          const phi = B.reduce((acc, v, m) => acc + W!.data[(o * 2 + i) * nB + m] * v, 0);
          if (mode === 'y') out[n * 3 + o] += sv * phi;
          else out[n * 2 + i] += a!.data[n * 3 + o] * phi;
        }
      }
  return { shape: mode === 'y' ? [5, 3] : mode === 's' ? [5, 2] : [3, 2, nB], data: out };
}

const CONTRACT_DOMAIN: [number, number] = [-1.15, 1.15];
const contractCases = (label: string, b: Basis, nB: number): OpCase[] => [
  { name: `contractY ${label}`, shapes: [[5, 2], [3, 2, nB]], domain: CONTRACT_DOMAIN, run: ([x, W]) => contractY(x, W, null, makeBasis(x, b)), ref: ([x, W]) => contractRef('y', b, x, W, null, null) },
  { name: `contractY ${label} with s`, shapes: [[5, 2], [3, 2, nB], [5, 2]], domain: CONTRACT_DOMAIN, run: ([x, W, s]) => contractY(x, W, s, makeBasis(x, b)), ref: ([x, W, s]) => contractRef('y', b, x, W, null, s) },
  { name: `contractS ${label}`, shapes: [[5, 2], [3, 2, nB], [5, 3]], domain: CONTRACT_DOMAIN, run: ([x, W, a]) => contractS(x, W, a, makeBasis(x, b)), ref: ([x, W, a]) => contractRef('s', b, x, W, a, null) },
  { name: `contractW ${label}`, shapes: [[5, 2], [5, 3], [5, 2]], domain: CONTRACT_DOMAIN, run: ([x, a, s]) => contractW(x, a, s, makeBasis(x, b)), ref: ([x, a, s]) => contractRef('w', b, x, null, a, s) },
];

OP_CASES.push(
  ...contractCases('bspline per input', { kind: 'bspline', perEdge: false }, 8),
  ...contractCases('bspline per edge', { kind: 'bspline', perEdge: true }, 8),
  ...contractCases('tanh-Chebyshev', { kind: 'cheb' }, 4),
);

/** Uniform cubic B-splines from their closed form (independent of Cox–de Boor), h = 0.4. */
function bsplineClosed(x: number, deriv: number): number[] {
  const h = 0.4;
  return Array.from({ length: 8 }, (_, m) => {
    const u = (x - GRID_K3[m]) / h; // position in the support [0, 4)
    if (!(u >= 0 && u < 4) || x >= GRID_K3[11]) return 0;
    const piece = Math.floor(u), t = u - piece;
    // pieces of the cardinal cubic B-spline and their t-derivatives
    const P = [
      [t ** 3 / 6, t * t / 2, t, 1],
      [(-3 * t ** 3 + 3 * t * t + 3 * t + 1) / 6, (-9 * t * t + 6 * t + 3) / 6, (-18 * t + 6) / 6, -3],
      [(3 * t ** 3 - 6 * t * t + 4) / 6, (9 * t * t - 12 * t) / 6, (18 * t - 12) / 6, 3],
      [(1 - t) ** 3 / 6, -((1 - t) ** 2) / 2, 1 - t, -1],
    ];
    return P[piece][deriv] / h ** deriv;
  });
}
