// Data-adaptive grid update and grid extension of spline KAN layers ('spline'
// and 'base', fixtures README §2.1–2.2), following jaxKAN's update_grid:
//
// 1. For each input i, sort the samples X[:, i]. The adaptive grid is the G_new+1
//    sample quantiles x_(⌊N·j/G_new⌋), j = 0..G_new−1, plus the maximum; the
//    uniform grid is j·step + min − margin, step = (max − min + 2·margin)/G_new
//    (its last point taken as max + margin exactly).
//    The interior grid is grid_e·uniform + (1 − grid_e)·adaptive (evaluated as
//    adaptive + grid_e·(uniform − adaptive), so t_k = min and t_{G+k} = max exactly).
// 2. It is extended by k knots on each side with spacing h = (last − first)/G_new.
// 3. Each edge's spline part φ_oi(x) = Σ_m c_basis[o,i,m]·B_m(x; old knots) is
//    evaluated at the samples and refitted on the new knots by least squares
//    (least-squares.ts: Householder QR with a tiny relative ridge). The new design
//    matrix depends only on the input i, so one factorisation per input serves all
//    outputs o (for 'base' layers too: every edge of input i gets the same new row).
// c_spl, c_res and bias are unchanged; the input layer is not mutated.
//
// Differences from jaxKAN, on purpose:
// * quantile positions use exact integer arithmetic ⌊N·j/G_new⌋; jaxKAN computes
//   (N/G_new)·j in floating point, which can land one index lower (e.g. N=26,
//   G_new=46, j=23);
// * margin defaults to 0 (a uniform grid exactly over [min, max]); jaxKAN's
//   SplineGrid adds margin = 0.01 on each side — pass { margin: 0.01 } for that;
// * jaxKAN's refit is a minimum-norm lstsq (SVD); here a ridge of 1e-14·‖A‖²_F
//   plays that role (see least-squares.ts);
// * an input whose samples are all equal has no range to put a grid on (jaxKAN
//   would produce NaN knots): its rows are regridded as by extendGrid, uniformly
//   over their current range [t_k, t_{G+k}], with the function preserved there.

import { KanntkError } from '../errors.js';
import { bsplineBasis } from './bspline-host.js';
import { checkKnotRows, uniformKnots } from './grid.js';

import type { BaseLayerSpec, SplineLayerSpec } from './layers/spline.js';
import { DEFAULT_RIDGE, solveLeastSquares } from '../math/least-squares.js';
import type { FileArray } from './layer-types.js';

export type SplineKanLayer = SplineLayerSpec | BaseLayerSpec;

export interface GridInputs {
  /** row-major [N, n_in] */
  data: ArrayLike<number>;
  shape: [number, number];
}

export interface GridUpdateOptions {
  /** new number of grid intervals (default: the layer's G; larger = grid extension) */
  G?: number;
  /** mixing weight of the uniform grid, in [0, 1] (default 0.05, as jaxKAN) */
  gridE?: number;
  /** widening of the uniform grid beyond [min, max] on each side (default 0; jaxKAN's SplineGrid uses 0.01) */
  margin?: number;
  /** relative ridge of the least-squares refit (default DEFAULT_RIDGE = 1e-14) */
  ridge?: number;
}

export interface GridExtendOptions {
  /** relative ridge of the least-squares refit (default DEFAULT_RIDGE = 1e-14) */
  ridge?: number;
}

export const DEFAULT_GRID_E = 0.05;

/**
 * Adapts the layer's knots to the distribution of its inputs (a batch X [N, n_in]
 * of this layer's inputs, i.e. the previous layer's outputs for hidden layers) and
 * refits c_basis so that each edge's spline is preserved at the samples. Returns a
 * new layer spec with G, grid and c_basis replaced.
 */
export function updateGrid(layer: SplineKanLayer, inputs: GridInputs, options: GridUpdateOptions = {}): SplineKanLayer {
  checkLayer(layer, 'updateGrid');
  const { n_in, n_out, k } = layer;
  const Gnew = options.G ?? layer.G;
  const gridE = options.gridE ?? DEFAULT_GRID_E;
  const margin = options.margin ?? 0;
  const ridge = options.ridge ?? DEFAULT_RIDGE;
  checkG(Gnew, 'updateGrid');
  if (!(gridE >= 0 && gridE <= 1)) throw new KanntkError(`updateGrid: gridE = ${gridE} must lie in [0, 1] (jaxKAN's grid_e)`);
  if (!(margin >= 0) || !Number.isFinite(margin)) throw new KanntkError(`updateGrid: margin=${margin} must be finite and ≥ 0`);

  if (!inputs || !Array.isArray(inputs.shape) || inputs.shape.length !== 2) {
    throw new KanntkError(`updateGrid: inputs must be a matrix {data, shape: [N, n_in]}`);
  }
  const [N, width] = inputs.shape;
  if (width !== n_in) throw new KanntkError(`updateGrid: inputs have width ${width}, the layer has n_in=${n_in}`);
  if (!Number.isInteger(N) || N < 0) throw new KanntkError(`updateGrid: sample count N=${N} must be a non-negative integer`);
  if (inputs.data.length !== N * n_in) {
    throw new KanntkError(`updateGrid: inputs.data has ${inputs.data.length} entries, shape [${N}, ${n_in}] needs ${N * n_in}`);
  }
  const nbNew = Gnew + k;
  if (N < nbNew) {
    throw new KanntkError(`updateGrid: ${N} samples are fewer than the ${nbNew} coefficients per edge (G_new + k = ${Gnew} + ${k}) they must determine`);
  }
  for (let p = 0; p < N * n_in; p++) {
    const v = inputs.data[p];
    if (!Number.isFinite(v)) throw new KanntkError(`updateGrid: input [${Math.floor(p / n_in)}, ${p % n_in}] is ${v}`);
  }

  const perEdge = layer.type === 'base';
  const nKnotsOld = layer.G + 2 * k + 1;
  const nKnotsNew = Gnew + 2 * k + 1;
  const newGrid = new Float64Array((perEdge ? n_out * n_in : n_in) * nKnotsNew);
  const newCoef = new Float64Array(n_out * n_in * nbNew);
  const oldGrid = layer.grid.data;

  for (let i = 0; i < n_in; i++) {
    const xs = new Float64Array(N);
    for (let n = 0; n < N; n++) xs[n] = inputs.data[n * n_in + i];
    const sorted = Float64Array.from(xs).sort();
    const edgeRows = Array.from({ length: n_out }, (_, o) => o * n_in + i);
    if (sorted[N - 1] === sorted[0]) {
      // no spread: regrid these rows uniformly over their current range (as extendGrid)
      const groups = groupByKnotRow(edgeRows, (r) => (perEdge ? r : i), oldGrid, nKnotsOld);
      for (const g of groups) {
        const row = extendedRow(g.knots, layer.G, Gnew, k);
        const coefs = refit(layer, g.knots, g.rows, row, rangeSamples(row, Gnew, layer.G, k), ridge, `updateGrid (input ${i})`);
        writeRows(newGrid, newCoef, perEdge ? g.rows : [i], g.rows, row, coefs, nKnotsNew, nbNew);
      }
      continue;
    }
    const row = adaptiveKnots(sorted, Gnew, k, gridE, margin, i);
    // old knots: one row per input ('spline'), or per edge ('base', grouped by content)
    const groups = groupByKnotRow(edgeRows, (r) => (perEdge ? r : i), oldGrid, nKnotsOld);
    const coefs = refitGroups(layer, groups, row, xs, ridge, `updateGrid (input ${i})`);
    writeRows(newGrid, newCoef, perEdge ? edgeRows : [i], groups.flatMap((g) => g.rows), row, coefs, nKnotsNew, nbNew);
  }
  return withGrid(layer, Gnew, newGrid, newCoef);
}

/**
 * Grid extension without data: every knot row gets G_new uniform intervals over
 * its current range [t_k, t_{G+k}], and c_basis is refitted by least squares on
 * 8·(k+1)·max(G, G_new)+1 evenly spaced points of that range. When G_new is a
 * multiple of G the old spline is exactly representable and is reproduced up to
 * round-off; otherwise this is the least-squares approximation on the range.
 */
export function extendGrid(layer: SplineKanLayer, G_new: number, options: GridExtendOptions = {}): SplineKanLayer {
  checkLayer(layer, 'extendGrid');
  checkG(G_new, 'extendGrid');
  const { n_in, n_out, k } = layer;
  const ridge = options.ridge ?? DEFAULT_RIDGE;
  const perEdge = layer.type === 'base';
  const nKnotsOld = layer.G + 2 * k + 1;
  const nKnotsNew = G_new + 2 * k + 1;
  const nbNew = G_new + k;
  const newGrid = new Float64Array((perEdge ? n_out * n_in : n_in) * nKnotsNew);
  const newCoef = new Float64Array(n_out * n_in * nbNew);
  const allRows = Array.from({ length: n_out * n_in }, (_, r) => r);
  // edges with identical old knot rows share the new row, the samples and the factorisation
  const groups = groupByKnotRow(allRows, (r) => (perEdge ? r : r % n_in), layer.grid.data, nKnotsOld);
  for (const g of groups) {
    const row = extendedRow(g.knots, layer.G, G_new, k);
    const coefs = refit(layer, g.knots, g.rows, row, rangeSamples(row, G_new, layer.G, k), ridge, 'extendGrid');
    const gridRows = perEdge ? g.rows : [...new Set(g.rows.map((r) => r % n_in))];
    writeRows(newGrid, newCoef, gridRows, g.rows, row, coefs, nKnotsNew, nbNew);
  }
  return withGrid(layer, G_new, newGrid, newCoef);
}

/**
 * The G+2k+1 knots of the data-adaptive grid for one input, from its sorted
 * samples (step 1 and 2 of updateGrid). Exported for tests and callers that
 * only want the knots.
 */
export function adaptiveKnots(sorted: ArrayLike<number>, G: number, k: number, gridE: number, margin = 0, input = 0): Float64Array {
  const N = sorted.length;
  const lo = sorted[0];
  const hi = sorted[N - 1];
  const step = (hi - lo + 2 * margin) / G;
  const interior = new Float64Array(G + 1);
  for (let j = 0; j <= G; j++) {
    const adaptive = j < G ? sorted[Math.floor((N * j) / G)] : hi;
    const uniform = j < G ? j * step + lo - margin : hi + margin;
    // = grid_e·uniform + (1 − grid_e)·adaptive, written so that equal parts (the minimum and,
    // without margin, the maximum) come out exactly
    interior[j] = adaptive + gridE * (uniform - adaptive);
  }
  const h = (interior[G] - interior[0]) / G;
  const row = new Float64Array(G + 2 * k + 1);
  for (let j = 0; j < k; j++) row[j] = interior[0] - h * (k - j);
  row.set(interior, k);
  for (let j = 1; j <= k; j++) row[G + k + j] = interior[G] + h * j;
  for (let j = 1; j < row.length; j++) {
    if (!(row[j] > row[j - 1])) {
      throw new KanntkError(
        `updateGrid: the new knots of input ${input} are not strictly increasing (knot ${j} = ${row[j]} after ${row[j - 1]}): ` +
          `repeated sample quantiles with gridE = ${gridE}; use gridE > 0 or more distinct samples`,
      );
    }
  }
  return row;
}

// ---------------------------------------------------------------------------

interface KnotGroup {
  knots: Float64Array;
  /** c_basis rows r = o·n_in + i that use these old knots */
  rows: number[];
}

function groupByKnotRow(rows: number[], gridRowOf: (r: number) => number, grid: ArrayLike<number>, nKnots: number): KnotGroup[] {
  const byKey = new Map<string, KnotGroup>();
  for (const r of rows) {
    const g = gridRowOf(r);
    const knots = Float64Array.from({ length: nKnots }, (_, j) => grid[g * nKnots + j]);
    const key = Array.from(knots).join(',');
    const group = byKey.get(key);
    if (group) group.rows.push(r);
    else byKey.set(key, { knots, rows: [r] });
  }
  return [...byKey.values()];
}

/** Uniform G_new-interval knots over the range [t_k, t_{G+k}] of an old row. */
function extendedRow(old: Float64Array, G: number, Gnew: number, k: number): Float64Array {
  return uniformKnots(Gnew, k, old[k], old[G + k]);
}

/** Evenly spaced refit points over [t_k, t_{G_new+k}] of a new row, both ends included. */
function rangeSamples(row: Float64Array, Gnew: number, Gold: number, k: number): Float64Array {
  const lo = row[k];
  const hi = row[Gnew + k];
  const S = 8 * (k + 1) * Math.max(Gnew, Gold) + 1;
  return Float64Array.from({ length: S }, (_, s) => (s === S - 1 ? hi : lo + ((hi - lo) * s) / (S - 1)));
}

function refit(
  layer: SplineKanLayer, oldKnots: Float64Array, rows: number[], newRow: Float64Array, xs: Float64Array, ridge: number, where: string,
): Float64Array[] {
  return refitGroups(layer, [{ knots: oldKnots, rows }], newRow, xs, ridge, where);
}

/**
 * Least-squares coefficients on newRow, at the points xs, of the old splines of
 * the given c_basis rows (each group with its own old knots). Returns one
 * coefficient vector per row, in the order of the groups' rows concatenated.
 */
function refitGroups(layer: SplineKanLayer, groups: KnotGroup[], newRow: Float64Array, xs: Float64Array, ridge: number, where: string): Float64Array[] {
  const { k } = layer;
  const nbOld = layer.G + k;
  const nbNew = newRow.length - k - 1;
  const S = xs.length;
  const coef = layer.c_basis.data;
  const R = groups.reduce((acc, g) => acc + g.rows.length, 0);

  const A = new Float64Array(S * nbNew);
  const Brhs = new Float64Array(S * R);
  const basisNew = new Float64Array(nbNew);
  const basisOld = new Float64Array(nbOld);
  for (let s = 0; s < S; s++) {
    bsplineBasis(xs[s], newRow, k, 0, basisNew);
    A.set(basisNew, s * nbNew);
    let c = 0;
    for (const g of groups) {
      bsplineBasis(xs[s], g.knots, k, 0, basisOld);
      for (const r of g.rows) {
        let phi = 0;
        for (let m = 0; m < nbOld; m++) phi += coef[r * nbOld + m] * basisOld[m];
        if (!Number.isFinite(phi)) throw new KanntkError(`${where}: the old spline of c_basis row ${r} is ${phi} at x=${xs[s]} (repeated knots?)`);
        Brhs[s * R + c++] = phi;
      }
    }
  }
  const X = solveLeastSquares(A, S, nbNew, Brhs, R, { ridge });
  const out: Float64Array[] = [];
  for (let c = 0; c < R; c++) out.push(Float64Array.from({ length: nbNew }, (_, m) => X[m * R + c]));
  return out;
}

function writeRows(
  grid: Float64Array, cBasis: Float64Array, gridRows: number[], coefRows: number[], row: Float64Array, coefs: Float64Array[],
  nKnots: number, nb: number,
): void {
  for (const g of gridRows) grid.set(row, g * nKnots);
  coefRows.forEach((r, c) => cBasis.set(coefs[c], r * nb));
}

function withGrid(layer: SplineKanLayer, G: number, grid: Float64Array, cBasis: Float64Array): SplineKanLayer {
  const { n_in, n_out, k } = layer;
  const nKnots = G + 2 * k + 1;
  const copy = (a: FileArray | null): FileArray | null => (a ? { shape: [...a.shape], data: Array.from(a.data) } : null);
  const common = {
    n_in, n_out, k, G,
    residual: layer.residual,
    c_spl: copy(layer.c_spl),
    c_res: copy(layer.c_res),
    bias: copy(layer.bias),
  };
  if (layer.type === 'spline') {
    return {
      type: 'spline', ...common,
      grid: { shape: [n_in, nKnots], data: Array.from(grid) },
      c_basis: { shape: [n_out, n_in, G + k], data: Array.from(cBasis) },
    };
  }
  return {
    type: 'base', ...common,
    grid: { shape: [n_out * n_in, nKnots], data: Array.from(grid) },
    c_basis: { shape: [n_out * n_in, G + k], data: Array.from(cBasis) },
  };
}

function checkG(G: number, where: string): void {
  if (!Number.isInteger(G) || G < 1) throw new KanntkError(`${where}: G_new=${G} must be an integer ≥ 1`);
}

function checkLayer(layer: SplineKanLayer, where: string): void {
  if (!layer || (layer.type !== 'spline' && layer.type !== 'base')) {
    throw new KanntkError(`${where}: only 'spline' and 'base' layers have a grid, got type '${(layer as { type?: string })?.type}'`);
  }
  const { n_in, n_out, k, G } = layer;
  for (const [name, v] of [['n_in', n_in], ['n_out', n_out], ['G', G]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new KanntkError(`${where}: layer ${name}=${v} must be a positive integer`);
  }
  if (!Number.isInteger(k) || k < 0) throw new KanntkError(`${where}: layer k=${k} must be a non-negative integer`);
  const rows = layer.type === 'spline' ? n_in : n_out * n_in;
  const nKnots = G + 2 * k + 1;
  if (layer.grid.data.length !== rows * nKnots) {
    throw new KanntkError(`${where}: grid has ${layer.grid.data.length} entries, expected [${rows}, ${nKnots}]`);
  }
  if (layer.c_basis.data.length !== n_out * n_in * (G + k)) {
    throw new KanntkError(`${where}: c_basis has ${layer.c_basis.data.length} entries, expected ${n_out}·${n_in}·${G + k}`);
  }
  checkKnotRows(layer.grid.data, rows, nKnots, `${where}: grid`);
}
