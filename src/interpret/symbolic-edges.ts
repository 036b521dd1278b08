// Replacing KAN edges by closed forms (pykan's fix_symbolic / auto_symbolic):
// each edge's samples (its layer input, its value φ_oi) on some data are fitted
// by c·f(a·x + b) + d for the functions of a library; the edge's numeric branch
// is then masked off and the closed form takes its place (kan-model/2), with
// (a, b, c, d) trainable for further tuning.

import { KanntkError } from '../errors.js';
import { tensor } from '../graph/ops/create.js';
import { tidy } from '../graph/tape.js';
import { KanModel, type BoundModel } from '../kan/model.js';
import type { LayerSpec } from '../kan/layer-types.js';
import type { EdgeDecorations } from '../kan/layers/edge-decorations.js';
import { formatFor } from '../kan/model-file.js';
import { symbolicFunction, SYMBOLIC_NAMES } from '../kan/symbolic-functions.js';
import type { HostArray } from '../host-array.js';
import { edgeActivations } from './edge-activations.js';
import { fitAffine, type AffineFit, type FitOptions } from './symbolic-fit.js';

export interface EdgeRef {
  layer: number;
  out: number;
  in: number;
}

export interface SymbolicChoice extends EdgeRef, AffineFit {
  fn: string;
}

type Spec = LayerSpec & EdgeDecorations;

/** Per layer: its inputs [N, n_in] and edge values [N, n_out, n_in] on x, on the host. */
async function layerSamples(model: BoundModel, x: HostArray): Promise<{ input: Float64Array; phi: Float64Array; n: number; nIn: number; nOut: number }[]> {
  return tidy(async () => Promise.all(edgeActivations(model, tensor(model.backend, x.data, x.shape, { name: 'x' })).map(async ({ input, phi }) => ({
    input: await input.data(), phi: await phi.data(), n: input.shape[0], nIn: input.shape[1], nOut: phi.shape[1],
  }))));
}

/** Whether an edge still has its numeric branch (not masked off, not already closed-form). */
function isNumeric(spec: Spec, o: number, i: number): boolean {
  if (spec.edge_mask && spec.edge_mask.data[o * spec.n_in + i] === 0) return false;
  return !(spec.symbolic ?? []).some((e) => e.out === o && e.in === i);
}

/** The layers with the given edges turned closed-form. */
function withSymbolic(model: KanModel, choices: SymbolicChoice[]): KanModel {
  const layers = model.toJSON().layers as Spec[];
  for (const c of choices) {
    const spec = layers[c.layer];
    const mask = spec.edge_mask ? [...spec.edge_mask.data] : new Array(spec.n_out * spec.n_in).fill(1);
    mask[c.out * spec.n_in + c.in] = 0;
    spec.edge_mask = { shape: [spec.n_out, spec.n_in], data: mask };
    spec.symbolic = [...(spec.symbolic ?? []), { out: c.out, in: c.in, fn: c.fn }];
    spec.symbolic_affine = { shape: [spec.symbolic.length, 4], data: [...(spec.symbolic_affine?.data ?? []), c.a, c.b, c.c, c.d] };
  }
  return KanModel.fromJSON({ format: formatFor(layers), layers });
}

function checkEdge(model: KanModel, e: EdgeRef): Spec {
  const spec = model.layers[e.layer] as Spec | undefined;
  if (!spec) throw new KanntkError(`symbolic: layer ${e.layer} does not exist (the model has ${model.layers.length})`);
  if (!Number.isInteger(e.out) || e.out < 0 || e.out >= spec.n_out || !Number.isInteger(e.in) || e.in < 0 || e.in >= spec.n_in) {
    throw new KanntkError(`symbolic: layer ${e.layer} has edges out 0…${spec.n_out - 1}, in 0…${spec.n_in - 1}; got out ${e.out}, in ${e.in}`);
  }
  if (!isNumeric(spec, e.out, e.in)) throw new KanntkError(`symbolic: edge (layer ${e.layer}, out ${e.out}, in ${e.in}) is masked or closed-form already`);
  return spec;
}

/** Fits `fn` to one edge on x and makes it closed-form (pykan's fix_symbolic). */
export async function fixSymbolic(model: BoundModel, x: HostArray, edge: EdgeRef & { fn: string }, options: FitOptions = {}): Promise<{ model: KanModel; choice: SymbolicChoice }> {
  checkEdge(model.model, edge);
  const f = symbolicFunction(edge.fn);
  const s = (await layerSamples(model, x))[edge.layer];
  const xs = Float64Array.from({ length: s.n }, (_, a) => s.input[a * s.nIn + edge.in]);
  const ys = Float64Array.from({ length: s.n }, (_, a) => s.phi[(a * s.nOut + edge.out) * s.nIn + edge.in]);
  const choice = { layer: edge.layer, out: edge.out, in: edge.in, fn: f.name, ...fitAffine(f, xs, ys, options) };
  return { model: withSymbolic(model.model, [choice]), choice };
}

export interface AutoSymbolicOptions extends FitOptions {
  /** the functions to try (default: the whole library) */
  library?: readonly string[];
  /** the weight of simplicity against fit quality, in [0, 1] (default 0.8, as pykan) */
  weightSimple?: number;
  /** edges whose best R² stays under this keep their numeric branch (default: none kept) */
  r2Threshold?: number;
}

/**
 * pykan's choice between fits: minimise (1 − w)·log2(1 + 1e-5 − R²) + w·complexity, so a simpler
 * function wins unless a more complex one fits clearly better.
 */
export function choiceScore(r2: number, complexity: number, weightSimple: number): number {
  return (1 - weightSimple) * Math.log2(1 + 1e-5 - Math.min(r2, 1)) + weightSimple * complexity;
}

/** Every numeric edge made closed-form with its best function from the library (pykan's auto_symbolic). */
export async function autoSymbolic(model: BoundModel, x: HostArray, options: AutoSymbolicOptions = {}): Promise<{ model: KanModel; choices: SymbolicChoice[]; kept: EdgeRef[] }> {
  const library = (options.library ?? SYMBOLIC_NAMES).map((name) => symbolicFunction(name));
  if (library.length === 0) throw new KanntkError('autoSymbolic: the library is empty');
  const w = options.weightSimple ?? 0.8;
  if (!(w >= 0 && w <= 1)) throw new KanntkError(`autoSymbolic: weightSimple must be in [0, 1], got ${w}`);
  const samples = await layerSamples(model, x);
  const choices: SymbolicChoice[] = [], kept: EdgeRef[] = [];
  model.model.layers.forEach((spec, l) => {
    const s = samples[l];
    for (let o = 0; o < spec.n_out; o++) for (let i = 0; i < spec.n_in; i++) {
      if (!isNumeric(spec as Spec, o, i)) continue;
      const xs = Float64Array.from({ length: s.n }, (_, a) => s.input[a * s.nIn + i]);
      const ys = Float64Array.from({ length: s.n }, (_, a) => s.phi[(a * s.nOut + o) * s.nIn + i]);
      let best: SymbolicChoice | null = null, bestScore = Infinity;
      for (const f of library) {
        const fit = fitAffine(f, xs, ys, options);
        if (fit.r2 === -Infinity) continue;
        const score = choiceScore(fit.r2, f.complexity, w);
        if (score < bestScore) [best, bestScore] = [{ layer: l, out: o, in: i, fn: f.name, ...fit }, score];
      }
      if (best && best.r2 >= (options.r2Threshold ?? -Infinity)) choices.push(best);
      else kept.push({ layer: l, out: o, in: i });
    }
  });
  return { model: withSymbolic(model.model, choices), choices, kept };
}
