// The building blocks of the Allen–Cahn solver: FFT, Chebyshev transforms and Clenshaw
// evaluation, and the ultraspherical Dirichlet solve (src/pde/reference/{fft,chebyshev,ultraspherical-dirichlet}.ts).
import { describe, it, expect } from 'vitest';
import { fft } from '../../../src/pde/reference/fft.js';
import {
  chebyshevEvaluate,
  chebyshevPoints,
  coefficientsToValues,
  valuesToCoefficients,
} from '../../../src/pde/reference/chebyshev.js';
import { dirichletSolver, toUltraspherical } from '../../../src/pde/reference/ultraspherical-dirichlet.js';
import { gaussLegendre } from '../../../src/math/quadrature.js';
import { createRandom } from '../../helpers/random.js';

describe('reference-solver building blocks', () => {
  it('fft matches the naive DFT (n = 64, to 1e-13: O(ε·n) rounding of both sums)', () => {
    const rng = createRandom(1);
    const n = 64, re = rng.array(n), im = rng.array(n);
    const [r, i] = [Float64Array.from(re), Float64Array.from(im)];
    fft(r, i);
    for (let k = 0; k < n; k++) {
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * ((j * k) % n)) / n; // reduced so cos/sin see small arguments
        sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
        si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
      }
      expect(Math.abs(r[k] - sr)).toBeLessThan(1e-13);
      expect(Math.abs(i[k] - si)).toBeLessThan(1e-13);
    }
  });

  it('chebyshev transforms invert each other and reproduce T_k (to 1e-14)', () => {
    const n = 32;
    const x = chebyshevPoints(n);
    // values of 3·T_0 − T_5 + 0.5·T_32 at the points → exactly those coefficients
    const v = x.map((s) => 3 - Math.cos(5 * Math.acos(s)) + 0.5 * Math.cos(32 * Math.acos(s)));
    const c = valuesToCoefficients(v);
    for (let k = 0; k <= n; k++) expect(Math.abs(c[k] - (k === 0 ? 3 : k === 5 ? -1 : k === 32 ? 0.5 : 0))).toBeLessThan(1e-14);
    const back = coefficientsToValues(c);
    for (let j = 0; j <= n; j++) expect(Math.abs(back[j] - v[j])).toBeLessThan(1e-14);
    for (const s of [-1, -0.3, 0.77, 1]) expect(Math.abs(chebyshevEvaluate(c, s) - (3 - Math.cos(5 * Math.acos(s)) + 0.5 * Math.cos(32 * Math.acos(s))))).toBeLessThan(1e-14);
  });

  it('the ultraspherical Dirichlet solve recovers v from v − a·v″ and v(±1) (manufactured, to 1e-13)', () => {
    // v = exp(x)·sin(3x) + x: v − a·v″ evaluated analytically, projected on T_k, then solved back
    const n = 64, a = 0.05;
    const v = (s: number) => Math.exp(s) * Math.sin(3 * s) + s;
    // v″ = eˣ(sin 3x + 6 cos 3x − 9 sin 3x) = eˣ(6 cos 3x − 8 sin 3x)
    const f = (s: number) => v(s) - a * Math.exp(s) * (6 * Math.cos(3 * s) - 8 * Math.sin(3 * s));
    const x = chebyshevPoints(n);
    const rhs = toUltraspherical(valuesToCoefficients(x.map(f)));
    const c = dirichletSolver(n, a).solve(rhs, v(-1), v(1));
    for (const s of [-1, -0.5, 0, 0.31, 1]) expect(Math.abs(chebyshevEvaluate(c, s) - v(s))).toBeLessThan(1e-13);
  });

  it('gauss-legendre integrates degree 2n−1 exactly', () => {
    const { nodes, weights } = gaussLegendre(16);
    let s = 0;
    for (let i = 0; i < 16; i++) s += weights[i] * nodes[i] ** 30;
    expect(Math.abs(s - 2 / 31)).toBeLessThan(1e-15);
  });
});
