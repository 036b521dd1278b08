// The basis a KAN layer's fused contraction evaluates (its own file so that
// basis-contract.ts and basis-values.ts both use it without importing each other).

import type { Tensor } from '../tensor.js';

/** How the basis B_{o,i,m}(x) of a layer is evaluated. */
export type ContractBasis =
  | {
      kind: 'bspline';
      /** knots: [nIn, nKnots] (one row per input) or [nOut·nIn, nKnots] when perEdge */
      knots: Tensor;
      k: number;
      perEdge: boolean;
      /** x-derivative order */
      deriv: number;
    }
  | {
      kind: 'tanhPoly';
      /** [nBasis, nCoef] monomial coefficients in z = tanh(x) of the deriv-th x-derivative of each basis function */
      table: (deriv: number) => Tensor;
      nBasis: number;
      deriv: number;
    };
