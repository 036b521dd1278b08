// The reference B-spline (the spec the backends are checked against) must match the fixture itself.
import { describe, it, expect } from 'vitest';
import { bsplineRef } from './kernels.js';
import { loadFixture } from '../helpers/fixtures.js';

const fx = loadFixture('spline_basis.json');

describe('reference B-spline basis vs spline_basis.json', () => {
  for (const c of fx.cases) {
    it(`k=${c.k} G=${c.G}: B, dB, d2B`, () => {
      const nb = c.n_basis;
      let worst = 0;
      for (const [deriv, key] of [[0, 'B'], [1, 'dB'], [2, 'd2B']] as const) {
        const scale = Math.max(1, ...c[key].data.map(Math.abs));
        c.x.data.forEach((x: number, p: number) => {
          const got = bsplineRef(x, c.knots.data, c.k, deriv);
          for (let m = 0; m < nb; m++) worst = Math.max(worst, Math.abs(got[m] - c[key].data[p * nb + m]) / scale);
        });
      }
      // f64 recursion in a different association order than JAX: a few ulps of the largest value
      expect(worst).toBeLessThan(1e-12);
    });
  }
});
