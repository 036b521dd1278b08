// The B-spline basis as a graph op. Its x-derivative is the same op with
// deriv + 1, so derivatives of any order stay analytic (no nested reverse mode).

import { KanntkError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { backendOf, noPerSample, recordGrad, runKernels } from './op.js';
import { mul } from './arithmetic.js';
import { sum } from './reduce.js';
import { reshape } from './layout.js';

/**
 * B-spline basis functions of degree k on per-input knot rows.
 * x: [N, nIn]; grid: [nIn, nKnots] → [N, nIn, nKnots − k − 1], the deriv-th
 * x-derivative (0 = values). Half-open intervals, right-sided derivatives at
 * knots, zero outside the grid (../shared/fixtures/README.md §3). The grid is
 * not differentiated.
 */
export function bsplineBasis(x: Tensor, grid: Tensor, k: number, deriv = 0): Tensor {
  const backend = backendOf('bsplineBasis', [x, grid]);
  if (x.rank !== 2 || grid.rank !== 2 || grid.shape[0] !== x.shape[1]) {
    throw new KanntkError(`bsplineBasis: expected x [N, nIn] and grid [nIn, nKnots], got [${x.shape}] and [${grid.shape}]`);
  }
  if (!Number.isInteger(k) || k < 0) throw new KanntkError(`bsplineBasis: order k=${k} must be a non-negative integer`);
  if (!Number.isInteger(deriv) || deriv < 0) throw new KanntkError(`bsplineBasis: derivative order ${deriv} must be a non-negative integer`);
  const [nPoints, nIn] = x.shape;
  const nKnots = grid.shape[1];
  const nBasis = nKnots - k - 1;
  if (nBasis < 1) throw new KanntkError(`bsplineBasis: ${nKnots} knots are too few for order k=${k}`);
  const out = runKernels(backend, 'bsplineBasis', [nPoints, nIn, nBasis], (o) => ({
    kind: 'bspline', x: x.buffer, grid: grid.buffer, out: o, nPoints, nIn, nKnots, k, deriv,
  }));
  return recordGrad(out, 'bsplineBasis', [x, grid], (g, ps) => {
    noPerSample('bsplineBasis', ps);
    const next = bsplineBasis(x, grid, k, deriv + 1);
    return [reshape(sum(mul(g, next), 2), [nPoints, nIn]), null];
  });
}
