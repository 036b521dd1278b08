// VJPs against central finite differences, second derivatives (VJPs of VJPs)
// against finite differences of gradients, and closed-form grad-of-grad.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import * as g from '../../src/graph/index.js';
import type { Tensor } from '../../src/graph/index.js';
import { OP_CASES, GRID_K3 } from './op-cases.js';
import { makeBackend, precisionOf, TEST_BACKENDS } from '../helpers/engines.js';
import { createRandom } from '../helpers/random.js';
import { relErr, size } from '../helpers/nd.js';

// Finite differences need f64: these suites run on the f64 backends only.
const F64_BACKENDS = TEST_BACKENDS.filter((b) => precisionOf(b) === 'f64');
// Central differences with h = 1e-5: truncation ~h²·f''' ≈ 1e-10, rounding ~1e-16/h ≈ 1e-11.
const H = 1e-5;
const FD_TOLERANCE = 1e-7;

/** Σ w·f(xs) evaluated on the host. */
async function weightedSum(backend: Backend, c: (typeof OP_CASES)[number], xs: number[][], w: number[]): Promise<number> {
  return g.tidy(async () => {
    const y = await c.run(xs.map((x, i) => g.tensor(backend, x, c.shapes[i]))).data();
    return y.reduce((s, v, i) => s + v * w[i], 0);
  });
}

for (const name of F64_BACKENDS) {
  describe(`VJPs vs finite differences on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());

    for (const c of OP_CASES.filter((c) => !c.noGrad)) {
      it(`${c.name}: first and second order`, async () => {
        const rnd = createRandom(5);
        const xs = c.shapes.map((s) => Array.from(rnd.array(size(s), ...(c.domain ?? [-2, 2]))));
        const outShape = g.tidy(() => [...c.run(xs.map((x, i) => g.tensor(backend, x, c.shapes[i]))).shape]);
        const w = Array.from(rnd.array(size(outShape)));
        const v = xs.map((x) => Array.from(rnd.array(x.length)));

        // analytic gradient and Hessian-vector product H·v (grad of ⟨grad, v⟩)
        const { grads, hvp } = await g.tidy(async () => {
          const ts = xs.map((x, i) => g.tensor(backend, x, c.shapes[i]));
          const y = c.run(ts);
          const gs = g.grad(y, ts, { seeds: [g.tensor(backend, w, outShape)], createGraph: true });
          let dot: Tensor = g.scalar(backend, 0);
          gs.forEach((gi, i) => (dot = g.add(dot, g.sum(g.mul(gi, g.tensor(backend, v[i], c.shapes[i]))))));
          const hv = g.grad(dot, ts);
          return { grads: await Promise.all(gs.map((t) => t.data())), hvp: await Promise.all(hv.map((t) => t.data())) };
        });

        for (let i = 0; i < xs.length; i++) {
          const fd: number[] = [];
          for (let j = 0; j < xs[i].length; j++) {
            const plus = xs.map((x) => [...x]), minus = xs.map((x) => [...x]);
            plus[i][j] += H;
            minus[i][j] -= H;
            fd.push(((await weightedSum(backend, c, plus, w)) - (await weightedSum(backend, c, minus, w))) / (2 * H));
          }
          expect(relErr(grads[i], fd), `d/dx${i}`).toBeLessThan(FD_TOLERANCE);
        }

        // H·v by central differences of the gradient along v
        const gradAt = (shift: number) =>
          g.tidy(async () => {
            const ts = xs.map((x, i) => g.tensor(backend, x.map((xv, j) => xv + shift * v[i][j]), c.shapes[i]));
            const gs = g.grad(c.run(ts), ts, { seeds: [g.tensor(backend, w, outShape)] });
            return Promise.all(gs.map((t) => t.data()));
          });
        const [gp, gm] = [await gradAt(H), await gradAt(-H)];
        for (let i = 0; i < xs.length; i++) {
          const fd = Array.from(gp[i], (p, j) => (p - gm[i][j]) / (2 * H));
          expect(relErr(hvp[i], fd), `Hv x${i}`).toBeLessThan(FD_TOLERANCE);
        }
      });
    }

    it('d²/dx² of sin(x)·exp(x) = 2·cos(x)·exp(x)', async () => {
      const xs = [-1.3, -0.2, 0.4, 1.1, 2.5];
      const got = await g.tidy(async () => {
        const x = g.tensor(backend, xs, [5]);
        const y = g.mul(g.sin(x), g.exp(x));
        const [dy] = g.grad(y, [x], { createGraph: true });
        const [d2y] = g.grad(dy, [x]);
        return d2y.data();
      });
      // same arithmetic in f64, different route: agreement to a few ulps of the largest value
      expect(relErr(got, xs.map((v) => 2 * Math.cos(v) * Math.exp(v)))).toBeLessThan(1e-13);
    });

    it('third derivative of tanh: 2·(3t² − 1)·(1 − t²)... via three nested grads', async () => {
      const xs = [-1, -0.3, 0.2, 0.9];
      const got = await g.tidy(async () => {
        const x = g.tensor(backend, xs, [4]);
        const [d1] = g.grad(g.tanh(x), [x], { createGraph: true });
        const [d2] = g.grad(d1, [x], { createGraph: true });
        const [d3] = g.grad(d2, [x]);
        return d3.data();
      });
      const want = xs.map((v) => {
        const t = Math.tanh(v);
        return -2 * (1 - t * t) * (1 - 3 * t * t);
      });
      expect(relErr(got, want)).toBeLessThan(1e-13);
    });

    it('a cubic spline with known coefficients: s = Σ c_m B_m, s″ from nested grads equals the closed form', async () => {
      // With c_m = (m-2)²·h²... choose coefficients that reproduce x² exactly: for uniform cubic
      // B-splines, Σ_m (ξ_m² − h²/3)·B_m(x) = x² on [lo, hi], with ξ_m the knot average t_{m+1..m+3}/3 = t_{m+2}.
      const h = 0.4;
      const coeffs = Array.from({ length: 8 }, (_, m) => GRID_K3[m + 2] ** 2 - (h * h) / 3);
      const xs = [-0.95, -0.5, -0.1, 0.33, 0.8];
      const [s, ds, d2s] = await g.tidy(async () => {
        const x = g.tensor(backend, xs, [5, 1]);
        const grid = g.tensor(backend, GRID_K3, [1, 12]);
        const c = g.tensor(backend, coeffs, [1, 1, 8]);
        const sx = g.sum(g.mul(g.bsplineBasis(x, grid, 3), c), 2);
        const [d1] = g.grad(sx, [x], { createGraph: true });
        const [d2] = g.grad(d1, [x]);
        return Promise.all([sx.data(), d1.data(), d2.data()]);
      });
      expect(relErr(s, xs.map((v) => v * v))).toBeLessThan(1e-13);
      expect(relErr(ds, xs.map((v) => 2 * v))).toBeLessThan(1e-12);
      expect(relErr(d2s, xs.map(() => 2))).toBeLessThan(1e-11);
    });
  });
}
