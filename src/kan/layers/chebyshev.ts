// Chebyshev KAN layer: y = Σ_i c_ext[o,i]·Σ_d c_basis[o,i,·]·T_d(tanh x_i) + residual + bias,
// with T_0 dropped when there is a bias (fixtures README §2.3).

import type { Tensor } from '../../graph/tensor.js';
import { tensor } from '../../graph/ops/create.js';
import { mul } from '../../graph/ops/arithmetic.js';
import { reshape } from '../../graph/ops/layout.js';
import { contractY } from '../../graph/ops/basis-contract.js';
import { keep } from '../../graph/tape.js';
import { chebyshevTable } from '../chebyshev-table.js';
import type { Residual } from '../layer-types.js';
import type { LayerKind } from './layer-kind.js';
import { bindParams, presentArrays } from './bound-layer.js';
import { fail, readArray, readInt, readOptionalArray, readResidual } from './read-layer.js';
import { KAN_PARAM_ORDER, addResidualAndBias, drawKanCoefficients, filledArray, kanLayerDefaults } from './kan-common.js';
import { residualAndBiasGram, sharedBasisGram } from './gram-blocks.js';
import type { FileArray } from '../layer-types.js';

/** Chebyshev layer on tanh-squashed inputs. */
export interface ChebyshevLayerSpec {
  type: 'chebyshev';
  n_in: number;
  n_out: number;
  /** maximal polynomial degree */
  D: number;
  flavor: 'exact';
  residual: Residual;
  /** [n_out, n_in, D] with a bias (T_1..T_D), else [n_out, n_in, D+1] (T_0..T_D) */
  c_basis: FileArray;
  c_ext: FileArray | null;
  c_res: FileArray | null;
  bias: FileArray | null;
}

declare module '../layer-types.js' {
  interface LayerSpecMap {
    chebyshev: ChebyshevLayerSpec;
  }
}

export const chebyshevLayer: LayerKind<ChebyshevLayerSpec> = {
  type: 'chebyshev',
  keyOrder: ['type', 'n_in', 'n_out', 'D', 'flavor', 'residual', 'c_basis', 'c_ext', 'c_res', 'bias'],

  parse(layer) {
    const n_in = readInt(layer, 'n_in'), n_out = readInt(layer, 'n_out');
    const D = readInt(layer, 'D');
    if ((layer.raw.flavor ?? 'exact') !== 'exact') fail(layer, `unsupported Chebyshev flavor '${layer.raw.flavor}' (supported: "exact")`);
    const { residual, c_res } = readResidual(layer, n_in, n_out);
    const bias = readOptionalArray(layer, 'bias', [n_out]);
    return {
      type: 'chebyshev', n_in, n_out, D, flavor: 'exact', residual,
      c_basis: readArray(layer, 'c_basis', [n_out, n_in, bias ? D : D + 1]),
      c_ext: readOptionalArray(layer, 'c_ext', [n_out, n_in]),
      c_res, bias,
    };
  },

  create({ n_in, n_out }, config, rng) {
    const { residual, externalWeights, bias } = kanLayerDefaults(config);
    const D = config.D ?? 5;
    const spec: ChebyshevLayerSpec = {
      type: 'chebyshev', n_in, n_out, D, flavor: 'exact', residual,
      c_basis: filledArray([n_out, n_in, bias ? D : D + 1], 0),
      c_ext: externalWeights ? filledArray([n_out, n_in], 1) : null,
      c_res: residual ? filledArray([n_out, n_in], 0) : null,
      bias: bias ? filledArray([n_out], 0) : null,
    };
    drawKanCoefficients(spec, this.initLayer!(spec), config, rng);
    return spec;
  },

  parameterNames: (spec) => presentArrays(spec, KAN_PARAM_ORDER),

  initLayer: (spec) => ({ kind: 'chebyshev', n_in: spec.n_in, n_out: spec.n_out, residual: spec.residual !== null, D: spec.D, dropT0: spec.bias !== null }),

  bind(backend, spec) {
    const offset = spec.bias ? 1 : 0;
    const constants: Tensor[] = [];
    const tables = new Map<number, Tensor>();
    // tables of the d-th x-derivative, made on first use (PDE residuals ask for d = 1, 2, 3…)
    const table = (deriv: number): Tensor => {
      let t = tables.get(deriv);
      if (!t) {
        const { data, shape } = chebyshevTable(spec.D, offset, deriv);
        t = keep(tensor(backend, data, shape, { name: 'chebyshev table' }));
        tables.set(deriv, t);
        constants.push(t);
      }
      return t;
    };
    const params = bindParams(backend, spec, presentArrays(spec, KAN_PARAM_ORDER));
    const basis = { kind: 'tanhPoly' as const, table, nBasis: spec.D + 1 - offset, deriv: 0 };
    return {
      spec,
      params,
      basis,
      constants,
      forward(x, p = params) {
        const W = p.c_ext ? mul(p.c_basis, reshape(p.c_ext, [spec.n_out, spec.n_in, 1])) : p.c_basis;
        const y = contractY(x, W, null, basis);
        return addResidualAndBias(y, x, p);
      },
    };
  },

  ntkGram(layer, h, delta, chunk) {
    const p = layer.params;
    return residualAndBiasGram(sharedBasisGram(h, delta, p.c_basis, p.c_ext, layer.basis!, chunk), p, h, delta);
  },
};
