// What the interpretable workflow adds to a KAN layer (spline, base, chebyshev),
// stored in kan-model/2 files:
//   edge_mask [n_out, n_in]      1 keeps an edge's numeric branch, 0 removes it
//                                 (pruned, or replaced by a closed form);
//   symbolic [{out, in, fn}]     closed-form edges φ_oi(x) = c·f(a·x + b) + d,
//   symbolic_affine [n_sym, 4]   their (a, b, c, d), trainable (last in the
//                                 layer's flat order: code-point order, as the rest).
// The layer computes mask ⊙ (its numeric edges) + its symbolic edges.

import type { Tensor } from '../../graph/tensor.js';
import { add, mul } from '../../graph/ops/arithmetic.js';
import { concat, reshape, slice } from '../../graph/ops/layout.js';
import { tensor } from '../../graph/ops/create.js';
import { keep } from '../../graph/tape.js';
import type { Backend } from '../../backend/backend.js';
import type { FileArray, LayerSpec } from '../layer-types.js';
import type { BoundLayer } from './bound-layer.js';
import { fail, readOptionalArray, type RawLayer } from './read-layer.js';
import { symbolicFunction, SYMBOLIC_FUNCTIONS, SYMBOLIC_NAMES } from '../symbolic-functions.js';

export interface SymbolicEdge {
  out: number;
  in: number;
  /** a name in the symbolic library (symbolic-functions.ts) */
  fn: string;
}

export interface EdgeDecorations {
  edge_mask?: FileArray | null;
  symbolic?: SymbolicEdge[] | null;
  symbolic_affine?: FileArray | null;
}

export const DECORATION_KEYS = ['edge_mask', 'symbolic', 'symbolic_affine'] as const;

const fields = (spec: LayerSpec) => spec as unknown as EdgeDecorations;

/** Whether a layer carries a mask or closed-form edges (so needs kan-model/2). */
export function isDecorated(spec: LayerSpec): boolean {
  const d = fields(spec);
  return d.edge_mask != null || (d.symbolic != null && d.symbolic.length > 0);
}

/** Reads the decorations of a layer file entry (absent: none); checks them against the layer's size. */
export function readDecorations(layer: RawLayer, n_in: number, n_out: number): EdgeDecorations {
  const edge_mask = readOptionalArray(layer, 'edge_mask', [n_out, n_in]);
  if (edge_mask && edge_mask.data.some((v) => v !== 0 && v !== 1)) fail(layer, "'edge_mask' values must be 0 or 1");
  const raw = layer.raw.symbolic;
  if (raw === undefined || raw === null) {
    if (layer.raw.symbolic_affine != null) fail(layer, "'symbolic_affine' is given without 'symbolic'");
    return edge_mask ? { edge_mask } : {};
  }
  if (!Array.isArray(raw)) fail(layer, "'symbolic' must be a list of {out, in, fn}");
  const seen = new Set<string>();
  const symbolic = raw.map((e, k) => {
    const edge = e as Record<string, unknown>;
    if (typeof edge !== 'object' || edge === null) fail(layer, `symbolic[${k}] must be {out, in, fn}`);
    const o = edge.out, i = edge.in;
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || o >= n_out) fail(layer, `symbolic[${k}].out must be an output index below ${n_out}, got ${JSON.stringify(o)}`);
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n_in) fail(layer, `symbolic[${k}].in must be an input index below ${n_in}, got ${JSON.stringify(i)}`);
    if (typeof edge.fn !== 'string' || !(edge.fn in SYMBOLIC_FUNCTIONS)) fail(layer, `symbolic[${k}].fn: unknown function ${JSON.stringify(edge.fn)} (library: ${SYMBOLIC_NAMES.join(', ')})`);
    if (seen.has(`${o},${i}`)) fail(layer, `symbolic[${k}]: edge (out ${o}, in ${i}) is listed twice`);
    seen.add(`${o},${i}`);
    return { out: o as number, in: i as number, fn: edge.fn as string };
  });
  const symbolic_affine = readOptionalArray(layer, 'symbolic_affine', [symbolic.length, 4]);
  if (!symbolic_affine) fail(layer, "'symbolic_affine' [n_sym, 4] is missing");
  return { ...(edge_mask ? { edge_mask } : {}), symbolic, symbolic_affine };
}

/** The decorations' trainable arrays, after the layer's own (code-point order). */
export const decorationParameterNames = (spec: LayerSpec): string[] => (fields(spec).symbolic?.length ? ['symbolic_affine'] : []);

/** Each closed-form edge's values c·f(a·x_in + b) + d at x [N, n_in], as [N, 1] tensors in the order of `edges`. */
export function symbolicEdgeValues(x: Tensor, affine: Tensor, edges: readonly SymbolicEdge[]): Tensor[] {
  const n = x.shape[0];
  return edges.map((e, k) => {
    const coef = (j: number) => slice(affine, [k, j], [1, 1]);
    const u = add(mul(slice(x, [0, e.in], [n, 1]), coef(0)), coef(1));
    return add(mul(symbolicFunction(e.fn).graph(u), coef(2)), coef(3));
  });
}

/** Σ over the symbolic edges of their values, placed in their output columns: [N, n_out]. */
function symbolicTerm(x: Tensor, affine: Tensor, edges: SymbolicEdge[], nOut: number): Tensor {
  const n = x.shape[0];
  const columns: (Tensor | null)[] = new Array(nOut).fill(null);
  symbolicEdgeValues(x, affine, edges).forEach((y, k) => {
    const o = edges[k].out;
    columns[o] = columns[o] ? add(columns[o]!, y) : y;
  });
  const zero = tensor(x.backend, new Float64Array(n), [n, 1]);
  return concat(columns.map((c) => c ?? zero), 1);
}

/**
 * The bound layer with its decorations: the numeric parameters are masked before the layer's
 * own forward (so gradients of removed edges are zero), the symbolic edges added after it.
 */
export function decorateBound(bound: BoundLayer, backend: Backend): BoundLayer {
  const spec = bound.spec, d = fields(spec);
  const mask = d.edge_mask ? keep(tensor(backend, d.edge_mask.data, d.edge_mask.shape, { name: 'edge_mask' })) : null;
  const params = { ...bound.params };
  if (d.symbolic_affine) params.symbolic_affine = keep(tensor(backend, d.symbolic_affine.data, d.symbolic_affine.shape, { name: 'symbolic_affine' }));
  const { n_in, n_out } = spec;
  const masked = (p: Record<string, Tensor>): Record<string, Tensor> => {
    if (!mask) return p;
    const out = { ...p };
    const cb = p.c_basis;
    // c_basis is [n_out, n_in, nB] ('spline', 'chebyshev') or [n_out·n_in, nB] ('base')
    out.c_basis = mul(cb, reshape(mask, cb.rank === 3 ? [n_out, n_in, 1] : [n_out * n_in, 1]));
    if (p.c_res) out.c_res = mul(p.c_res, mask);
    return out;
  };
  return {
    spec,
    params,
    constants: [...bound.constants, ...(mask ? [mask] : [])],
    basis: bound.basis,
    forward(x, p = params) {
      const y = bound.forward(x, masked(p));
      return d.symbolic?.length ? add(y, symbolicTerm(x, p.symbolic_affine, d.symbolic, n_out)) : y;
    },
  };
}
