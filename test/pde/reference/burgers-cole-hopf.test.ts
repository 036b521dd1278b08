// The Burgers reference (src/pde/reference/burgers-cole-hopf.ts): the Cole–Hopf quadrature checked
// against the PDE itself (finite-difference residual), its initial and boundary data, its own
// refinement, an independent Fourier pseudo-spectral solver, and Basdevant et al.'s maximal slope.
import { describe, it, expect } from 'vitest';
import { burgersColeHopf } from '../../../src/pde/reference/burgers-cole-hopf.js';
import { fft } from '../../../src/pde/reference/fft.js';
import { referenceSolution } from '../../../src/pde/reference/reference-field.js';
import { createRandom } from '../../helpers/random.js';

const NU = 0.01 / Math.PI;
const u = (t: number, x: number, nu = NU) => burgersColeHopf(t, x, { nu }).u;

/** |u_t + u·u_x − ν·u_xx| at (t, x) with 4th-order central differences of step h in t and x. */
function residual(t: number, x: number, h: number, nu = NU): number {
  const d1 = (f: (s: number) => number, s: number) => (f(s - 2 * h) - 8 * f(s - h) + 8 * f(s + h) - f(s + 2 * h)) / (12 * h);
  const d2 = (f: (s: number) => number, s: number) =>
    (-f(s - 2 * h) + 16 * f(s - h) - 30 * f(s) + 16 * f(s + h) - f(s + 2 * h)) / (12 * h * h);
  const ut = d1((s) => u(s, x, nu), t);
  const ux = d1((s) => u(t, s, nu), x);
  const uxx = d2((s) => u(t, s, nu), x);
  return Math.abs(ut + u(t, x, nu) * ux - nu * uxx);
}

/** Fourier pseudo-spectral Burgers on the period-2 circle (integrating-factor RK4, 2/3 de-aliasing), u(0) = −sin(πx). */
function fourierBurgers(nu: number, n: number, dt: number, tEnd: number): { x: Float64Array; u: Float64Array } {
  const x = Float64Array.from({ length: n }, (_, j) => -1 + (2 * j) / n);
  const kappa = Float64Array.from({ length: n }, (_, k) => Math.PI * (k <= n / 2 ? k : k - n));
  const keep = Float64Array.from({ length: n }, (_, k) => (Math.min(k, n - k) < n / 3 ? 1 : 0));
  const e = kappa.map((q) => Math.exp((-nu * q * q * dt) / 2));
  const forward = (v: Float64Array) => { const re = Float64Array.from(v), im = new Float64Array(n); fft(re, im); return [re, im]; };
  const inverse = (re: Float64Array, im: Float64Array) => {
    const r = Float64Array.from(re), i = im.map((v) => -v);
    fft(r, i);
    return r.map((v) => v / n);
  };
  // N(û) = −i·κ·FFT(u²/2), de-aliased
  const nonlinear = (re: Float64Array, im: Float64Array): [Float64Array, Float64Array] => {
    const v = inverse(re, im);
    const [wr, wi] = forward(v.map((s) => (s * s) / 2));
    return [wi.map((s, k) => kappa[k] * s * keep[k]), wr.map((s, k) => -kappa[k] * s * keep[k])];
  };
  let [ur, ui] = forward(x.map((s) => -Math.sin(Math.PI * s)));
  const steps = Math.round(tEnd / dt);
  for (let s = 0; s < steps; s++) {
    const [ar, ai] = nonlinear(ur, ui);
    const [u1r, u1i] = [ur.map((v, k) => e[k] * (v + (dt / 2) * ar[k])), ui.map((v, k) => e[k] * (v + (dt / 2) * ai[k]))];
    const [br, bi] = nonlinear(u1r, u1i);
    const [u2r, u2i] = [ur.map((v, k) => e[k] * v + (dt / 2) * br[k]), ui.map((v, k) => e[k] * v + (dt / 2) * bi[k])];
    const [cr, ci] = nonlinear(u2r, u2i);
    const [u3r, u3i] = [ur.map((v, k) => e[k] * e[k] * v + dt * e[k] * cr[k]), ui.map((v, k) => e[k] * e[k] * v + dt * e[k] * ci[k])];
    const [dr, di] = nonlinear(u3r, u3i);
    ur = ur.map((v, k) => e[k] * e[k] * v + (dt / 6) * (e[k] * e[k] * ar[k] + 2 * e[k] * (br[k] + cr[k]) + dr[k]));
    ui = ui.map((v, k) => e[k] * e[k] * v + (dt / 6) * (e[k] * e[k] * ai[k] + 2 * e[k] * (bi[k] + ci[k]) + di[k]));
  }
  return { x, u: inverse(ur, ui) };
}

describe('burgers Cole–Hopf reference', () => {
  it('satisfies the PDE: the finite-difference residual is small and shrinks like h⁴ away from the shock', () => {
    const rng = createRandom(5);
    const pts = Array.from({ length: 40 }, () => [rng.uniform(0.05, 0.95), rng.uniform(0.15, 0.95) * (rng.next() < 0.5 ? -1 : 1)]);
    const worst = (h: number) => Math.max(...pts.map(([t, x]) => residual(t, x, h)));
    const coarse = worst(4e-3), fine = worst(2e-3);
    console.log(`burgers FD residual: h=4e-3 → ${coarse.toExponential(2)}, h=2e-3 → ${fine.toExponential(2)}`);
    expect(fine).toBeLessThan(coarse / 8);
    expect(fine).toBeLessThan(1e-6);
  });

  it('matches the initial condition and the boundary values', () => {
    for (const x of [-1, -0.7, -0.2, 0, 0.3, 0.9, 1]) expect(u(0, x)).toBe(-Math.sin(Math.PI * x));
    // t → 0⁺: the quadrature continues the initial data, u ≈ u0 + t·u_t(0) with u_t(0) = −u0·u0' + ν·u0''
    for (const x of [-0.7, 0.3, 0.95]) {
      const s = Math.sin(Math.PI * x), c = Math.cos(Math.PI * x);
      const ut0 = -Math.PI * s * c + NU * Math.PI ** 2 * s;
      // the remainder is O(t²·|u_tt|) ≈ 1e-12·π³
      expect(Math.abs(u(1e-6, x) - (-s + 1e-6 * ut0))).toBeLessThan(1e-10);
    }
    // u(t, ±1) = 0 by the odd symmetry about ±1: only rounding remains
    for (const t of [0.01, 0.3, 0.5, 1]) for (const x of [-1, 1]) expect(Math.abs(u(t, x))).toBeLessThan(1e-14);
  });

  it('is converged in the quadrature: doubling the nodes changes u by < 1e-13, at the shock too', () => {
    let away = 0, shock = 0;
    for (const t of [1e-3, 0.05, 0.3, 1 / Math.PI, 0.5, 0.75, 1]) {
      for (let i = 0; i <= 80; i++) {
        const x = -1 + i / 40;
        const d = Math.abs(burgersColeHopf(t, x).u - burgersColeHopf(t, x, { refinement: 2 }).u);
        away = Math.max(away, d);
      }
      for (const x of [-3e-3, -1e-3, -1e-4, 0, 2e-4, 1e-3, 5e-3]) {
        const a = burgersColeHopf(t, x), b = burgersColeHopf(t, x, { refinement: 2 });
        shock = Math.max(shock, Math.abs(a.u - b.u), Math.abs(a.ux - b.ux) / 100);
      }
    }
    console.log(`burgers quadrature refinement: |Δu| ≤ ${away.toExponential(2)} on the grid, ${shock.toExponential(2)} at the shock (u and u_x/100)`);
    expect(away).toBeLessThan(1e-13);
    expect(shock).toBeLessThan(1e-13);
  });

  it('reproduces Basdevant et al. (1986): max |u_x| = 152.00516 at x = 0, t = 1.6037/π', () => {
    // the slope at x = 0 as a function of t; golden-section search for its extremum
    const slope = (t: number) => -burgersColeHopf(t, 0).ux;
    let a = 0.45, b = 0.55;
    const g = (Math.sqrt(5) - 1) / 2;
    for (let i = 0; i < 60; i++) {
      const c = b - g * (b - a), d = a + g * (b - a);
      if (slope(c) > slope(d)) b = d;
      else a = c;
    }
    const tMax = (a + b) / 2;
    console.log(`burgers max slope ${slope(tMax).toFixed(7)} at t·π = ${(tMax * Math.PI).toFixed(5)}; slope at t = 1/π: ${slope(1 / Math.PI).toFixed(4)}`);
    // published to 8 digits (152.00516) and t to 5 (1.6037/π)
    expect(Math.abs(slope(tMax) - 152.00516)).toBeLessThan(1e-5);
    expect(Math.abs(tMax * Math.PI - 1.6037)).toBeLessThan(1e-4);
    // the slope from the moment formula agrees with a difference quotient of u
    const h = 1e-6;
    expect(Math.abs((u(tMax, h) - u(tMax, -h)) / (2 * h) + slope(tMax))).toBeLessThan(1e-4);
  });

  it('agrees with an independent Fourier pseudo-spectral solver at ν = 0.1/π', () => {
    const nu = 0.1 / Math.PI;
    for (const tEnd of [0.5, 1]) {
      const { x, u: spectral } = fourierBurgers(nu, 256, 1e-3, tEnd);
      let worst = 0;
      for (let j = 0; j < x.length; j++) worst = Math.max(worst, Math.abs(spectral[j] - u(tEnd, x[j], nu)));
      console.log(`burgers vs Fourier (ν=0.1/π, 256 modes, dt=1e-3) at t=${tEnd}: max |Δu| = ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-8);
    }
  });

  it('referenceSolution evaluates (t, x) points', () => {
    const data = [0.5, 0.25, 1, -0.6, 0, 0.1];
    const v = referenceSolution('burgers', { shape: [3, 2], data });
    expect(v[0]).toBe(u(0.5, 0.25));
    expect(v[1]).toBe(u(1, -0.6));
    expect(v[2]).toBe(-Math.sin(Math.PI * 0.1));
  });
});
