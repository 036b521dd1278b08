// Data-adaptive grid update and grid extension of 'spline' and 'base' layers
// (src/kan/grid-update.ts). The splines are evaluated here with the test
// reference bsplineRef, independently of the host evaluator used by src.
import { describe, it, expect } from 'vitest';
import { KanntkError } from '../../src/errors.js';
import { adaptiveKnots, extendGrid, updateGrid, type SplineKanLayer } from '../../src/kan/grid-update.js';
import { solveLeastSquares } from '../../src/math/least-squares.js';
import type { BaseLayerSpec, SplineLayerSpec } from '../../src/kan/layers/spline.js';
import { loadFixture } from '../helpers/fixtures.js';
import { bsplineRef } from '../reference/kernels.js';

const MEASURE = !!process.env.KANNTK_MEASURE;

interface Fx { model: { layers: SplineKanLayer[] }; x: { shape: [number, number]; data: number[] } }
const splineFx = () => loadFixture<Fx>('kan_forward_spline_small_perturbed.json');
const baseFx = () => loadFixture<Fx>('kan_forward_base_small_perturbed.json');

const knotRow = (l: SplineKanLayer, r: number): number[] => {
  const nK = l.G + 2 * l.k + 1;
  const g = l.type === 'base' ? r : r % l.n_in;
  return l.grid.data.slice(g * nK, (g + 1) * nK);
};

/** φ of c_basis row r = o·n_in + i at x: Σ_m c_basis[r, m]·B_m(x; knots of the edge). */
function phi(l: SplineKanLayer, r: number, x: number): number {
  const nb = l.G + l.k;
  const B = bsplineRef(x, knotRow(l, r), l.k, 0);
  let s = 0;
  for (let m = 0; m < nb; m++) s += l.c_basis.data[r * nb + m] * B[m];
  return s;
}

const column = (x: { shape: [number, number]; data: ArrayLike<number> }, i: number): number[] =>
  Array.from({ length: x.shape[0] }, (_, n) => x.data[n * x.shape[1] + i]);

/** max over edges and points of |φ_new − φ_old|, relative to max |φ_old|. */
function refitError(oldL: SplineKanLayer, newL: SplineKanLayer, pointsOf: (i: number) => number[]): number {
  let maxErr = 0, maxPhi = 0;
  for (let r = 0; r < oldL.n_out * oldL.n_in; r++) {
    for (const x of pointsOf(r % oldL.n_in)) {
      const a = phi(oldL, r, x), b = phi(newL, r, x);
      maxErr = Math.max(maxErr, Math.abs(a - b));
      maxPhi = Math.max(maxPhi, Math.abs(a));
    }
  }
  return maxErr / maxPhi;
}

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, s) => (s === n - 1 ? b : a + ((b - a) * s) / (n - 1)));

/** The fixture inputs squeezed into a fifth of the grid range: x → 0.3 + 0.2·x ∈ [0.1, 0.5]. */
function concentrated(x: Fx['x']): { data: number[]; shape: [number, number] } {
  return { shape: x.shape, data: x.data.map((v) => 0.3 + 0.2 * v) };
}

/** The fixture inputs squeezed non-uniformly: x → 0.1 + 0.6·x·|x| ∈ [-0.5, 0.7], dense near 0.1, sparse at the ends. */
function skewed(x: Fx['x']): { data: number[]; shape: [number, number] } {
  return { shape: x.shape, data: x.data.map((v) => 0.1 + 0.6 * v * Math.abs(v)) };
}

/** max_m |(Aᵀ(A·c − φ))_m| / (‖A‖_F·‖φ‖): zero at the least-squares optimum (A = new basis at the samples). */
function normalEquationResidual(oldL: SplineKanLayer, newL: SplineKanLayer, xs: number[][]): number {
  const nb = newL.G + newL.k;
  let worst = 0;
  for (let r = 0; r < oldL.n_out * oldL.n_in; r++) {
    const pts = xs[r % oldL.n_in];
    const g = new Array(nb).fill(0);
    let a2 = 0, f2 = 0;
    for (const x of pts) {
      const B = bsplineRef(x, knotRow(newL, r), newL.k, 0);
      const res = phi(newL, r, x) - phi(oldL, r, x);
      for (let m = 0; m < nb; m++) g[m] += B[m] * res;
      a2 += B.reduce((s, b) => s + b * b, 0);
      f2 += phi(oldL, r, x) ** 2;
    }
    worst = Math.max(worst, Math.max(...g.map(Math.abs)) / Math.sqrt(a2 * f2));
  }
  return worst;
}

const range = (v: number[]) => [Math.min(...v), Math.max(...v)] as const;
const log = (...a: unknown[]) => MEASURE && console.log(...a);

describe('updateGrid: plain update (G unchanged, grid_e = 0.05)', () => {
  for (const [name, load] of [['spline', splineFx], ['base', baseFx]] as const) {
    it(`${name} layer: the refitted splines agree with the old ones on the sample range`, () => {
      const fx = load();
      const layer = fx.model.layers[0];
      const before = JSON.stringify(layer);
      const X = concentrated(fx.x);
      const out = updateGrid(layer, X);
      expect(JSON.stringify(layer)).toBe(before); // not mutated
      expect(out.type).toBe(layer.type);
      expect(out.G).toBe(layer.G);
      expect(out.grid.shape).toEqual(layer.grid.shape);
      expect(out.c_basis.shape).toEqual(layer.c_basis.shape);
      expect(out.c_spl).toEqual(layer.c_spl);
      expect(out.c_res).toEqual(layer.c_res);
      expect(out.bias).toEqual(layer.bias);
      const atSamples = refitError(layer, out, (i) => column(X, i));
      const fresh = refitError(layer, out, (i) => linspace(...range(column(X, i)), 401));
      log(`${name} plain update: rel. error at samples ${atSamples.toExponential(2)}, on [min,max] ${fresh.toExponential(2)}`);
      // measured: spline 6.4e-4 / 6.5e-4, base 3.4e-4 / 3.8e-4 (the old knot at 0.2 falls between
      // the new ones, so the old spline's third-derivative jump cannot be matched exactly)
      expect(atSamples).toBeLessThan(1e-3);
      expect(fresh).toBeLessThan(1e-3);
      expect(normalEquationResidual(layer, out, [column(X, 0), column(X, 1)])).toBeLessThan(1e-12);
    });

    it(`${name} layer: skewed samples — the refit is the least-squares optimum`, () => {
      const fx = load();
      const layer = fx.model.layers[0];
      const X = skewed(fx.x);
      const out = updateGrid(layer, X);
      const atSamples = refitError(layer, out, (i) => column(X, i));
      const fresh = refitError(layer, out, (i) => linspace(...range(column(X, i)), 401));
      log(`${name} skewed update: rel. error at samples ${atSamples.toExponential(2)}, on [min,max] ${fresh.toExponential(2)}`);
      // measured: spline 1.7e-2 / 1.8e-2, base 2.5e-2 / 3.2e-2 — the outer quantile intervals are
      // about as wide as the old ones and not aligned with them, so G = 5 cannot do better
      expect(atSamples).toBeLessThan(5e-2);
      expect(fresh).toBeLessThan(5e-2);
      expect(normalEquationResidual(layer, out, [column(X, 0), column(X, 1)])).toBeLessThan(1e-12);
    });
  }

  it('a finer grid over the data (G → 2G) fits much closer', () => {
    const fx = splineFx();
    const layer = fx.model.layers[0];
    const X = concentrated(fx.x);
    const out = updateGrid(layer, X, { G: 10 });
    expect(out.G).toBe(10);
    expect(out.grid.shape).toEqual([2, 17]);
    expect(out.c_basis.shape).toEqual([8, 2, 13]);
    const atSamples = refitError(layer, out, (i) => column(X, i));
    const fresh = refitError(layer, out, (i) => linspace(...range(column(X, i)), 401));
    log(`spline update G 5→10: rel. error at samples ${atSamples.toExponential(2)}, on [min,max] ${fresh.toExponential(2)}`);
    // measured: 1.5e-4 / 1.5e-4 (6.4e-4 with G = 5)
    expect(atSamples).toBeLessThan(3e-4);
    expect(fresh).toBeLessThan(3e-4);
  });

  it('the new knots are the grid_e mix of uniform and quantile grids (hand computation)', () => {
    const fx = splineFx();
    const layer = fx.model.layers[0];
    const X = concentrated(fx.x);
    const out = updateGrid(layer, X);
    const k = 3, G = 5, N = 64;
    for (let i = 0; i < 2; i++) {
      const s = column(X, i).sort((a, b) => a - b);
      const lo = s[0], hi = s[N - 1];
      // quantile positions ⌊64·j/5⌋ = 0, 12, 25, 38, 51, then the maximum (index 63)
      const adaptive = [s[0], s[12], s[25], s[38], s[51], s[63]];
      const uniform = [0, 1, 2, 3, 4, 5].map((j) => j * ((hi - lo) / 5) + lo);
      const interior = adaptive.map((a, j) => 0.05 * uniform[j] + 0.95 * a);
      const h = (interior[5] - interior[0]) / G;
      const expected = [interior[0] - 3 * h, interior[0] - 2 * h, interior[0] - h, ...interior, interior[5] + h, interior[5] + 2 * h, interior[5] + 3 * h];
      const got = out.grid.data.slice(i * (G + 2 * k + 1), (i + 1) * (G + 2 * k + 1));
      for (let j = 0; j < expected.length; j++) expect(Math.abs(got[j] - expected[j])).toBeLessThanOrEqual(1e-15);
    }
  });

  it('a small hand example: samples 0..9, G=2, k=1', () => {
    const layer: SplineLayerSpec = {
      type: 'spline', n_in: 1, n_out: 1, k: 1, G: 2,
      grid: { shape: [1, 5], data: [-5, 0, 5, 10, 15] },
      residual: null, c_basis: { shape: [1, 1, 3], data: [1, 2, 3] }, c_spl: null, c_res: null, bias: null,
    };
    const xs = [3, 7, 0, 9, 1, 5, 8, 2, 6, 4];
    const out = updateGrid(layer, { data: xs, shape: [10, 1] });
    // adaptive: sorted[⌊10·0/2⌋], sorted[⌊10·1/2⌋], max = 0, 5, 9; uniform: 0, 4.5, 9
    // mix: 0, 0.05·4.5 + 0.95·5 = 4.975, 9; h = 4.5; k = 1 knot on each side
    const expected = [-4.5, 0, 4.975, 9, 13.5];
    for (let j = 0; j < 5; j++) expect(Math.abs(out.grid.data[j] - expected[j])).toBeLessThanOrEqual(2e-15);
    expect(out.grid.data[1]).toBe(0); // the ends of the interior grid are min and max exactly
    expect(out.grid.data[3]).toBe(9);
  });

  it('new rows of a base layer are shared by all edges of an input', () => {
    const fx = baseFx();
    const layer = fx.model.layers[0] as BaseLayerSpec;
    const out = updateGrid(layer, concentrated(fx.x));
    for (let o = 1; o < layer.n_out; o++) {
      for (let i = 0; i < layer.n_in; i++) expect(knotRow(out, o * layer.n_in + i)).toEqual(knotRow(out, i));
    }
    expect(knotRow(out, 0)).not.toEqual(knotRow(out, 1));
  });
});

describe('updateGrid: grid_e limits', () => {
  const fx = splineFx();
  const layer = fx.model.layers[0];
  const X = concentrated(fx.x);
  const G = 5, k = 3, nK = 12;

  it('grid_e = 1 gives the uniform grid over [min, max]', () => {
    const out = updateGrid(layer, X, { gridE: 1 });
    for (let i = 0; i < 2; i++) {
      const [lo, hi] = range(column(X, i));
      const row = out.grid.data.slice(i * nK, (i + 1) * nK);
      const h = (hi - lo) / G;
      for (let j = 0; j < nK; j++) expect(Math.abs(row[j] - (lo + (j - k) * h))).toBeLessThanOrEqual(4e-16 * 4);
      expect(row[k]).toBe(lo);
      expect(row[k + G]).toBe(hi);
    }
  });

  it('grid_e = 0 gives the sample quantiles exactly', () => {
    const out = updateGrid(layer, X, { gridE: 0 });
    for (let i = 0; i < 2; i++) {
      const s = column(X, i).sort((a, b) => a - b);
      const row = out.grid.data.slice(i * nK, (i + 1) * nK);
      expect(row.slice(k, k + G + 1)).toEqual([0, 12, 25, 38, 51, 63].map((p) => s[p]));
    }
  });

  it('margin widens the uniform part as jaxKAN SplineGrid (margin = 0.01)', () => {
    const sorted = column(X, 0).sort((a, b) => a - b);
    const row = adaptiveKnots(sorted, G, k, 1, 0.01);
    expect(row[k]).toBeCloseTo(sorted[0] - 0.01, 15);
    expect(row[k + G]).toBeCloseTo(sorted[63] + 0.01, 14);
  });
});

describe('extendGrid (no data, same range)', () => {
  for (const [name, load] of [['spline', splineFx], ['base', baseFx]] as const) {
    for (const Gnew of [10, 15, 20]) {
      it(`${name} layer: G 5 → ${Gnew} reproduces the old splines to round-off`, () => {
        const layer = load().model.layers[0];
        const out = extendGrid(layer, Gnew);
        expect(out.G).toBe(Gnew);
        expect(out.grid.shape[1]).toBe(Gnew + 7);
        expect(out.c_basis.shape.at(-1)).toBe(Gnew + 3);
        // new knots are the uniform grid of the old range [t_k, t_{G+k}] = [-1, 1]
        const row = knotRow(out, 0);
        expect(row[3]).toBe(-1);
        expect(row[Gnew + 3]).toBe(1);
        const err = refitError(layer, out, () => linspace(-1, 1, 1001));
        log(`${name} extendGrid 5→${Gnew}: rel. error ${err.toExponential(2)}`);
        expect(err).toBeLessThan(1e-10);
      });
    }
  }

  it('without the ridge the nested extension is exact to ~1e-15 (the default ridge 1e-14 costs ~5e-12)', () => {
    const layer = splineFx().model.layers[0];
    const err = refitError(layer, extendGrid(layer, 10, { ridge: 0 }), () => linspace(-1, 1, 1001));
    log(`spline extendGrid 5→10, ridge 0: rel. error ${err.toExponential(2)}`);
    expect(err).toBeLessThan(1e-13);
  });

  it('a non-nested extension (5 → 8) is a close least-squares approximation', () => {
    const layer = splineFx().model.layers[0];
    const out = extendGrid(layer, 8);
    const err = refitError(layer, out, () => linspace(-1, 1, 1001));
    log(`spline extendGrid 5→8: rel. error ${err.toExponential(2)}`);
    expect(err).toBeLessThan(2e-2);
  });

  it('updateGrid with { G: 2G } and data spanning the old range: quantile knots, approximate refit', () => {
    const fx = splineFx();
    const layer = fx.model.layers[0];
    const out = updateGrid(layer, fx.x, { G: 10 });
    const err = refitError(layer, out, (i) => linspace(...range(column(fx.x, i)), 401));
    log(`spline updateGrid 5→10 on fixture x: rel. error ${err.toExponential(2)}`);
    // measured 1.0e-2: the quantile knots are not nested with the old uniform ones (compare extendGrid above)
    expect(err).toBeLessThan(2e-2);
  });
});

describe('updateGrid: degenerate data', () => {
  it('basis functions without samples get ~0 coefficients (ridge), the fit at the samples stays good', () => {
    const layer = splineFx().model.layers[0];
    // two clusters at the ends of [-1, 1]; the uniform grid (grid_e = 1) with G = 10 leaves the middle empty
    const xs: number[] = [];
    for (let n = 0; n < 40; n++) {
      const u = n / 39;
      const a = -1 + 0.15 * u, b = 0.85 + 0.15 * u;
      xs.push(a, b, b, a);
    }
    const X = { data: xs, shape: [80, 2] as [number, number] };
    const out = updateGrid(layer, X, { G: 10, gridE: 1 });
    const nb = 13;
    const c = out.c_basis.data;
    expect(c.every(Number.isFinite)).toBe(true);
    // B_m is supported on [t_m, t_{m+4}), t_j = −1 + (j−3)·0.2: B_5, B_6, B_7 live in [−0.6, 0.8) and see no sample
    for (let r = 0; r < 16; r++) for (const m of [5, 6, 7]) expect(Math.abs(c[r * nb + m])).toBeLessThan(1e-6);
    const err = refitError(layer, out, (i) => column(X, i));
    log(`clustered samples: rel. error at samples ${err.toExponential(2)}`);
    expect(err).toBeLessThan(1e-3);
  });

  it('an input with all samples equal is regridded uniformly over its old range', () => {
    const fx = splineFx();
    const layer = fx.model.layers[0];
    const X = concentrated(fx.x);
    for (let n = 0; n < 64; n++) X.data[n * 2 + 1] = 0.3;
    const out = updateGrid(layer, X, { G: 10 });
    const row1 = knotRow(out, 1);
    expect(row1[3]).toBe(-1);
    expect(row1[13]).toBe(1);
    expect(refitError(layer, out, (i) => (i === 1 ? linspace(-1, 1, 501) : []))).toBeLessThan(1e-10);
  });
});

describe('errors', () => {
  const fx = splineFx();
  const layer = fx.model.layers[0];
  const X = fx.x;
  const bad = (f: () => unknown, re: RegExp) => {
    expect(f).toThrow(KanntkError);
    expect(f).toThrow(re);
  };

  it('wrong input width or length', () => {
    bad(() => updateGrid(layer, { data: new Array(64 * 3).fill(0), shape: [64, 3] }), /width 3.*n_in=2/);
    bad(() => updateGrid(layer, { data: X.data.slice(1), shape: [64, 2] }), /127 entries/);
  });
  it('fewer samples than coefficients', () => {
    bad(() => updateGrid(layer, { data: X.data.slice(0, 14), shape: [7, 2] }), /7 samples.*8 coefficients/);
    bad(() => updateGrid(layer, { data: X.data.slice(0, 20), shape: [10, 2] }, { G: 8 }), /10 samples.*11 coefficients/);
  });
  it('NaN and infinite inputs', () => {
    const d = X.data.slice();
    d[9] = NaN;
    bad(() => updateGrid(layer, { data: d, shape: [64, 2] }), /input \[4, 1\] is NaN/);
    d[9] = Infinity;
    bad(() => updateGrid(layer, { data: d, shape: [64, 2] }), /Infinity/);
  });
  it('G_new < 1 or not an integer', () => {
    bad(() => updateGrid(layer, X, { G: 0 }), /G_new=0/);
    bad(() => updateGrid(layer, X, { G: 2.5 }), /G_new=2.5/);
    bad(() => extendGrid(layer, 0), /G_new=0/);
  });
  it('grid_e outside [0, 1]', () => {
    bad(() => updateGrid(layer, X, { gridE: -0.1 }), /gridE = -0.1 /);
    bad(() => updateGrid(layer, X, { gridE: 1.5 }), /gridE = 1.5 /);
    bad(() => updateGrid(layer, X, { gridE: NaN }), /gridE = NaN /);
  });
  it('repeated quantiles with grid_e = 0 would give repeated knots', () => {
    const d = X.data.map((v, p) => (p % 2 === 0 && p < 80 ? 0.5 : v));
    bad(() => updateGrid(layer, { data: d, shape: [64, 2] }, { gridE: 0 }), /input 0 are not strictly increasing/);
    expect(() => updateGrid(layer, { data: d, shape: [64, 2] }, { gridE: 0.05 })).not.toThrow();
  });
  it('layers without a grid and inconsistent layers', () => {
    const cheb = loadFixture<Fx>('kan_forward_chebyshev_perturbed.json').model.layers[0];
    bad(() => updateGrid(cheb, X), /only 'spline' and 'base'/);
    bad(() => extendGrid({ ...layer, G: 6 }, 12), /grid has 24 entries/);
  });
});

describe('solveLeastSquares', () => {
  it('solves a consistent overdetermined system to round-off, several right-hand sides', () => {
    const A = [1, 2, 3, 4, 5, 6, 7, 8, 10, 1, 0, 1]; // [4, 3]
    const Xtrue = [1, -2, 0.5, 3, -1, 0]; // [3, 2]
    const B = new Array(8).fill(0);
    for (let i = 0; i < 4; i++) for (let c = 0; c < 2; c++) for (let j = 0; j < 3; j++) B[i * 2 + c] += A[i * 3 + j] * Xtrue[j * 2 + c];
    const X = solveLeastSquares(A, 4, 3, B, 2, { ridge: 0 });
    for (let p = 0; p < 6; p++) expect(Math.abs(X[p] - Xtrue[p])).toBeLessThan(1e-13);
  });
  it('rank deficiency: throws without a ridge, zero coefficient with one', () => {
    const A = [1, 0, 2, 0, 3, 0]; // second column empty
    const B = [2, 4, 6];
    expect(() => solveLeastSquares(A, 3, 2, B, 1, { ridge: 0 })).toThrow(/rank deficient/);
    const X = solveLeastSquares(A, 3, 2, B, 1);
    expect(Math.abs(X[0] - 2)).toBeLessThan(1e-12);
    expect(X[1]).toBe(0);
  });
});
