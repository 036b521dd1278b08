// L-BFGS (the optimizer pykan trains with): a limited-memory quasi-Newton
// method on the flat parameter vector, with a strong-Wolfe line search
// (Nocedal & Wright, algorithms 3.5–3.6, cubic interpolation in the zoom).
// It runs on the host in f64; each loss/gradient evaluation runs on the backend.

import { KanntkError } from '../../errors.js';

export type LossAndGradient = (theta: Float64Array) => Promise<{ loss: number; grad: Float64Array }>;

export interface LbfgsOptions {
  /** Outer iterations (default 100). */
  maxIter?: number;
  /** Pairs (s, y) kept (default 10, as torch.optim.LBFGS). */
  history?: number;
  /** Stop when max|g| ≤ tolGrad (default 1e-7). */
  tolGrad?: number;
  /** Stop when the loss changes by less than tolChange (default 1e-12). */
  tolChange?: number;
  /** Loss/gradient evaluations allowed per line search (default 25). */
  maxLineSearch?: number;
}

export interface LbfgsResult {
  theta: Float64Array;
  loss: number;
  iterations: number;
  evaluations: number;
  /** Loss after each iteration (index 0: the start). */
  history: number[];
  reason: 'gradient' | 'change' | 'max-iterations' | 'line-search';
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const axpy = (x: Float64Array, alpha: number, d: Float64Array) => x.map((v, i) => v + alpha * d[i]);
const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** The minimiser of the cubic through (a, fa, ga), (b, fb, gb), kept inside [lo, hi]. */
function cubicMin(a: number, fa: number, ga: number, b: number, fb: number, gb: number, lo: number, hi: number): number {
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - ga * gb;
  if (disc >= 0) {
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    const t = b - (b - a) * ((gb + d2 - d1) / (gb - ga + 2 * d2));
    if (Number.isFinite(t)) return Math.min(Math.max(t, lo), hi);
  }
  return (lo + hi) / 2;
}

interface Point {
  t: number;
  f: number;
  g: Float64Array;
  dg: number; // directional derivative gᵀd
}

/** Strong-Wolfe line search along d from (f0, g0). */
async function strongWolfe(fg: LossAndGradient, x: Float64Array, d: Float64Array, f0: number, g0: Float64Array, t0: number, maxEval: number, counter: { n: number }): Promise<Point | null> {
  const c1 = 1e-4, c2 = 0.9;
  const dg0 = dot(g0, d);
  const evalAt = async (t: number): Promise<Point> => {
    counter.n++;
    const { loss, grad } = await fg(axpy(x, t, d));
    return { t, f: loss, g: grad, dg: dot(grad, d) };
  };
  let prev: Point = { t: 0, f: f0, g: g0, dg: dg0 };
  let t = t0;
  let zoomLo: Point | null = null, zoomHi: Point | null = null;
  for (let i = 0; i < maxEval; i++) {
    const cur = await evalAt(t);
    if (!Number.isFinite(cur.f) || cur.f > f0 + c1 * t * dg0 || (i > 0 && cur.f >= prev.f)) {
      zoomLo = prev;
      zoomHi = cur;
      break;
    }
    if (Math.abs(cur.dg) <= -c2 * dg0) return cur;
    if (cur.dg >= 0) {
      zoomLo = cur;
      zoomHi = prev;
      break;
    }
    prev = cur;
    t *= 2;
  }
  if (!zoomLo || !zoomHi) return null;
  for (let i = 0; i < maxEval; i++) {
    const lo = Math.min(zoomLo.t, zoomHi.t), hi = Math.max(zoomLo.t, zoomHi.t);
    if (hi - lo < 1e-12 * Math.max(1, hi)) break;
    const margin = 0.1 * (hi - lo);
    const tj = Number.isFinite(zoomHi.f)
      ? cubicMin(zoomLo.t, zoomLo.f, zoomLo.dg, zoomHi.t, zoomHi.f, zoomHi.dg, lo + margin, hi - margin)
      : (lo + hi) / 2;
    const cur = await evalAt(tj);
    if (!Number.isFinite(cur.f) || cur.f > f0 + c1 * tj * dg0 || cur.f >= zoomLo.f) {
      zoomHi = cur;
    } else {
      if (Math.abs(cur.dg) <= -c2 * dg0) return cur;
      if (cur.dg * (zoomHi.t - zoomLo.t) >= 0) zoomHi = zoomLo;
      zoomLo = cur;
    }
  }
  // best sufficient-decrease point found, if any
  return zoomLo.t > 0 && zoomLo.f < f0 ? zoomLo : null;
}

/** Minimises a function given its loss and gradient, from theta0. */
export async function minimizeLbfgs(fg: LossAndGradient, theta0: ArrayLike<number>, options: LbfgsOptions = {}, onIteration?: (iteration: number, loss: number) => void): Promise<LbfgsResult> {
  const maxIter = options.maxIter ?? 100, m = options.history ?? 10;
  const tolGrad = options.tolGrad ?? 1e-7, tolChange = options.tolChange ?? 1e-12, maxLs = options.maxLineSearch ?? 25;
  let x = Float64Array.from(theta0);
  const counter = { n: 1 };
  let { loss: f, grad: g } = await fg(x);
  if (!Number.isFinite(f)) throw new KanntkError(`lbfgs: the loss at the start is ${f}`);
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  const history = [f];
  let reason: LbfgsResult['reason'] = 'max-iterations';
  let iter = 0;
  for (; iter < maxIter; iter++) {
    if (maxAbs(g) <= tolGrad) {
      reason = 'gradient';
      break;
    }
    // two-loop recursion: d = −H·g
    const q = Float64Array.from(g);
    const alpha: number[] = [];
    for (let j = S.length - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dot(S[j], q);
      for (let i = 0; i < q.length; i++) q[i] -= alpha[j] * Y[j][i];
    }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1;
    for (let i = 0; i < q.length; i++) q[i] *= gamma;
    for (let j = 0; j < S.length; j++) {
      const beta = rho[j] * dot(Y[j], q);
      for (let i = 0; i < q.length; i++) q[i] += (alpha[j] - beta) * S[j][i];
    }
    let d = q.map((v) => -v);
    if (dot(d, g) >= 0) d = g.map((v) => -v); // not a descent direction: restart from steepest descent
    const t0 = S.length ? 1 : Math.min(1, 1 / Math.max(1e-12, g.reduce((s, v) => s + Math.abs(v), 0)));
    const step = await strongWolfe(fg, x, d, f, g, t0, maxLs, counter);
    if (!step) {
      reason = 'line-search';
      break;
    }
    const s = d.map((v) => v * step.t);
    const y = step.g.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    x = axpy(x, step.t, d);
    const change = Math.abs(step.f - f);
    f = step.f;
    g = step.g;
    history.push(f);
    onIteration?.(iter + 1, f);
    if (change < tolChange) {
      iter++;
      reason = 'change';
      break;
    }
  }
  return { theta: x, loss: f, iterations: iter, evaluations: counter.n, history, reason };
}
