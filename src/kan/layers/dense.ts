// Dense (MLP) layer: y = act(x·W + b).

import { add, sub, mul } from '../../graph/ops/arithmetic.js';
import { matmul } from '../../graph/ops/matmul.js';
import { concat } from '../../graph/ops/layout.js';
import type { Tensor } from '../../graph/tensor.js';
import { relu, square, step, tanh } from '../../graph/ops/unary.js';
import { TRUNCATED_NORMAL_STD_FACTOR } from '../init.js';

import type { LayerKind } from './layer-kind.js';
import { bindParams, presentArrays } from './bound-layer.js';
import { readArray, readChoice, readInt, readOptionalArray } from './read-layer.js';
import { filledArray, fileArray } from './kan-common.js';
import type { FileArray } from '../layer-types.js';

export type DenseActivation = 'relu' | 'tanh' | null;

/** Plain MLP layer y = act(x·W + b). */
export interface DenseLayerSpec {
  type: 'dense';
  n_in: number;
  n_out: number;
  activation: DenseActivation;
  /** [n_in, n_out] */
  W: FileArray;
  /** [n_out] */
  b: FileArray | null;
}

declare module '../layer-types.js' {
  interface LayerSpecMap {
    dense: DenseLayerSpec;
  }
}

const PARAM_ORDER = ['b', 'W'] as const;

export const denseLayer: LayerKind<DenseLayerSpec> = {
  type: 'dense',
  keyOrder: ['type', 'n_in', 'n_out', 'activation', 'W', 'b'],

  parse(layer) {
    const n_in = readInt(layer, 'n_in'), n_out = readInt(layer, 'n_out');
    const activation = readChoice<DenseActivation>(layer, 'activation', ['relu', 'tanh', null]);
    return { type: 'dense', n_in, n_out, activation, W: readArray(layer, 'W', [n_in, n_out]), b: readOptionalArray(layer, 'b', [n_out]) };
  },

  create({ n_in, n_out, last }, config, rng) {
    // default: flax's kernel init, variance 1/fan_in; init 'glorot': variance 2/(fan_in + fan_out) (the
    // research's MLPs), from a normal truncated at ±2 rescaled to that std (jax's glorot_normal), or
    // with distribution 'uniform' from U(±√(6/(fan_in + fan_out))) (glorot_uniform)
    const glorot = config.init?.type === 'glorot';
    const uniform = glorot && (config.init as { distribution?: string | null }).distribution === 'uniform';
    const variance = glorot ? 2 / (n_in + n_out) : 1 / n_in;
    const W = uniform
      ? Float64Array.from({ length: n_in * n_out }, () => Math.sqrt(3 * variance) * (2 * rng.next() - 1))
      : Float64Array.from({ length: n_in * n_out }, () => (Math.sqrt(variance) / TRUNCATED_NORMAL_STD_FACTOR) * rng.truncatedNormal(2));
    const activation = last ? null : config.activation ?? 'tanh';
    return { type: 'dense', n_in, n_out, activation, W: fileArray([n_in, n_out], W), b: (config.bias ?? true) ? filledArray([n_out], 0) : null };
  },

  parameterNames: (spec) => presentArrays(spec, PARAM_ORDER),

  bind(backend, spec) {
    const params = bindParams(backend, spec, presentArrays(spec, PARAM_ORDER));
    return {
      spec,
      params,
      constants: [],
      forward(x, p = params) {
        let y = matmul(x, p.W);
        if (p.b) y = add(y, p.b);
        if (spec.activation === 'relu') return relu(y);
        if (spec.activation === 'tanh') return tanh(y);
        return y;
      },
    };
  },

  ntkGram(layer, h, delta) {
    return denseGram(layer.spec, layer.params, h, [delta]);
  },

  ntkGramSum(layer, h, deltas) {
    return denseGram(layer.spec, layer.params, h, deltas);
  },
};

/** Outputs whose sensitivities are stacked into one product, so the stacked δ stays near 4 MiB of f64 per point block. */
const STACK_COLUMNS = 2048;

/**
 * Σ_c (δ_c·δ_cᵀ) ⊙ (h·hᵀ + 1) (the W block, plus the bias block δδᵀ when there is a bias), with
 * δ_c moved before the activation: h·hᵀ is formed once, and the δ_c are stacked side by side so
 * that Σ_c δ_c·δ_cᵀ is one product [n, C·n_out]·[C·n_out, n].
 */
function denseGram(spec: DenseLayerSpec, p: Record<string, Tensor>, h: Tensor, deltas: Tensor[]): Tensor {
  // δ is taken at the layer's output, after the activation: move it before (δ ⊙ act′(z))
  let slope: Tensor | null = null;
  if (spec.activation) {
    const z = p.b ? add(matmul(h, p.W), p.b) : matmul(h, p.W);
    slope = spec.activation === 'relu' ? step(z) : sub(1, square(tanh(z)));
  }
  const group = Math.max(1, Math.floor(STACK_COLUMNS / spec.n_out));
  let dd: Tensor | null = null;
  for (let c0 = 0; c0 < deltas.length; c0 += group) {
    const part = deltas.slice(c0, c0 + group).map((d) => (slope ? mul(d, slope) : d));
    const D = part.length === 1 ? part[0] : concat(part, 1);
    const g = matmul(D, D, { transposeB: true });
    dd = dd ? add(dd, g) : g;
  }
  const hh = matmul(h, h, { transposeB: true });
  return mul(dd!, p.b ? add(hh, 1) : hh);
}
