// The B-spline basis kernel on every backend: against the reference on random
// knot rows (points inside, outside and exactly on knots), against the JAX
// fixture spline_basis.json (B, dB, d2B), and — in f64 — at points one ulp
// below each knot, where the half-open intervals decide the span.
//
// Tolerances (why):
// - f64: 1e-13 × the largest |value| of the call (the core forms every value
//   with the reference's operations); the fixture: 1e-12 × max, as in
//   test/reference/bspline.test.ts;
// - f32: 2e-5 × the largest |value| (knot differences of size h lose ~log2(1/h)
//   bits); the fixture: 1e-5 × max at points more than 1e-5 from a knot (f32
//   moves a point one ulp below a knot onto the knot, the other side).

import { it, expect } from 'vitest';
import { createRandom } from '../../helpers/random.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { describeBackends, notReference, runBoth, expectClose, peak } from './harness.js';

/** The largest double below v. */
function below(v: number): number {
  if (v === 0) return -Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, v > 0 ? bits - 1n : bits + 1n);
  return view.getFloat64(0);
}

/** Uniform knots per input row with jittered ranges, so rows differ. */
function randomGrid(nIn: number, G: number, k: number, seed: number): number[] {
  const rnd = createRandom(seed);
  const grid: number[] = [];
  for (let i = 0; i < nIn; i++) {
    const lo = rnd.uniform(-1.5, -0.5), hi = rnd.uniform(0.5, 1.5);
    const h = (hi - lo) / G;
    for (let j = 0; j <= G + 2 * k; j++) grid.push((j - k) * h + lo);
  }
  return grid;
}

describeBackends('bspline against the reference', (s) => {
  for (const k of [1, 2, 3]) {
    for (const deriv of [0, 1, 2, 3]) {
      it(`k=${k} deriv=${deriv} on random grids: points inside, outside and on knots`, async () => {
        const nIn = 3, G = 6, nKnots = G + 2 * k + 1, nPoints = 50;
        const grid = randomGrid(nIn, G, k, 500 + k);
        const rnd = createRandom(600 + 10 * k + deriv);
        const x: number[] = [];
        for (let p = 0; p < nPoints; p++) {
          for (let i = 0; i < nIn; i++) {
            // every 5th point sits exactly on a knot (in f32 after rounding both), a few far outside
            const knot = grid[i * nKnots + rnd.int(0, nKnots)];
            x.push(p % 5 === 0 ? knot : p % 7 === 0 ? rnd.uniform(-6, 6) : rnd.uniform(-2, 2));
          }
        }
        const nb = nKnots - 1 - k;
        const { got, want } = await runBoth(s, { x, grid, out: new Float64Array(nPoints * nIn * nb).fill(3) }, (b) => ({
          kind: 'bspline', x: b.x, grid: b.grid, out: b.out, nPoints, nIn, nKnots, k, deriv,
        }));
        const scale = peak(want, 1);
        expectClose(`bspline k=${k} d=${deriv}`, got, want, { rel: s.pick(1e-13, 2e-5), scale: () => scale });
        if (deriv > k) expect(got.every((v) => v === 0)).toBe(true);
      });
    }
  }

  if (s.precision === 'f64') {
    // f32 cannot hold a point one ulp of f64 below a knot: an f64 property
    const fx = loadFixture('spline_basis.json');
    for (const k of [1, 2, 3]) {
      const c = fx.cases.find((cs: { k: number; G: number }) => cs.k === k && cs.G === 5) ?? fx.cases.find((cs: { k: number }) => cs.k === k);
      const knots: number[] = c.knots.data;
      for (let deriv = 0; deriv <= 3; deriv++) {
        it(`k=${k} deriv=${deriv}: fixture knots, one ulp below each, outside, right edge`, async () => {
          const rnd = createRandom(k * 10 + deriv);
          const t0 = knots[0], tLast = knots[knots.length - 1];
          const pts = [
            ...knots, ...knots.map(below),
            t0 - 1, tLast + 1, tLast, below(tLast), -1e300, 1e300,
            ...Array.from({ length: 9 }, () => rnd.uniform(t0, tLast)),
          ];
          // two inputs: row 0 the fixture knots, row 1 the same knots stretched and shifted
          const nIn = 2;
          const grid = [...knots, ...knots.map((t) => 2 * t + 0.5)];
          const x = pts.flatMap((p) => [p, 2 * p + 0.5]);
          const nPoints = pts.length;
          const nBasis = knots.length - 1 - k;
          const { got, want } = await runBoth(s, { x, grid, out: new Float64Array(nPoints * nIn * nBasis).fill(3) }, (b) => ({
            kind: 'bspline', x: b.x, grid: b.grid, out: b.out, nPoints, nIn, nKnots: knots.length, k, deriv,
          }));
          const scale = peak(want, 1);
          expectClose(`bspline k=${k} d=${deriv}`, got, want, { rel: 1e-13, scale: () => scale });
          if (deriv > k) expect(got.every((v) => v === 0)).toBe(true);
        });
      }
    }
  }
}, notReference);

// The fixture is independent of the reference kernels, so the reference is checked here too.
describeBackends('bspline against spline_basis.json', (s) => {
  const fx = loadFixture('spline_basis.json');
  for (const c of fx.cases) {
    it(`k=${c.k} G=${c.G}: B, dB, d2B`, async () => {
      const backend = s.backend;
      const knots: number[] = c.knots.data;
      const keep = (c.x.data as number[]).map((x) => s.precision === 'f64' || knots.every((t) => x === t || Math.abs(x - t) > 1e-5));
      const nb: number = c.n_basis;
      const rows = keep.flatMap((ok: boolean, p: number) => (ok ? Array.from({ length: nb }, (_, m) => p * nb + m) : []));
      expect(rows.length).toBeGreaterThan(nb * 10);
      const x = backend.upload(c.x.data), grid = backend.upload(knots);
      for (const [deriv, key] of [[0, 'B'], [1, 'dB'], [2, 'd2B']] as const) {
        const out = backend.alloc(c.x.data.length * nb);
        backend.run({ kind: 'bspline', x, grid, out, nPoints: c.x.data.length, nIn: 1, nKnots: knots.length, k: c.k, deriv });
        const got = await backend.read(out);
        backend.free(out);
        const want: number[] = c[key].data;
        const scale = peak(want, 1);
        expectClose(`${key} k=${c.k} G=${c.G}`, rows.map((r) => got[r]), rows.map((r) => want[r]), { rel: s.pick(1e-12, 1e-5), scale: () => scale });
      }
      backend.free(x);
      backend.free(grid);
    });
  }
});
