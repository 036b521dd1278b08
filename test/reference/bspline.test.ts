// The reference B-spline (the spec the backends are checked against) must match the fixture itself.
import { describe, it, expect } from 'vitest';
import { bsplineRef } from './kernels.js';
import { loadFixture } from '../helpers/fixtures.js';
import { worstSplineBasisError } from '../helpers/spline-fixture.js';

const fx = loadFixture('spline_basis.json');

describe('reference B-spline basis vs spline_basis.json', () => {
  for (const c of fx.cases) {
    it(`k=${c.k} G=${c.G}: B, dB, d2B`, () => {
      const worst = worstSplineBasisError(c, bsplineRef);
      // f64 recursion in a different association order than JAX: a few ulps of the largest value
      expect(worst).toBeLessThan(1e-12);
    });
  }
});
