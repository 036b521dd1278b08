// Gram blocks the layer types assemble their NTK share from (DESIGN.md
// "The NTK, fast"). For a spline layer:
//   c_basis: Σ_i S_i(a,b)·Σ_o δ_a[o]·c_spl[o,i]²·δ_b[o],  S_i = B_i·B_iᵀ (basis Gram per input)
//   c_spl:   U·Uᵀ with U[a,(i,o)] = δ_a[o]·φ_oi(h_ai)
//   c_res:   (δδᵀ) ⊙ (R·Rᵀ), R = silu(h);   bias: δδᵀ
// Inputs are processed in chunks so that the [chunk, n, n] intermediates fit a memory budget.

import type { Tensor } from '../../graph/tensor.js';
import { tidy } from '../../graph/tape.js';
import { add, mul, matmul, reshape, transpose, slice, sum, silu, square } from '../../graph/index.js';
import { basisValues } from '../../graph/ops/basis-values.js';
import type { ContractBasis } from '../../graph/ops/basis-contract.js';

/** δδᵀ ⊙ (X·Xᵀ): the Gram of rows δ_a ⊗ x_a (a weight matrix between x and the output). */
export function outerGram(delta: Tensor, x: Tensor): Tensor {
  return mul(matmul(delta, delta, { transposeB: true }), matmul(x, x, { transposeB: true }));
}

/** δδᵀ: the Gram of a bias. */
export function biasGram(delta: Tensor): Tensor {
  return matmul(delta, delta, { transposeB: true });
}

/** U·Uᵀ for U [n, …] flattened to rows. */
export function rowGram(u: Tensor): Tensor {
  const flat = reshape(u, [u.shape[0], -1]);
  return matmul(flat, flat, { transposeB: true });
}

/** K + part(), freeing part's intermediates and the old K: keeps the peak at a few [n, n] arrays. */
export function accumulate(K: Tensor | null, part: () => Tensor): Tensor {
  const next = tidy(() => (K ? add(K, part()) : part()));
  K?.dispose();
  return next;
}

/**
 * Shared-basis KAN layers (spline, chebyshev): the c_basis block by per-input Gram
 * matrices and the external-weight block (c_spl or c_ext, when present) by row
 * Grams, `chunk` inputs at a time.
 */
export function sharedBasisGram(h: Tensor, delta: Tensor, cBasis: Tensor, ext: Tensor | undefined, basis: ContractBasis, chunk: number): Tensor {
  const [n, nIn] = h.shape;
  const nOut = delta.shape[1];
  const Bt = transpose(basisValues(h, basis), [1, 0, 2]); // [nIn, n, nB]
  const nB = Bt.shape[2];
  const dd = ext ? null : biasGram(delta);
  let K: Tensor | null = null;
  for (let i0 = 0; i0 < nIn; i0 += chunk) {
    const w = Math.min(chunk, nIn - i0);
    K = accumulate(K, () => {
      const Bc = slice(Bt, [i0, 0, 0], [w, n, nB]);
      const S = matmul(Bc, Bc, { transposeB: true }); // [w, n, n]
      if (!ext) return mul(dd!, sum(S, 0));
      // M_i = δ·diag(c_spl[:, i]²)·δᵀ
      const e2 = reshape(transpose(slice(square(ext), [0, i0], [nOut, w])), [w, 1, nOut]);
      const M = matmul(mul(reshape(delta, [1, n, nOut]), e2), delta, { transposeB: true }); // [w, n, n]
      // the c_spl block: U[a, (i, o)] = δ_a[o]·φ_oi(h_ai), φ[i, a, o] = Σ_m B[a,i,m]·c_basis[o,i,m]
      const Ci = transpose(slice(cBasis, [0, i0, 0], [nOut, w, nB]), [1, 2, 0]); // [w, nB, nOut]
      const U = mul(matmul(Bc, Ci), reshape(delta, [1, n, nOut])); // [w, n, nOut]
      return add(sum(mul(M, S), 0), rowGram(transpose(U, [1, 0, 2])));
    });
  }
  return K!;
}

/** Per-edge knot rows ('base'): the c_basis and c_spl blocks from explicit per-sample rows. */
export function perEdgeGram(h: Tensor, delta: Tensor, cBasis: Tensor, cSpl: Tensor | undefined, basis: ContractBasis): Tensor {
  const [n, nIn] = h.shape;
  const nOut = delta.shape[1];
  const B = basisValues(h, basis, nOut); // [n, nOut, nIn, nB]
  const nB = B.shape[3];
  const d4 = reshape(delta, [n, nOut, 1, 1]);
  const c3 = reshape(cBasis, [1, nOut, nIn, nB]);
  const scaled = cSpl ? mul(B, reshape(cSpl, [1, nOut, nIn, 1])) : B;
  let K = rowGram(mul(scaled, d4));
  if (cSpl) K = add(K, rowGram(mul(sum(mul(B, c3), 3, true), d4)));
  return K;
}

/** The residual (c_res) and bias blocks every KAN layer adds to its basis blocks. */
export function residualAndBiasGram(K: Tensor, params: Record<string, Tensor>, h: Tensor, delta: Tensor): Tensor {
  let out = K;
  if (params.c_res) out = add(out, outerGram(delta, silu(h)));
  if (params.bias) out = add(out, biasGram(delta));
  return out;
}
