// Spline KAN layers, in two storage flavours of the same mathematics:
//   'spline': one knot row per input (jaxKAN's "efficient" layer),
//   'base':   one knot row per edge (the original KAN layer), row o·n_in+i for edge (o,i);
// y = Σ_i c_spl[o,i]·Σ_m c_basis[o,i,m]·B_m(x_i) + Σ_i c_res[o,i]·silu(x_i) + bias[o].

import type { Backend } from '../../backend/backend.js';
import type { Tensor } from '../../graph/tensor.js';
import { tensor } from '../../graph/ops/create.js';
import { mul } from '../../graph/ops/arithmetic.js';
import { reshape, broadcastTo } from '../../graph/ops/layout.js';
import { matmul } from '../../graph/ops/matmul.js';
import { contractY } from '../../graph/ops/basis-contract.js';
import { bsplineBasis } from '../../graph/ops/bspline.js';
import { sum } from '../../graph/ops/reduce.js';
import { keep } from '../../graph/tape.js';
import { checkKnotRows, uniformKnots } from '../grid.js';
import type { Residual } from '../layer-types.js';
import type { LayerKind } from './layer-kind.js';
import { bindParams, presentArrays, type BoundLayer } from './bound-layer.js';
import { readArray, readInt, readOptionalArray, readResidual, type RawLayer } from './read-layer.js';
import { KAN_PARAM_ORDER, addResidualAndBias, drawKanCoefficients, filledArray, fileArray, kanLayerDefaults } from './kan-common.js';
import { perEdgeGram, residualAndBiasGram, sharedBasisGram } from './gram-blocks.js';
import type { FileArray } from '../layer-types.js';

interface SplineFields {
  n_in: number;
  n_out: number;
  /** spline degree (jaxKAN calls it order) */
  k: number;
  /** number of grid intervals inside the grid range */
  G: number;
  residual: Residual;
  /** [n_out, n_in] external spline weights, or null */
  c_spl: FileArray | null;
  /** [n_out, n_in], present iff residual is not null */
  c_res: FileArray | null;
  /** [n_out] */
  bias: FileArray | null;
}

/** Spline layer: one knot row per input. */
export interface SplineLayerSpec extends SplineFields {
  type: 'spline';
  /** knots [n_in, G+2k+1] */
  grid: FileArray;
  /** [n_out, n_in, G+k] */
  c_basis: FileArray;
}

/** Base layer: one knot row per edge. */
export interface BaseLayerSpec extends SplineFields {
  type: 'base';
  /** knots [n_out*n_in, G+2k+1], row o*n_in+i for edge (o,i) */
  grid: FileArray;
  /** [n_out*n_in, G+k] */
  c_basis: FileArray;
}

declare module '../layer-types.js' {
  interface LayerSpecMap {
    spline: SplineLayerSpec;
    base: BaseLayerSpec;
  }
}

type AnySplineSpec = SplineLayerSpec | BaseLayerSpec;

/** Knot rows of a layer: one per input ('spline') or per edge ('base'). */
const knotRows = (type: AnySplineSpec['type'], n_in: number, n_out: number) => (type === 'spline' ? n_in : n_out * n_in);
const basisShape = (type: AnySplineSpec['type'], n_in: number, n_out: number, nB: number) => (type === 'spline' ? [n_out, n_in, nB] : [n_out * n_in, nB]);

function parseSpline<S extends AnySplineSpec>(type: S['type'], layer: RawLayer): S {
  const n_in = readInt(layer, 'n_in'), n_out = readInt(layer, 'n_out');
  const k = readInt(layer, 'k', 0), G = readInt(layer, 'G');
  const rows = knotRows(type, n_in, n_out);
  const grid = readArray(layer, 'grid', [rows, G + 2 * k + 1]);
  checkKnotRows(grid.data, rows, G + 2 * k + 1, `${layer.where} grid`);
  const { residual, c_res } = readResidual(layer, n_in, n_out);
  const c_basis = readArray(layer, 'c_basis', basisShape(type, n_in, n_out, G + k));
  return {
    type, n_in, n_out, k, G, grid, residual, c_basis,
    c_spl: readOptionalArray(layer, 'c_spl', [n_out, n_in]),
    c_res,
    bias: readOptionalArray(layer, 'bias', [n_out]),
  } as S;
}

/**
 * The same layer from unfused graph ops: the [N, n_in, n_b] basis tensor is
 * materialised and contracted by matmul. Kept as the benchmark baseline of the
 * fused kernel and as an independent check of it.
 */
function unfusedSplineTerm(x: Tensor, W: Tensor, knots: Tensor, spec: AnySplineSpec): Tensor {
  const [n] = x.shape, nB = spec.G + spec.k;
  if (spec.type === 'spline') {
    const B = reshape(bsplineBasis(x, knots, spec.k), [n, spec.n_in * nB]);
    return matmul(B, reshape(W, [spec.n_out, spec.n_in * nB]), { transposeB: true });
  }
  const xEdges = reshape(broadcastTo(reshape(x, [n, 1, spec.n_in]), [n, spec.n_out, spec.n_in]), [n, spec.n_out * spec.n_in]);
  const B = reshape(bsplineBasis(xEdges, knots, spec.k), [n, spec.n_out, spec.n_in, nB]);
  return sum(mul(B, W), [2, 3]);
}

function bindSpline<S extends AnySplineSpec>(backend: Backend, spec: S, fused: boolean): BoundLayer<S> {
  const perEdge = spec.type === 'base';
  const knots = keep(tensor(backend, spec.grid.data, spec.grid.shape, { name: 'grid' }));
  const nBasis = spec.G + spec.k;
  const params = bindParams(backend, spec, presentArrays(spec, KAN_PARAM_ORDER));
  const basis = { kind: 'bspline' as const, knots, k: spec.k, perEdge, deriv: 0 };
  return {
    spec,
    params,
    basis,
    constants: [knots],
    forward(x, p = params) {
      // 'base' stores c_basis as [n_out·n_in, n_b]: the same memory as [n_out, n_in, n_b]
      const cBasis = perEdge ? reshape(p.c_basis, [spec.n_out, spec.n_in, nBasis]) : p.c_basis;
      const W = p.c_spl ? mul(cBasis, reshape(p.c_spl, [spec.n_out, spec.n_in, 1])) : cBasis;
      const y = fused ? contractY(x, W, null, basis) : unfusedSplineTerm(x, W, knots, spec);
      return addResidualAndBias(y, x, p);
    },
  };
}

function splineKind<S extends AnySplineSpec>(type: S['type']): LayerKind<S> {
  return {
    type,
    keyOrder: ['type', 'n_in', 'n_out', 'k', 'G', 'grid', 'residual', 'c_basis', 'c_spl', 'c_res', 'bias'],
    parse: (layer) => parseSpline<S>(type, layer),
    create({ n_in, n_out }, config, rng) {
      const { residual, externalWeights, bias } = kanLayerDefaults(config);
      const G = config.G ?? 5, k = config.k ?? 3;
      const [lo, hi] = config.gridRange ?? [-1, 1];
      const row = Array.from(uniformKnots(G, k, lo, hi));
      const rows = knotRows(type, n_in, n_out);
      const spec = {
        type, n_in, n_out, k, G, residual,
        grid: fileArray([rows, row.length], Array.from({ length: rows }, () => row).flat()),
        c_basis: filledArray(basisShape(type, n_in, n_out, G + k), 0),
        c_spl: externalWeights ? filledArray([n_out, n_in], 1) : null,
        c_res: residual ? filledArray([n_out, n_in], 0) : null,
        bias: bias ? filledArray([n_out], 0) : null,
      } as S;
      drawKanCoefficients(spec, this.initLayer!(spec), config, rng);
      return spec;
    },
    parameterNames: (spec) => presentArrays(spec, KAN_PARAM_ORDER),
    initLayer: (spec) => ({ kind: spec.type, n_in: spec.n_in, n_out: spec.n_out, residual: spec.residual !== null, k: spec.k, G: spec.G, grid: spec.grid.data }),
    bind: (backend, spec, options) => bindSpline(backend, spec, options.fused ?? true),
    ntkGram(layer, h, delta, chunk) {
      const p = layer.params;
      const K = layer.spec.type === 'base'
        ? perEdgeGram(h, delta, p.c_basis, p.c_spl, layer.basis!)
        : sharedBasisGram(h, delta, p.c_basis, p.c_spl, layer.basis!, chunk);
      return residualAndBiasGram(K, p, h, delta);
    },
  };
}

export const splineLayer: LayerKind<SplineLayerSpec> = splineKind<SplineLayerSpec>('spline');
export const baseLayer: LayerKind<BaseLayerSpec> = splineKind<BaseLayerSpec>('base');

/** Whether a layer is of the spline family (has knots, grid updates apply). */
export const isSplineLayer = (spec: { type: string }): spec is AnySplineSpec => spec.type === 'spline' || spec.type === 'base';
