// The basis values B_{o,i,m}(x) of a layer as an explicit tensor. The fused
// contraction never forms it; per-sample gradients and the NTK's Gram
// assembly need it (their results are that large anyway).

import { Tensor } from '../tensor.js';
import { mul } from './arithmetic.js';
import { reshape, broadcastTo, concat } from './layout.js';
import { bsplineBasis } from './bspline.js';
import { tanh } from './unary.js';
import { matmul } from './matmul.js';
import { full } from './create.js';
import type { ContractBasis } from './contract-basis.js';

export const basisIsPerEdge = (b: ContractBasis): boolean => b.kind === 'bspline' && b.perEdge;

/**
 * x [N, nIn] → [N, nIn, nB] for bases shared by all outputs, or
 * [N, nOut, nIn, nB] for per-edge knot rows (nOut needed then).
 */
export function basisValues(x: Tensor, basis: ContractBasis, nOut = 1): Tensor {
  const [n, nIn] = x.shape;
  if (basis.kind === 'bspline') {
    if (!basis.perEdge) return bsplineBasis(x, basis.knots, basis.k, basis.deriv);
    const xEdges = reshape(broadcastTo(reshape(x, [n, 1, nIn]), [n, nOut, nIn]), [n, nOut * nIn]);
    const B = bsplineBasis(xEdges, basis.knots, basis.k, basis.deriv);
    return reshape(B, [n, nOut, nIn, B.shape[2]]);
  }
  const table = basis.table(basis.deriv);
  const z = reshape(tanh(x), [n, nIn, 1]);
  // powers z^0 … z^(nCoef−1) side by side, then one matmul with the coefficient table
  const powers: Tensor[] = [full(x.backend, [n, nIn, 1], 1)];
  for (let c = 1; c < table.shape[1]; c++) powers.push(c === 1 ? z : mul(powers[c - 1], z));
  return matmul(concat(powers, 2), table, { transposeB: true });
}
