// The sparsity regulariser of interpretable KANs (pykan's lamb, lamb_entropy,
// lamb_coef), for layer l with edge scores A_oi = mean over the batch of |φ_oi(x_i)|:
//   |Φ_l|₁ = Σ_oi A_oi,   S(Φ_l) = −Σ_oi p_oi·ln p_oi with p = A/|Φ_l|₁,
//   R = λ·Σ_l (μ1·|Φ_l|₁ + μ2·S(Φ_l)) + λ_coef·Σ_l Σ_oi mean_m |c_basis[o,i,m]|.
// (pykan takes log2 and damps tiny scores; this is the plain definition.) A
// graph tensor: its gradient trains with any optimizer.

import { KanntkError } from '../errors.js';
import type { Tensor } from '../graph/tensor.js';
import { add, div, mul } from '../graph/ops/arithmetic.js';
import { reshape } from '../graph/ops/layout.js';
import { mean, sum } from '../graph/ops/reduce.js';
import { abs, log, neg } from '../graph/ops/unary.js';
import type { BoundModel } from '../kan/model.js';
import { edgeActivations } from './edge-activations.js';

export interface SparsityOptions {
  /** overall weight λ (0 turns the regulariser off) */
  lambda: number;
  /** weight of the L1 term (default 1) */
  mu1?: number;
  /** weight of the entropy term (default 2, as pykan) */
  mu2?: number;
  /** weight of the coefficient L1 term (default 0) */
  lambdaCoef?: number;
}

/** Keeps p·ln p finite where an edge's score is exactly 0 (a masked edge): changes S by < 1e-11. */
const LOG_GUARD = 1e-12;

export function checkSparsityOptions(o: SparsityOptions): Required<SparsityOptions> {
  const full = { mu1: 1, mu2: 2, lambdaCoef: 0, ...o };
  for (const [k, v] of Object.entries(full)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new KanntkError(`sparsity: ${k} must be a finite number ≥ 0, got ${v}`);
  }
  return full;
}

/** An edge score A [n_out, n_in] = mean over the batch of |φ_oi(x_i)|, from a layer's φ [N, n_out, n_in]. */
export const edgeScore = (phi: Tensor): Tensor => mean(abs(phi), 0);

/** Edge scores A_l, per KAN layer, as tensors. */
export function edgeScoreTensors(model: BoundModel, x: Tensor): Tensor[] {
  return edgeActivations(model, x).map(({ phi }) => edgeScore(phi));
}

/** The regulariser R on the inputs x (a scalar tensor). */
export function sparsityPenalty(model: BoundModel, x: Tensor, options: SparsityOptions): Tensor {
  const { lambda, mu1, mu2, lambdaCoef } = checkSparsityOptions(options);
  let total: Tensor | null = null;
  const plus = (t: Tensor) => (total = total ? add(total, t) : t);
  for (const A of edgeScoreTensors(model, x)) {
    const l1 = sum(A);
    const p = div(A, l1);
    const entropy = neg(sum(mul(p, log(add(p, LOG_GUARD)))));
    plus(mul(add(mul(l1, mu1), mul(entropy, mu2)), lambda));
  }
  if (lambdaCoef > 0) {
    for (const layer of model.layers) {
      const c = layer.params.c_basis;
      const nB = c.shape[c.rank - 1];
      plus(mul(sum(mean(abs(reshape(c, [-1, nB])), 1)), lambdaCoef));
    }
  }
  return reshape(total!, [1]);
}
