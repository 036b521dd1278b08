// Fitting a closed form y ≈ c·f(a·x + b) + d to an edge's samples, as pykan
// does: a grid search over (a, b) for the best correlation between f(a·x + b)
// and y, zoomed in around the best point a few times, then least squares for
// (c, d). R² is 1 − SS_res/SS_tot of that final fit. Unlike pykan, forms that
// are the same curve under another (a, b, c, d) are pinned (see SCALE_FREE).

import { KanntkError } from '../errors.js';
import type { SymbolicFunction } from '../kan/symbolic-functions.js';

export interface AffineFit {
  a: number;
  b: number;
  c: number;
  d: number;
  r2: number;
}

export interface FitOptions {
  /** search range of a and of b (default [-10, 10], as pykan) */
  range?: [number, number];
  /** grid points per axis per round (default 41) */
  gridPoints?: number;
  /** zoom rounds after the first (default 3) */
  rounds?: number;
  /** samples the grid search looks at (evenly spaced in x order; default 256); the final least squares uses all */
  searchSamples?: number;
}

/** c, d by least squares of y on u, and the R² of the fit (−Infinity where u is not finite or constant). */
export function linearFit(u: ArrayLike<number>, y: ArrayLike<number>): { c: number; d: number; r2: number } {
  const n = y.length;
  let mu = 0, my = 0;
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(u[k])) return { c: 0, d: 0, r2: -Infinity };
    mu += u[k] / n;
    my += y[k] / n;
  }
  let suu = 0, suy = 0, syy = 0;
  for (let k = 0; k < n; k++) {
    suu += (u[k] - mu) ** 2;
    suy += (u[k] - mu) * (y[k] - my);
    syy += (y[k] - my) ** 2;
  }
  if (!(suu > 1e-300 * n)) return { c: 0, d: my, r2: syy > 0 ? 0 : 1 };
  const c = suy / suu;
  // SS_res = syy − c·suy for the least-squares line
  const r2 = syy > 0 ? 1 - Math.max(syy - c * suy, 0) / syy : 1;
  return { c, d: my - c * mu, r2 };
}

/** Every k-th sample so that at most `max` remain, in x order (the grid search needs the shape, not every point). */
function searchSubset(x: ArrayLike<number>, y: ArrayLike<number>, max: number): { x: Float64Array; y: Float64Array } {
  const order = Array.from({ length: x.length }, (_, k) => k).sort((p, q) => x[p] - x[q]);
  const step = Math.max(1, Math.ceil(order.length / max));
  const rows = order.filter((_, k) => k % step === 0);
  return { x: Float64Array.from(rows, (k) => x[k]), y: Float64Array.from(rows, (k) => y[k]) };
}

/**
 * Functions whose input scale folds into c (and sign where it matters): (a·x + b)ⁿ = aⁿ·(x + b/a)ⁿ,
 * log(a·x + b) = log|a| + log(±(x + b/a)), |a·x + b| = |a|·|x + b/a|. For them a is ±1 and only b
 * is searched: otherwise the search drifts to a → 0 with c → ∞, the same curve in a form that
 * rounds to nothing.
 */
const SCALE_FREE = new Set(['x^2', 'x^3', 'x^4', '1/x', 'sqrt', 'log', 'abs']);
const EVEN = new Set(['x^2', 'x^4', 'abs']);

/**
 * The other functions must see their argument vary by at least this over the data: with a → 0,
 * sin, cos, exp, tanh… turn into their Taylor polynomials and fit anything smooth in a form that
 * is a polynomial in disguise.
 */
const MIN_ARGUMENT_SPAN = 0.05;

/**
 * R² of the best line y ≈ c·f(a·x + b) + d on the samples (−Infinity where not finite or constant),
 * two-pass about the mean: f nearly constant over the data (a saturated tanh, say) would otherwise
 * lose its variance to cancellation and score above 1. `u` is scratch space.
 */
function r2At(f: SymbolicFunction, a: number, b: number, x: Float64Array, y: Float64Array, my: number, syy: number, u: Float64Array): number {
  const n = x.length;
  let mu = 0;
  for (let k = 0; k < n; k++) {
    const v = f.host(a * x[k] + b);
    if (!Number.isFinite(v)) return -Infinity;
    u[k] = v;
    mu += v;
  }
  mu /= n;
  let suu = 0, suy = 0;
  for (let k = 0; k < n; k++) {
    const du = u[k] - mu;
    suu += du * du;
    suy += du * (y[k] - my);
  }
  // a relative spread under ~1e-10 is rounding, not signal
  if (!(suu > 1e-20 * n * (mu * mu + 1e-300)) || !(syy > 0)) return -Infinity;
  return Math.min(1, (suy * suy) / (suu * syy));
}

/** Fits c·f(a·x + b) + d to (x, y). */
export function fitAffine(f: SymbolicFunction, x: ArrayLike<number>, y: ArrayLike<number>, options: FitOptions = {}): AffineFit {
  if (x.length !== y.length || x.length < 2) throw new KanntkError(`symbolic fit: need at least 2 samples with one y per x, got ${x.length} x and ${y.length} y`);
  const evalAt = (a: number, b: number, xs: ArrayLike<number>) => Float64Array.from(xs as ArrayLike<number>, (v) => f.host(a * v + b));
  // the identity and the constant need no search: a and b fold into c and d
  if (f.name === 'x' || f.name === '0') {
    const { c, d, r2 } = f.name === 'x' ? linearFit(x, y) : { c: 0, ...constantFit(y) };
    return { a: 1, b: 0, c, d, r2 };
  }
  const [lo, hi] = options.range ?? [-10, 10];
  const points = options.gridPoints ?? 41, rounds = options.rounds ?? 3;
  const sub = searchSubset(x, y, options.searchSamples ?? 256);
  let my = 0, syy = 0;
  for (const v of sub.y) my += v / sub.y.length;
  for (const v of sub.y) syy += (v - my) ** 2;
  let xMin = Infinity, xMax = -Infinity;
  for (const v of sub.x) [xMin, xMax] = [Math.min(xMin, v), Math.max(xMax, v)];
  const span = xMax - xMin;

  const scratch = new Float64Array(sub.x.length);
  let best = { a: 1, b: 0, r2: -Infinity };
  const consider = (a: number, b: number) => {
    const r2 = r2At(f, a, b, sub.x, sub.y, my, syy, scratch);
    // among equal fits (exp: any b; sin: b and b + 2π) take the smallest |a| + |b|
    if (r2 === -Infinity) return;
    const eps = best.r2 === -Infinity ? 0 : 1e-12 * Math.max(1, Math.abs(best.r2));
    if (r2 > best.r2 + eps || (Math.abs(r2 - best.r2) <= eps && Math.abs(a) + Math.abs(b) < Math.abs(best.a) + Math.abs(best.b))) best = { a, b, r2 };
  };
  if (SCALE_FREE.has(f.name)) {
    // a = ±1 (+1 only for even functions); b on a grid over the x range widened by the search range, zoomed
    const signs = EVEN.has(f.name) ? [1] : [1, -1];
    let bLo = lo - xMax, bHi = hi - xMin;
    for (let round = 0; round <= rounds; round++) {
      const db = (bHi - bLo) / (4 * points - 1);
      for (const a of signs) for (let ib = 0; ib < 4 * points; ib++) consider(a, bLo + ib * db);
      if (best.r2 === -Infinity) break;
      [bLo, bHi] = [best.b - db, best.b + db];
    }
  } else {
    let aLo = lo, aHi = hi, bLo = lo, bHi = hi;
    for (let round = 0; round <= rounds; round++) {
      const da = (aHi - aLo) / (points - 1), db = (bHi - bLo) / (points - 1);
      for (let ia = 0; ia < points; ia++) {
        const a = aLo + ia * da;
        if (Math.abs(a) * span < MIN_ARGUMENT_SPAN) continue;
        for (let ib = 0; ib < points; ib++) consider(a, bLo + ib * db);
      }
      if (best.r2 === -Infinity) break;
      [aLo, aHi, bLo, bHi] = [best.a - da, best.a + da, best.b - db, best.b + db];
    }
  }
  if (best.r2 === -Infinity) return { a: 1, b: 0, c: 0, d: constantFit(y).d, r2: -Infinity };
  const { c, d, r2 } = linearFit(evalAt(best.a, best.b, x), y);
  return { a: best.a, b: best.b, c, d, r2 };
}

function constantFit(y: ArrayLike<number>): { d: number; r2: number } {
  let m = 0;
  for (let k = 0; k < y.length; k++) m += y[k] / y.length;
  let ss = 0;
  for (let k = 0; k < y.length; k++) ss += (y[k] - m) ** 2;
  return { d: m, r2: ss > 0 ? 0 : 1 };
}
