// The Allen–Cahn reference (src/pde/reference/allen-cahn-chebyshev.ts): convergence in N and in dt,
// the finite-difference residual of the interpolated solution, the Dirichlet values, and agreement
// with an independent method-of-lines finite-difference solver.
import { describe, it, expect } from 'vitest';
import { solveAllenCahn, type AllenCahnSolution } from '../../../src/pde/reference/allen-cahn-chebyshev.js';
import { referenceSolution } from '../../../src/pde/reference/reference-field.js';
import { createRandom } from '../../helpers/random.js';

const D = 1e-4, C = 5;
const XS = Float64Array.from({ length: 801 }, (_, i) => -1 + i / 400);

function maxDiff(a: AllenCahnSolution, b: AllenCahnSolution, t: number): number {
  let worst = 0;
  for (const x of XS) worst = Math.max(worst, Math.abs(a.evaluate(t, x) - b.evaluate(t, x)));
  return worst;
}

/**
 * Method of lines on a uniform grid of m intervals: 4th-order central u_xx (the 4th-order
 * one-sided stencil next to the walls), u = −1 at the walls, classical RK4 with step dt.
 */
function finiteDifferenceAllenCahn(m: number, dt: number, tEnd: number): { x: Float64Array; u: Float64Array } {
  const h = 2 / m;
  const x = Float64Array.from({ length: m + 1 }, (_, i) => -1 + i * h);
  let u = x.map((s) => s * s * Math.cos(Math.PI * s));
  u[0] = u[m] = -1;
  const rate = (v: Float64Array): Float64Array => {
    const r = new Float64Array(m + 1);
    const s = D / (12 * h * h);
    for (let i = 1; i < m; i++) {
      let lap: number;
      if (i === 1) lap = 10 * v[0] - 15 * v[1] - 4 * v[2] + 14 * v[3] - 6 * v[4] + v[5];
      else if (i === m - 1) lap = 10 * v[m] - 15 * v[m - 1] - 4 * v[m - 2] + 14 * v[m - 3] - 6 * v[m - 4] + v[m - 5];
      else lap = -v[i - 2] + 16 * v[i - 1] - 30 * v[i] + 16 * v[i + 1] - v[i + 2];
      r[i] = s * lap + C * (v[i] - v[i] * v[i] * v[i]);
    }
    return r;
  };
  const steps = Math.round(tEnd / dt);
  for (let n = 0; n < steps; n++) {
    const k1 = rate(u);
    const k2 = rate(u.map((v, i) => v + (dt / 2) * k1[i]));
    const k3 = rate(u.map((v, i) => v + (dt / 2) * k2[i]));
    const k4 = rate(u.map((v, i) => v + dt * k3[i]));
    u = u.map((v, i) => v + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
  return { x, u };
}

describe('allen-cahn Chebyshev reference', () => {
  // the production settings (N = 2048, dt = 1e-3), solved once for the checks below
  const solution = solveAllenCahn(1);

  it('converges spectrally in N (dt fixed): N = 512 → 1024 → 2048', () => {
    const [a, b, c] = [512, 1024, 2048].map((degree) => solveAllenCahn(1, { degree, dtMax: 2e-3 }));
    const d1 = maxDiff(a, b, 1), d2 = maxDiff(b, c, 1);
    console.log(`allen-cahn N-refinement at t=1: |u512 − u1024| = ${d1.toExponential(2)}, |u1024 − u2048| = ${d2.toExponential(2)}`);
    // the interfaces (width √(2D/c) ≈ 6e-3) need N ≳ 1000: the change falls by ~1e4 per doubling
    expect(d1).toBeLessThan(1e-3);
    expect(d2).toBeLessThan(1e-7);
    expect(d2).toBeLessThan(d1 / 1000);
  });

  it('converges at third order in dt (N fixed): dt = 4e-3 → 2e-3 → 1e-3', () => {
    const [a, b, c] = [4e-3, 2e-3, 1e-3].map((dtMax) => solveAllenCahn(1, { degree: 1024, dtMax }));
    const d1 = maxDiff(a, b, 1), d2 = maxDiff(b, c, 1);
    const order = Math.log2(d1 / d2);
    console.log(`allen-cahn dt-refinement at t=1: ${d1.toExponential(2)}, ${d2.toExponential(2)}; observed order ${order.toFixed(2)}`);
    // ARS(4,4,3) is third order; with d2 the change at dt = 2e-3, the error of dt = 1e-3 is ≈ d2/7
    expect(order).toBeGreaterThan(2.7);
    expect(d2).toBeLessThan(1e-6);
  });

  it('keeps u(t, ±1) = −1', () => {
    for (const t of [0, 1e-3, 0.0105, 0.25, 0.5, 0.999, 1]) {
      for (const x of [-1, 1]) expect(Math.abs(solution.evaluate(t, x) + 1)).toBeLessThan(1e-12);
    }
  });

  it('satisfies the PDE: the finite-difference residual of the interpolated solution is small', () => {
    const rng = createRandom(3);
    const u = (t: number, x: number) => solution.evaluate(t, x);
    const residual = (t: number, x: number, h: number, k: number) => {
      // 4th-order central differences, step k in t (not a multiple of dt: exercises the time interpolation) and h in x
      const ut = (u(t - 2 * k, x) - 8 * u(t - k, x) + 8 * u(t + k, x) - u(t + 2 * k, x)) / (12 * k);
      const uxx = (-u(t, x - 2 * h) + 16 * u(t, x - h) - 30 * u(t, x) + 16 * u(t, x + h) - u(t, x + 2 * h)) / (12 * h * h);
      const v = u(t, x);
      return Math.abs(ut - D * uxx - C * (v - v * v * v));
    };
    const pts = Array.from({ length: 100 }, () => [rng.uniform(0.05, 0.95), rng.uniform(-0.98, 0.98)]);
    const worst = (h: number, k: number) => Math.max(...pts.map(([t, x]) => residual(t, x, h, k)));
    const r1 = worst(2e-3, 3.7e-3), r2 = worst(1e-3, 1.85e-3);
    console.log(`allen-cahn FD residual over 100 random points: ${r1.toExponential(2)} → ${r2.toExponential(2)} (steps halved)`);
    // u_t and c·(u − u³) are O(1) here; the residual is the FD truncation error and shrinks with the steps
    expect(r2).toBeLessThan(1e-5);
    expect(r2).toBeLessThan(r1 / 4);
  });

  it('agrees with an independent method-of-lines finite-difference solver', () => {
    for (const [tEnd, m, dt, tolerance] of [
      [0.25, 2000, 1e-3, 1e-8],
      [1, 8000, 2.5e-4, 1e-5],
    ] as const) {
      const { x, u } = finiteDifferenceAllenCahn(m, dt, tEnd);
      let worst = 0;
      for (let i = 0; i <= m; i++) worst = Math.max(worst, Math.abs(u[i] - solution.evaluate(tEnd, x[i])));
      console.log(`allen-cahn vs FD (m=${m}, dt=${dt}) at t=${tEnd}: max |Δu| = ${worst.toExponential(2)}`);
      // the FD solution's own error: D·h⁴·u⁽⁶⁾/90 (tiny while smooth, ~1e-6 at the t = 1 interfaces) + RK4's O(dt⁴)
      expect(worst).toBeLessThan(tolerance);
    }
  });

  it('referenceSolution uses the same step grid (matches the solver at (t, x) points)', () => {
    const data = [1, 0.5, 0.25, -0.3, 0.3337, 0.7, 0, -0.4];
    const v = referenceSolution('allen-cahn', { shape: [4, 2], data });
    for (let i = 0; i < 4; i++) expect(Math.abs(v[i] - solution.evaluate(data[2 * i], data[2 * i + 1]))).toBeLessThan(1e-13);
    // t = 0 is the degree-2048 Chebyshev interpolant of x²·cos(πx): exact to rounding
    expect(Math.abs(v[3] - 0.16 * Math.cos(Math.PI * -0.4))).toBeLessThan(1e-15);
  });
});
