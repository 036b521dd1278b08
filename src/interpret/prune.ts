// Pruning a KAN as pykan does: hidden nodes whose incoming or outgoing score is
// under a threshold go, then edges whose score is under another threshold are
// masked off. 'remove' returns a smaller model (the nodes' rows and columns cut
// out of both neighbouring layers); 'mask' keeps every shape and masks the
// removed nodes' edges instead, so the two compute the same function.

import { KanntkError } from '../errors.js';
import { KanModel } from '../kan/model.js';
import type { FileArray, LayerSpec } from '../kan/layer-types.js';
import type { EdgeDecorations, SymbolicEdge } from '../kan/layers/edge-decorations.js';
import { formatFor } from '../kan/model-file.js';
import type { BoundModel } from '../kan/model.js';
import type { HostArray } from '../host-array.js';
import { importanceScores, type LayerScores } from './importance.js';

export interface PruneOptions {
  /** hidden nodes with an incoming or outgoing score under this (or under edgeThreshold) go (default 1e-2, as pykan) */
  nodeThreshold?: number;
  /** edges with a score under this are masked (default 3e-2, as pykan) */
  edgeThreshold?: number;
  /** 'remove' (default): a smaller model; 'mask': the same shapes, removed parts masked */
  mode?: 'remove' | 'mask';
}

export interface PruneResult {
  model: KanModel;
  /** per hidden layer (between layer l and l+1): the kept node indices of the original model */
  keptNodes: number[][];
  /** edges masked for their own score (not counting those of removed nodes) */
  maskedEdges: number;
  scores: LayerScores[];
}

type Spec = LayerSpec & EdgeDecorations & Record<string, unknown>;

/** Keys whose leading two axes are (out, in) — or one flat out·n_in + in axis for 'base' layers' c_basis and grid. */
const EDGE_KEYS = ['c_basis', 'c_spl', 'c_ext', 'c_res', 'edge_mask'];

/** The entries of an edge array for the kept outputs and inputs. */
function takeEdges(a: FileArray, nOut: number, nIn: number, outs: number[], ins: number[], flat: boolean): FileArray {
  const rest = a.data.length / (nOut * nIn);
  const data: number[] = [];
  for (const o of outs) for (const i of ins) for (let r = 0; r < rest; r++) data.push(a.data[(o * nIn + i) * rest + r]);
  const tail = a.shape.slice(flat ? 1 : 2);
  return { shape: flat ? [outs.length * ins.length, ...tail] : [outs.length, ins.length, ...tail], data };
}

/** A layer cut down to the kept output and input indices (KAN layers). */
function cutLayer(spec: Spec, outs: number[], ins: number[]): Spec {
  const { n_in: nIn, n_out: nOut } = spec;
  const out: Spec = { ...spec, n_in: ins.length, n_out: outs.length };
  const flat = spec.type === 'base';
  for (const key of EDGE_KEYS) {
    const a = spec[key] as FileArray | null | undefined;
    if (a) out[key] = takeEdges(a, nOut, nIn, outs, ins, flat && key === 'c_basis');
  }
  const grid = spec.grid as FileArray | undefined;
  if (grid) {
    // 'spline': one knot row per input; 'base': one per edge
    out.grid = flat ? takeEdges(grid, nOut, nIn, outs, ins, true) : takeEdges(grid, 1, nIn, [0], ins, true);
  }
  if (spec.bias) out.bias = { shape: [outs.length], data: outs.map((o) => (spec.bias as FileArray).data[o]) };
  if (spec.symbolic?.length) {
    Object.assign(out, keepSymbolic(spec, (e) => (outs.includes(e.out) && ins.includes(e.in) ? { out: outs.indexOf(e.out), in: ins.indexOf(e.in) } : null)));
  }
  return out;
}

/**
 * The closed-form edges that `place` keeps, at the (out, in) it gives them, with their affine
 * rows; both fields null when none is left.
 */
function keepSymbolic(spec: Spec, place: (e: SymbolicEdge) => { out: number; in: number } | null): Pick<Spec, 'symbolic' | 'symbolic_affine'> {
  const affine = spec.symbolic_affine!.data;
  const kept = (spec.symbolic ?? []).flatMap((e, k) => {
    const at = place(e);
    return at ? [{ edge: { out: at.out, in: at.in, fn: e.fn }, row: affine.slice(4 * k, 4 * k + 4) }] : [];
  });
  if (kept.length === 0) return { symbolic: null, symbolic_affine: null };
  return { symbolic: kept.map((k) => k.edge), symbolic_affine: { shape: [kept.length, 4], data: kept.flatMap((k) => k.row) } };
}

/** The given edges switched off: mask[o·n_in + i] = 0 on top of the layer's own mask, and their closed forms dropped. */
function withMask(spec: Spec, off: (o: number, i: number) => boolean): Spec {
  const { n_in: nIn, n_out: nOut } = spec;
  const out = spec.symbolic?.some((e) => off(e.out, e.in)) ? { ...spec, ...keepSymbolic(spec, (e) => (off(e.out, e.in) ? null : e)) } : spec;
  const old = spec.edge_mask?.data;
  const data = Array.from({ length: nOut * nIn }, (_, e) => (off(Math.floor(e / nIn), e % nIn) ? 0 : old ? old[e] : 1));
  if (!old && data.every((v) => v === 1)) return out;
  return { ...out, edge_mask: { shape: [nOut, nIn], data } };
}

/** Prunes `model` by its scores on inputs x. */
export async function prune(model: BoundModel, x: HostArray, options: PruneOptions = {}): Promise<PruneResult> {
  const nodeTh = options.nodeThreshold ?? 1e-2, edgeTh = options.edgeThreshold ?? 3e-2, mode = options.mode ?? 'remove';
  if (!(nodeTh >= 0) || !(edgeTh >= 0)) throw new KanntkError(`prune: thresholds must be ≥ 0, got node ${nodeTh}, edge ${edgeTh}`);
  if (mode !== 'remove' && mode !== 'mask') throw new KanntkError(`prune: unknown mode '${String(mode)}' (expected remove or mask)`);
  const scores = await importanceScores(model, x);
  const layers = model.model.toJSON().layers as Spec[];
  // the nodes each hidden layer keeps
  // (a node whose edges would all be masked for their own scores goes too: it could not pass anything on)
  const strong = (v: number) => v > nodeTh && v >= edgeTh;
  const keptNodes = layers.slice(0, -1).map((spec, l) =>
    [...Array(spec.n_out).keys()].filter((j) => strong(scores[l].incoming[j]) && strong(scores[l + 1].outgoing[j])));
  keptNodes.forEach((kept, l) => {
    if (kept.length === 0) throw new KanntkError(`prune: no node of hidden layer ${l + 1} has scores above ${nodeTh}: every path through the network would be cut (lower the node threshold)`);
  });
  const all = (n: number) => [...Array(n).keys()];
  let maskedEdges = 0;
  const pruned = layers.map((spec, l) => {
    const outs = l < layers.length - 1 ? keptNodes[l] : all(spec.n_out);
    const ins = l > 0 ? keptNodes[l - 1] : all(spec.n_in);
    const A = scores[l].edges.data;
    const weak = (o: number, i: number) => A[o * spec.n_in + i] < edgeTh;
    for (const o of outs) for (const i of ins) if (weak(o, i) && (!spec.edge_mask || spec.edge_mask.data[o * spec.n_in + i] === 1)) maskedEdges++;
    if (mode === 'mask') return withMask(spec, (o, i) => !outs.includes(o) || !ins.includes(i) || weak(o, i));
    return withMask(cutLayer(spec, outs, ins), (o, i) => weak(outs[o], ins[i]));
  });
  return { model: KanModel.fromJSON({ format: formatFor(pruned), layers: pruned }), keptNodes, maskedEdges, scores };
}
