// Gauss–Legendre quadrature on [a, b], alone and composite. Nodes come from
// Newton's method on the three-term recurrence, started from deterministic
// cosines (./det-math.ts), so the rule — and every integral made with it — has
// the same bits on every platform. An n-point rule integrates polynomials of
// degree ≤ 2n−1 exactly; nodes and weights are accurate to a few ulp.

import { KanntkError } from '../errors.js';
import { detCos } from './det-math.js';

export interface QuadratureRule {
  /** nodes on (−1, 1), ascending */
  nodes: Float64Array;
  /** weights, summing to 2 */
  weights: Float64Array;
}

const cache = new Map<number, QuadratureRule>();

/** The n-point Gauss–Legendre rule on [−1, 1]. */
export function gaussLegendre(n: number): QuadratureRule {
  if (!Number.isInteger(n) || n < 1 || n > 512) throw new KanntkError(`Gauss–Legendre order must be an integer in [1, 512], got ${n}`);
  const hit = cache.get(n);
  if (hit) return hit;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const half = Math.floor((n + 1) / 2);
  for (let i = 0; i < half; i++) {
    // Tricomi's start value, then Newton on P_n; it converges in a handful of steps
    let x = detCos((Math.PI * (4 * i + 3)) / (4 * n + 2));
    // Newton until the step is ~1e-15, then one more step (quadratic convergence
    // takes it to rounding level); a fixed recipe, so the bits are reproducible
    for (let it = 0; it < 100; it++) {
      const [p, d] = legendre(n, x);
      const dx = p / d;
      x -= dx;
      if (Math.abs(dx) <= 1e-15) break;
    }
    const [p, d] = legendre(n, x);
    x -= p / d;
    const dp = legendre(n, x)[1];
    const w = 2 / ((1 - x * x) * dp * dp);
    // the rule is symmetric: fill both halves from one root (the middle one is 0 for odd n)
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[half - 1] = 0;
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}

/** P_n(x) and P_n'(x) by the Bonnet recurrence. */
function legendre(n: number, x: number): [number, number] {
  let p0 = 1, p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  if (n === 0) return [1, 0];
  return [p1, (n * (x * p1 - p0)) / (x * x - 1)];
}

/**
 * ∫ f over [a, b] for a vector-valued f (dim components), split at `breaks`
 * (points where f is only piecewise smooth) and further into panels no wider
 * than `maxPanel`, with an `order`-point rule on each. f(x, out) writes the dim
 * components at x; returns the dim integrals.
 */
export function integrate(
  f: (x: number, out: Float64Array) => void,
  dim: number,
  a: number,
  b: number,
  options: { breaks?: ArrayLike<number>; maxPanel?: number; order?: number } = {},
): Float64Array {
  const { breaks = [], maxPanel = Infinity, order = 20 } = options;
  if (!(a <= b)) throw new KanntkError(`integration interval [${a}, ${b}] is empty or not a number`);
  const rule = gaussLegendre(order);
  const inner = Array.from(breaks).filter((t) => t > a && t < b).sort((p, q) => p - q);
  const cuts = [a, ...inner, b];
  const total = new Float64Array(dim);
  const panel = new Float64Array(dim);
  const y = new Float64Array(dim);
  for (let s = 0; s + 1 < cuts.length; s++) {
    const lo = cuts[s], hi = cuts[s + 1];
    if (!(hi > lo)) continue;
    const panels = Math.max(1, Math.ceil((hi - lo) / maxPanel));
    const width = (hi - lo) / panels;
    for (let p = 0; p < panels; p++) {
      const pa = lo + p * width;
      const pb = p === panels - 1 ? hi : lo + (p + 1) * width;
      const c = 0.5 * (pa + pb), h = 0.5 * (pb - pa);
      panel.fill(0);
      for (let j = 0; j < order; j++) {
        f(c + h * rule.nodes[j], y);
        const w = rule.weights[j];
        for (let d = 0; d < dim; d++) panel[d] += w * y[d];
      }
      for (let d = 0; d < dim; d++) total[d] += h * panel[d];
    }
  }
  return total;
}
