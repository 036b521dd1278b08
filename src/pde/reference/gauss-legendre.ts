// Gauss–Legendre nodes and weights on [−1, 1] by Newton's method on P_n
// (Golub–Welsch is unnecessary at the small orders used for composite rules).

import { KanntkError } from '../../errors.js';

const rules = new Map<number, { nodes: Float64Array; weights: Float64Array }>();

/** The n-point Gauss–Legendre rule on [−1, 1] (exact for degree ≤ 2n−1); nodes ascending. */
export function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const cached = rules.get(n);
  if (cached) return cached;
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new KanntkError(`gaussLegendre: order ${n} must be an integer in [1, 200]`);
  const nodes = new Float64Array(n), weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      // P_n(x) and P_n'(x) by the three-term recurrence
      let p0 = 1, p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1, pm = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pm)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // recompute the derivative at the converged node for the weight
    let p0 = 1, p1 = x;
    for (let k = 2; k <= n; k++) {
      const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = n === 1 ? 1 : (n * (x * p1 - p0)) / (x * x - 1);
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  const rule = { nodes, weights };
  rules.set(n, rule);
  return rule;
}
