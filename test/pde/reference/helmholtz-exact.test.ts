// The Helmholtz reference (src/pde/reference/helmholtz-exact.ts) is a closed form; check that it
// solves the PDE (finite-difference Laplacian, error O(h²)) and vanishes on the boundary.
import { describe, it, expect } from 'vitest';
import { helmholtzExact } from '../../../src/pde/reference/helmholtz-exact.js';
import { referenceSolution } from '../../../src/pde/reference/reference-field.js';
import { createRandom } from '../../helpers/random.js';

/** max |Δ_h u + k²u − f| over the points, with the 5-point Laplacian of step h. */
function maxResidual(h: number, a1: number, a2: number, k: number, xs: Float64Array, ys: Float64Array): number {
  const u = (x: number, y: number) => helmholtzExact(x, y, { a1, a2, k });
  // f written out from the problem statement, not taken from the solver
  const f = (x: number, y: number) =>
    (k * k - Math.PI ** 2 * (a1 * a1 + a2 * a2)) * Math.sin(Math.PI * a1 * x) * Math.sin(Math.PI * a2 * y);
  let worst = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    const lap = (u(x + h, y) + u(x - h, y) + u(x, y + h) + u(x, y - h) - 4 * u(x, y)) / (h * h);
    worst = Math.max(worst, Math.abs(lap + k * k * u(x, y) - f(x, y)));
  }
  return worst;
}

describe('helmholtz exact solution', () => {
  const rng = createRandom(11);
  const xs = rng.array(200, -0.95, 0.95), ys = rng.array(200, -0.95, 0.95);

  for (const [a1, a2, k] of [[1, 4, 1], [2, 3, 2.5]]) {
    it(`satisfies the PDE to O(h²) (a1=${a1}, a2=${a2}, k=${k})`, () => {
      const errors = [1e-2, 5e-3, 2.5e-3].map((h) => maxResidual(h, a1, a2, k, xs, ys));
      // the 5-point stencil's error is (h²/12)(u_xxxx + u_yyyy) ≤ (h²/12)·π⁴(a1⁴ + a2⁴): halving h divides it by 4
      const bound = (h: number) => (h * h / 12) * Math.PI ** 4 * (a1 ** 4 + a2 ** 4) * 1.01;
      expect(errors[0]).toBeLessThan(bound(1e-2));
      expect(errors[0] / errors[1]).toBeGreaterThan(3.9);
      expect(errors[0] / errors[1]).toBeLessThan(4.1);
      expect(errors[1] / errors[2]).toBeGreaterThan(3.9);
      expect(errors[1] / errors[2]).toBeLessThan(4.1);
    });
  }

  it('vanishes on the boundary of [−1, 1]² (to the rounding of sin(π·a))', () => {
    const s = rng.array(100, -1, 1);
    const pts: number[] = [];
    for (const v of s) pts.push(-1, v, 1, v, v, -1, v, 1);
    const u = referenceSolution('helmholtz', { shape: [pts.length / 2, 2], data: pts });
    // sin(π·a) in floating point is ~a·1.2e-16, not 0
    for (const v of u) expect(Math.abs(v)).toBeLessThan(1e-14);
  });

  it('referenceSolution returns the formula at (x, y) points', () => {
    const data = [0.25, 0.125, -0.5, 0.3];
    const u = referenceSolution('helmholtz', { shape: [2, 2], data });
    expect(u[0]).toBe(Math.sin(Math.PI * 0.25) * Math.sin(4 * Math.PI * 0.125));
    expect(u[1]).toBe(Math.sin(-Math.PI * 0.5) * Math.sin(4 * Math.PI * 0.3));
  });
});
