// What the KAN layer types (spline, base, chebyshev) share: the residual
// branch and bias on top of the basis term, the defaults of a new layer, and
// drawing its coefficients from an initialisation scheme.

import type { Tensor } from '../../graph/tensor.js';
import { add } from '../../graph/ops/arithmetic.js';
import { matmul } from '../../graph/ops/matmul.js';
import { silu } from '../../graph/ops/unary.js';
import type { SeededRandom } from '../../math/random.js';
import { initLayer, type InitLayer } from '../init.js';
import type { KanConfig } from '../kan-config.js';
import type { Residual } from '../layer-types.js';
import type { FileArray } from '../layer-types.js';

/** The flat-vector order of a KAN layer's arrays: code-point order, bias first (fixtures README §2.5). */
export const KAN_PARAM_ORDER = ['bias', 'c_basis', 'c_ext', 'c_res', 'c_spl'] as const;

/** + silu(x)·c_resᵀ + bias. */
export function addResidualAndBias(y: Tensor, x: Tensor, p: Record<string, Tensor>): Tensor {
  let out = y;
  if (p.c_res) out = add(out, matmul(silu(x), p.c_res, { transposeB: true }));
  if (p.bias) out = add(out, p.bias);
  return out;
}

export const fileArray = (shape: number[], data: ArrayLike<number>): FileArray => ({ shape, data: Array.from(data) });
export const filledArray = (shape: number[], v: number): FileArray => fileArray(shape, new Array(shape.reduce((a, b) => a * b, 1)).fill(v));

/** The optional parts of a new KAN layer: residual 'silu', external weights and bias on by default. */
export function kanLayerDefaults(config: KanConfig): { residual: Residual; externalWeights: boolean; bias: boolean } {
  return {
    residual: config.residual === undefined ? 'silu' : config.residual,
    externalWeights: config.externalWeights ?? true,
    bias: config.bias ?? true,
  };
}

/** Fills c_basis (and c_res) of a new layer with draws from config.init (default: 'default'). */
export function drawKanCoefficients(
  spec: { c_basis: FileArray; c_res: FileArray | null }, shape: InitLayer, config: KanConfig, rng: SeededRandom,
): void {
  const drawn = initLayer(shape, config.init ?? { type: 'default' }, rng);
  spec.c_basis.data = Array.from(drawn.c_basis);
  if (spec.c_res && drawn.c_res) spec.c_res.data = Array.from(drawn.c_res);
}
