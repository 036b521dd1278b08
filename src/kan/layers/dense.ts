// Dense (MLP) layer: y = act(x·W + b).

import { add, sub, mul } from '../../graph/ops/arithmetic.js';
import { matmul } from '../../graph/ops/matmul.js';
import { relu, square, step, tanh } from '../../graph/ops/unary.js';
import { TRUNCATED_NORMAL_STD_FACTOR } from '../init.js';

import type { LayerKind } from './layer-kind.js';
import { bindParams, presentArrays } from './bound-layer.js';
import { readArray, readChoice, readInt, readOptionalArray } from './read-layer.js';
import { filledArray, fileArray } from './kan-common.js';
import { biasGram, outerGram } from './gram-blocks.js';
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
    const { spec, params: p } = layer;
    // δ is taken at the layer's output, after the activation: move it before (δ ⊙ act′(z))
    if (spec.activation) {
      const z = p.b ? add(matmul(h, p.W), p.b) : matmul(h, p.W);
      delta = mul(delta, spec.activation === 'relu' ? step(z) : sub(1, square(tanh(z))));
    }
    const K = outerGram(delta, h);
    return p.b ? add(K, biasGram(delta)) : K;
  },
};
