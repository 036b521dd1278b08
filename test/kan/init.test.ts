// Initialisation schemes against kan_init_stats.json (fixtures README §6): the σ
// formulas exactly, our exact expectations, and the statistics of generated arrays.
import { describe, it, expect } from 'vitest';
import { loadFixture } from '../helpers/fixtures.js';
import { KanntkError } from '../../src/errors.js';
import { bsplineBasis } from '../../src/kan/bspline-host.js';
import { gaussLegendre, integrate } from '../../src/math/quadrature.js';
import { basisMoments, chebyshevFamily, siluFamily, splineFamily } from '../../src/kan/basis-expectations.js';
import { detExp } from '../../src/math/det-math.js';
import { createSeededRandom } from '../../src/math/random.js';
import { worstSplineBasisError } from '../helpers/spline-fixture.js';
import { initLayerOf } from '../../src/kan/layers/registry.js';
import {
  defaultSigmas,
  glorotFineSigmas,
  glorotSigmas,
  initLayer,
  layerExpectations,
  layerSigmas,
  lecunSigmas,
  powerSigmas,
  POWER_DEFAULTS,
  TRUNCATED_NORMAL_STD_FACTOR,
  type InitLayer,
  type InitScheme,
} from '../../src/kan/init.js';

const fx = loadFixture('kan_init_stats.json');
const basisFx = loadFixture('spline_basis.json');

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let w = 0;
  for (let j = 0; j < b.length; j++) w = Math.max(w, rel(a[j], b[j]));
  return w;
};

/** Knots of §3: t_j = (j − k)·h + lo, multiply first, then add lo. */
function knots(G: number, k: number, [lo, hi]: number[]): number[] {
  const h = (hi - lo) / G;
  return Array.from({ length: G + 2 * k + 1 }, (_, j) => (j - k) * h + lo);
}

/** The InitLayer of layer ℓ of a fixture config. */
function fixtureLayer(c: any, l: number): InitLayer {
  const n_in = c.layer_dims[l], n_out = c.layer_dims[l + 1];
  const residual = c.residual !== null;
  if (c.layer_type === 'chebyshev') return { kind: 'chebyshev', n_in, n_out, residual, D: c.D, dropT0: c.add_bias };
  return { kind: c.layer_type, n_in, n_out, residual, k: c.k, G: c.G, grid: knots(c.G, c.k, c.grid_range) };
}

/** Turns a fixture expectations block into the formula input ({shape,data} → arrays). */
function fxExpectations(e: any) {
  return { ...e, mu0: e.mu0?.data, mu1: e.mu1?.data };
}

describe('host B-spline basis (src/kan/bspline-host.ts) vs spline_basis.json', () => {
  for (const c of basisFx.cases) {
    it(`k=${c.k} G=${c.G}: B, dB, d2B`, () => {
      const worst = worstSplineBasisError(c, bsplineBasis);
      // f64 recursion, association order differs from JAX: README §12 suggests 1e-12 of max|·|
      expect(worst).toBeLessThan(1e-12);
    });
  }
});

describe('Gauss–Legendre quadrature', () => {
  it('n-point rule integrates x^j exactly for j ≤ 2n−1 and its weights sum to 2', () => {
    for (const n of [1, 2, 5, 20, 64]) {
      const { nodes, weights } = gaussLegendre(n);
      expect(Math.abs(weights.reduce((s, w) => s + w, 0) - 2)).toBeLessThan(4e-15 * Math.max(1, n / 8));
      for (let j = 0; j <= 2 * n - 1; j += 1) {
        let q = 0;
        for (let i = 0; i < n; i++) q += weights[i] * nodes[i] ** j;
        const exact = j % 2 === 1 ? 0 : 2 / (j + 1);
        // rounding only: a few ulps of the O(1) terms, growing mildly with n
        expect(Math.abs(q - exact)).toBeLessThan(1e-14 * Math.max(1, n / 8));
      }
    }
  });
  it('composite rule: ∫_0^π sin = 2 and a split at breaks', () => {
    const [v] = integrate((x, out) => { out[0] = Math.sin(x); }, 1, 0, Math.PI, { maxPanel: 0.5 });
    expect(Math.abs(v - 2)).toBeLessThan(1e-15);
    const [w] = integrate((x, out) => { out[0] = Math.abs(x - 0.3); }, 1, -1, 1, { breaks: [0.3], order: 2 });
    // |x − 0.3| is piecewise linear: exact with the split, 2-point rule
    expect(Math.abs(w - (1.3 ** 2 + 0.7 ** 2) / 2)).toBeLessThan(1e-15);
  });
  it('the truncated-normal std factor is √(E[z²; |z|≤2] / P(|z|≤2)) and matches the fixture', () => {
    const [p, m2] = integrate((z, out) => {
      const phi = detExp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      out[0] = phi;
      out[1] = z * z * phi;
    }, 2, -2, 2, { maxPanel: 0.5 });
    expect(rel(Math.sqrt(m2 / p), TRUNCATED_NORMAL_STD_FACTOR)).toBeLessThan(1e-15);
    expect(TRUNCATED_NORMAL_STD_FACTOR).toBe(fx.truncated_normal_std_factor);
  });
});

describe('exact expectations', () => {
  // The fixture's "exact" values are themselves only good to ~6e-14: its two E[R²]
  // (spline configs 0.0944933890317842, Chebyshev configs 0.09449338903177984)
  // disagree by 4.6e-14 relative, and its Chebyshev μ0 are off the 40-digit values
  // below by up to 4e-14. So: 1e-13 against the fixture, 2e-15 against mpmath.
  const FIXTURE_TOL = 1e-13;
  for (const c of fx.configs) {
    for (const name of ['lecun', 'glorot', 'glorot_fine']) {
      const s = c.schemes[name];
      if (!s.supported) continue;
      it(`${c.name} ${name}: computed = expectations_exact (1e-13)`, () => {
        const ours = layerExpectations(fixtureLayer(c, 0), { distribution: 'uniform' });
        const ex = s.expectations_exact;
        expect(ours.gain).toBe(ex.gain);
        for (const key of ['E_B2', 'E_dB2', 'E_R2', 'E_dR2'] as const) {
          if (key in ex) expect(rel(ours[key], ex[key]), key).toBeLessThan(FIXTURE_TOL);
        }
        if (ex.mu0) expect(maxRel(ours.mu0, ex.mu0.data)).toBeLessThan(FIXTURE_TOL);
        if (ex.mu1) expect(maxRel(ours.mu1, ex.mu1.data)).toBeLessThan(FIXTURE_TOL);
      });
    }
  }

  // 40-digit values from mpmath.quad of the same integrals (scratch script, not kept)
  const MP = {
    uniform: {
      silu: [0.09449338903178537868391072758836890623508, 0.3190776891803154214622030225481585725559],
      chebMu0: [0.2384058440442351118805417173952064095872303, 0.4110077976917964826330501360628378482624477, 0.5964768328333929481034767949549667856690231, 0.5649110859770597686922799662555246701847469, 0.4540138496884566893181530986002959857661254],
      chebMu1: [0.6143461053787140087777208166205030524783802, 1.536055393405564870956834805434084679556886, 2.938845442305600295553909424640536287853026, 5.775427289917039505103946105015202447564845, 10.15705385323710223478046106164694925187704],
    },
    normal: {
      silu: [0.355775519817352156230794292334, 0.379482351632829308996280484737],
      // T_1 and T_5: [E[B²], E[B'²]]
      chebT1: [0.394294490397841174416459772444121, 0.46440290244826824197202146111564],
      chebT5: [0.488882590502078663835474516024157, 7.54777087862731870266274863717681],
      // G=5, k=3 on [−1,1]: B_0 and B_4, [E[B²], E[B'²]]
      splineB0: [0.0290942008401314908315924551299, 0.25983798001293687173062924824],
      splineB4: [0.073960787576266824413639511063, 0.624102321051446546509100796934],
    },
  };
  const HP_TOL = 2e-15; // quadrature is exact or spectrally converged: only rounding is left

  it('uniform: silu and tanh-Chebyshev (D=5) agree with 40-digit quadrature', () => {
    const silu = basisMoments(siluFamily, 'uniform');
    expect(rel(silu.mu0[0], MP.uniform.silu[0])).toBeLessThan(HP_TOL);
    expect(rel(silu.mu1[0], MP.uniform.silu[1])).toBeLessThan(HP_TOL);
    const cheb = basisMoments(chebyshevFamily(5, true), 'uniform');
    expect(maxRel(cheb.mu0, MP.uniform.chebMu0)).toBeLessThan(HP_TOL);
    expect(maxRel(cheb.mu1, MP.uniform.chebMu1)).toBeLessThan(HP_TOL);
  });
  it('normal law: silu, Chebyshev and cubic splines agree with 40-digit quadrature', () => {
    const silu = basisMoments(siluFamily, 'normal');
    expect(rel(silu.mu0[0], MP.normal.silu[0])).toBeLessThan(HP_TOL);
    expect(rel(silu.mu1[0], MP.normal.silu[1])).toBeLessThan(HP_TOL);
    const cheb = basisMoments(chebyshevFamily(5, true), 'normal');
    expect(rel(cheb.mu0[0], MP.normal.chebT1[0])).toBeLessThan(HP_TOL);
    expect(rel(cheb.mu1[0], MP.normal.chebT1[1])).toBeLessThan(HP_TOL);
    expect(rel(cheb.mu0[4], MP.normal.chebT5[0])).toBeLessThan(HP_TOL);
    expect(rel(cheb.mu1[4], MP.normal.chebT5[1])).toBeLessThan(HP_TOL);
    const sp = basisMoments(splineFamily(knots(5, 3, [-1, 1]), 3), 'normal');
    expect(rel(sp.mu0[0], MP.normal.splineB0[0])).toBeLessThan(HP_TOL);
    expect(rel(sp.mu1[0], MP.normal.splineB0[1])).toBeLessThan(HP_TOL);
    expect(rel(sp.mu0[4], MP.normal.splineB4[0])).toBeLessThan(HP_TOL);
    expect(rel(sp.mu1[4], MP.normal.splineB4[1])).toBeLessThan(HP_TOL);
    expect(layerExpectations(fixtureLayer(fx.configs[0], 0), { distribution: 'normal' }).gain).toBe(1);
  });
  it('rows are averaged with their multiplicity (base layer with per-edge knots)', () => {
    const a = knots(5, 3, [-1, 1]), b = knots(5, 3, [-2, 2]);
    const layer: InitLayer = { kind: 'base', n_in: 2, n_out: 2, residual: true, k: 3, G: 5, grid: [...a, ...a, ...a, ...b] };
    const ma = basisMoments(splineFamily(a, 3), 'uniform'), mb = basisMoments(splineFamily(b, 3), 'uniform');
    const e = layerExpectations(layer);
    expect(rel(e.E_B2, 0.75 * ma.E_B2 + 0.25 * mb.E_B2)).toBeLessThan(1e-15);
    expect(rel(e.mu1[3], 0.75 * ma.mu1[3] + 0.25 * mb.mu1[3])).toBeLessThan(1e-15);
  });
});

describe('σ formulas given the fixture expectations (1e-14 relative, README §12)', () => {
  const TOL = 1e-14;
  for (const c of fx.configs) {
    for (const [name, s] of Object.entries<any>(c.schemes)) {
      if (!s.supported) continue;
      it(`${c.name} ${name}`, () => {
        const nb = c.n_basis_per_edge;
        const hasRes = c.residual !== null;
        const basis = c.layer_type === 'chebyshev' ? 'chebyshev' : 'spline';
        for (const L of s.layers) {
          const { n_in, n_out } = L;
          if (name === 'default') {
            const d = defaultSigmas(basis, n_in, n_out, nb, hasRes);
            expect(rel(d.sigma_b, L.sigma_b)).toBeLessThan(TOL);
            if (L.actual_std_c_basis !== undefined) expect(rel(d.std_c_basis, L.actual_std_c_basis)).toBeLessThan(TOL);
            if (hasRes) {
              expect(rel(d.sigma_r!, L.sigma_r)).toBeLessThan(TOL);
              expect(rel(d.c_res_uniform_limit!, L.c_res_uniform_limit)).toBeLessThan(TOL);
            } else expect(d.sigma_r).toBeNull();
            continue;
          }
          if (name === 'power') {
            const p = powerSigmas(s.init_scheme, n_in, nb, hasRes);
            expect(p.basis_term).toBe(L.basis_term);
            expect(rel(p.sigma_b, L.sigma_b)).toBeLessThan(TOL);
            if (hasRes) expect(rel(p.sigma_r!, L.sigma_r)).toBeLessThan(TOL);
            continue;
          }
          for (const [eKey, block] of [['expectations_jaxkan_mc', 'jaxkan'], ['expectations_exact', 'exact']] as const) {
            const e = fxExpectations(s[eKey]);
            const want = L[block];
            if (name === 'lecun') {
              const got = lecunSigmas(e, n_in, nb, hasRes);
              expect(got.scale).toBe(want.scale);
              expect(rel(got.sigma_b, want.sigma_b)).toBeLessThan(TOL);
              if (hasRes) expect(rel(got.sigma_r!, want.sigma_r)).toBeLessThan(TOL);
            } else if (name === 'glorot') {
              const got = glorotSigmas(e, n_in, n_out, nb, hasRes);
              expect([got.scale_in, got.scale_out]).toEqual([want.scale_in, want.scale_out]);
              expect(rel(got.sigma_b, want.sigma_b)).toBeLessThan(TOL);
              if (hasRes) expect(rel(got.sigma_r!, want.sigma_r)).toBeLessThan(TOL);
            } else if (name === 'glorot_fine') {
              const got = glorotFineSigmas(e, n_in, n_out, hasRes);
              expect([got.scale_in, got.scale_out]).toEqual([want.scale_in, want.scale_out]);
              expect(maxRel(got.sigma_b_vec, want.sigma_b_vec)).toBeLessThan(TOL);
              if (hasRes) expect(rel(got.sigma_r!, want.sigma_r)).toBeLessThan(TOL);
            }
          }
        }
      });
    }
  }
  it('power defaults are the research values', () => {
    expect(POWER_DEFAULTS).toEqual({ const_b: 1, const_r: 1, pow_b1: 1.75, pow_b2: 1.75, pow_r1: 0.25, pow_r2: 0.25 });
    const L = fx.configs[0].schemes.power.layers[1];
    expect(rel(powerSigmas({}, L.n_in, 8, true).sigma_b, L.sigma_b)).toBeLessThan(1e-14);
  });
});

describe('layerSigmas: the whole pipeline (our expectations) vs the exact blocks', () => {
  // differs from the formula test only through our expectations (≤ 6e-14, see above)
  const TOL = 1e-13;
  for (const c of fx.configs) {
    for (const [name, s] of Object.entries<any>(c.schemes)) {
      if (!s.supported) continue;
      it(`${c.name} ${name}`, () => {
        s.layers.forEach((L: any, l: number) => {
          const layer = fixtureLayer(c, l);
          const sig = layerSigmas(layer, s.init_scheme as InitScheme)!;
          const want = L.exact ?? L;
          const wantB: number[] = want.sigma_b_vec ?? new Array(c.n_basis_per_edge).fill(want.sigma_b);
          expect(maxRel(sig.sigma_b, wantB)).toBeLessThan(TOL);
          if (c.residual !== null) expect(rel(sig.sigma_r!, want.sigma_r)).toBeLessThan(TOL);
          else expect(sig.sigma_r).toBeNull();
          expect(sig.basis_draw).toBe(name === 'default' && c.layer_type === 'chebyshev' ? 'truncated_normal' : 'normal');
        });
      });
    }
  }
  it("'base' layers support glorot and glorot_fine (jaxKAN 0.3.7 raises): same σ as a spline layer on the same knots", () => {
    const c = fx.configs.find((x: any) => x.name === 'base_small');
    expect(c.schemes.glorot.supported).toBe(false);
    for (const type of ['glorot', 'glorot_fine'] as const) {
      const base = layerSigmas(fixtureLayer(c, 0), { type })!;
      const spline = layerSigmas({ ...(fixtureLayer(c, 0) as any), kind: 'spline' }, { type })!;
      expect(maxRel(base.sigma_b, spline.sigma_b)).toBe(0);
      expect(base.sigma_r).toBe(spline.sigma_r);
    }
  });
});

/** Population mean and std (ddof 0). */
function stats(a: ArrayLike<number>) {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j];
  const mean = s / a.length;
  let v = 0;
  for (let j = 0; j < a.length; j++) v += (a[j] - mean) ** 2;
  return { mean, std: Math.sqrt(v / a.length) };
}

/**
 * Sampling-error check: |std/σ − 1| < 4·√(1/(2n)) + 0.01 (the std of a sample std
 * is ≈ σ/√(2n) for a normal, smaller for uniform and truncated draws) and
 * |mean| < 4σ/√n. Deterministic seeds, so no flakiness; the 4-sigma margin is
 * what a new stream would have to pass.
 */
function expectSampled(a: ArrayLike<number>, sigma: number, what: string) {
  const n = a.length;
  const { mean, std } = stats(a);
  expect(Math.abs(std / sigma - 1), `${what} std ${std} vs ${sigma} (n=${n})`).toBeLessThan(4 * Math.sqrt(1 / (2 * n)) + 0.01);
  expect(Math.abs(mean), `${what} mean (n=${n})`).toBeLessThan((4 * sigma) / Math.sqrt(n));
}

function expectArrays(layer: InitLayer, init: ReturnType<typeof initLayer>, what: string) {
  const sig = init.sigmas!;
  const nb = sig.sigma_b.length;
  const factor = sig.basis_draw === 'truncated_normal' ? TRUNCATED_NORMAL_STD_FACTOR : 1;
  expect(init.c_basis.length).toBe(layer.n_out * layer.n_in * nb);
  if (sig.sigma_b.every((v) => v === sig.sigma_b[0])) {
    expectSampled(init.c_basis, factor * sig.sigma_b[0], `${what} c_basis`);
  } else {
    // glorot_fine: check each basis index m over its n_out·n_in entries
    for (let m = 0; m < nb; m++) {
      const col = Array.from({ length: layer.n_out * layer.n_in }, (_, e) => init.c_basis[e * nb + m]);
      expectSampled(col, sig.sigma_b[m], `${what} c_basis[·,·,${m}]`);
    }
  }
  if (layer.residual) {
    expect(init.c_res!.length).toBe(layer.n_out * layer.n_in);
    expectSampled(init.c_res!, sig.sigma_r!, `${what} c_res`);
    if (sig.res_draw === 'uniform') expect(Math.max(...init.c_res!.map(Math.abs))).toBeLessThan(sig.c_res_uniform_limit!);
  } else expect(init.c_res).toBeNull();
}

describe('generated arrays', () => {
  for (const c of fx.configs) {
    for (const [name, s] of Object.entries<any>(c.schemes)) {
      if (!s.supported) continue;
      it(`${c.name} ${name}: every layer's mean/std within sampling error of σ`, () => {
        const root = createSeededRandom(c.seed);
        s.layers.forEach((L: any, l: number) => {
          const layer = fixtureLayer(c, l);
          const init = initLayer(layer, s.init_scheme as InitScheme, root.fork('layer', l));
          expect(init.c_basis.length).toBe(L.c_basis_shape.reduce((p: number, q: number) => p * q, 1));
          expectArrays(layer, init, `${c.name}/${name}/layer ${l}`);
        });
      });
    }
  }

  // the fixture layers are small (c_res of a last layer has 8 entries); wide layers make the checks sharp
  const wideSpline: InitLayer = { kind: 'spline', n_in: 64, n_out: 64, residual: true, k: 3, G: 5, grid: knots(5, 3, [-1, 1]) };
  const wideCheb: InitLayer = { kind: 'chebyshev', n_in: 64, n_out: 64, residual: true, D: 5, dropT0: true };
  const schemes: InitScheme[] = [
    { type: 'default' },
    { type: 'power' },
    { type: 'lecun' },
    { type: 'glorot', distribution: 'normal' },
    { type: 'glorot_fine' },
  ];
  for (const layer of [wideSpline, wideCheb]) {
    for (const scheme of schemes) {
      it(`wide ${layer.kind} 64→64 ${scheme.type}: std within ${(4 * Math.sqrt(1 / (2 * 4096))).toFixed(3)}+0.01 of σ`, () => {
        expectArrays(layer, initLayer(layer, scheme, createSeededRandom(7).fork('layer', 0)), `${layer.kind}/${scheme.type}`);
      });
    }
  }
  it('Chebyshev default: c_basis std is 0.8796·σ_b (truncated normal, no rescaling) and |c| ≤ 2σ_b', () => {
    const init = initLayer(wideCheb, { type: 'default' }, createSeededRandom(11));
    const sb = init.sigmas!.sigma_b[0];
    expect(sb).toBe(1 / Math.sqrt(64 * 5));
    const { std } = stats(init.c_basis);
    const n = init.c_basis.length;
    expect(Math.abs(std / (TRUNCATED_NORMAL_STD_FACTOR * sb) - 1)).toBeLessThan(4 * Math.sqrt(1 / (2 * n)));
    expect(Math.max(...init.c_basis.map(Math.abs))).toBeLessThanOrEqual(2 * sb);
  });

  it('same seed → identical arrays; different seed or layer stream → different arrays', () => {
    const layer = fixtureLayer(fx.configs[1], 1); // spline_big 32→32
    for (const scheme of schemes) {
      const a = initLayer(layer, scheme, createSeededRandom(43).fork('layer', 1));
      const b = initLayer(layer, scheme, createSeededRandom(43).fork('layer', 1));
      expect(a.c_basis).toEqual(b.c_basis);
      expect(a.c_res).toEqual(b.c_res);
      const c = initLayer(layer, scheme, createSeededRandom(44).fork('layer', 1));
      expect(c.c_basis.some((v, j) => v !== a.c_basis[j])).toBe(true);
      // jaxKAN gives equal-shaped layers identical draws (README §11.1); our per-layer streams do not
      const d = initLayer(layer, scheme, createSeededRandom(43).fork('layer', 2));
      expect(d.c_basis.some((v, j) => v !== a.c_basis[j])).toBe(true);
      expect(d.c_res!.some((v, j) => v !== a.c_res![j])).toBe(true);
    }
  });

  it('golden values: the first entries of a seeded layer (catches any change to streams or draw order)', () => {
    const layer = fixtureLayer(fx.configs[0], 0);
    const g = initLayer(layer, { type: 'glorot' }, createSeededRandom(43).fork('layer', 0));
    const d = initLayer(layer, { type: 'default' }, createSeededRandom(43).fork('layer', 0));
    expect(Array.from(g.c_basis.slice(0, 4))).toEqual(GOLDEN.glorotBasis);
    expect(Array.from(g.c_res!.slice(0, 3))).toEqual(GOLDEN.glorotRes);
    expect(Array.from(d.c_res!.slice(0, 3))).toEqual(GOLDEN.defaultRes);
  });
});

// spline_small layer 0 (2→8, G=5, k=3) from createSeededRandom(43).fork('layer', 0);
// exact equality: the stream, the draw order and the σ bits are all deterministic
const GOLDEN = {
  glorotBasis: [-0.027114630015027213, 0.03921302190655573, 0.09651529524996684, 0.13874046945109744],
  glorotRes: [0.09354649897923775, -0.15057990145179231, 0.05290780850582714],
  defaultRes: [-0.6565808633523751, 0.4324933142853502, 0.30561982268585863],
};

describe('custom scheme and bad input', () => {
  const layer: InitLayer = { kind: 'spline', n_in: 2, n_out: 3, residual: true, k: 3, G: 5, grid: knots(5, 3, [-1, 1]) };
  const rng = createSeededRandom(1);
  const cb = Array.from({ length: 3 * 2 * 8 }, (_, j) => j / 10);
  const cr = [1, 2, 3, 4, 5, 6];
  it('custom copies the given arrays (flat or {shape, data})', () => {
    const a = initLayer(layer, { type: 'custom', c_basis: cb, c_res: cr }, rng);
    expect(Array.from(a.c_basis)).toEqual(cb);
    expect(Array.from(a.c_res!)).toEqual(cr);
    expect(a.sigmas).toBeNull();
    const b = initLayer(layer, { type: 'custom', c_basis: { shape: [3, 2, 8], data: cb }, c_res: { shape: [3, 2], data: cr } }, rng);
    expect(Array.from(b.c_basis)).toEqual(cb);
    const base = initLayer({ ...layer, kind: 'base' }, { type: 'custom', c_basis: { shape: [6, 8], data: cb }, c_res: cr }, rng);
    expect(Array.from(base.c_basis)).toEqual(cb);
  });
  const bad: [string, () => unknown, RegExp][] = [
    ['unknown scheme', () => initLayer(layer, { type: 'kaiming' } as any, rng), /unknown init scheme type "kaiming"/],
    ['negative n_in', () => initLayer({ ...layer, n_in: -2 }, { type: 'default' }, rng), /n_in must be a positive integer/],
    ['fractional n_out', () => layerSigmas({ ...layer, n_out: 1.5 }, { type: 'power' }), /n_out must be a positive integer/],
    ['knot rows of the wrong length', () => layerSigmas({ ...layer, grid: [0, 1, 2] }, { type: 'lecun' }), /needs 2 knot rows of 12/],
    ['custom c_basis wrong shape', () => initLayer(layer, { type: 'custom', c_basis: { shape: [2, 3, 8], data: cb }, c_res: cr }, rng), /c_basis has shape \[2, 3, 8\], expected \[3, 2, 8\]/],
    ['custom c_basis wrong length', () => initLayer(layer, { type: 'custom', c_basis: cb.slice(1), c_res: cr }, rng), /c_basis has 47 numbers, expected 48/],
    ['custom NaN', () => initLayer(layer, { type: 'custom', c_basis: cb.map((v, j) => (j === 5 ? NaN : v)), c_res: cr }, rng), /c_basis\[5\] is NaN/],
    ['custom missing c_res', () => initLayer(layer, { type: 'custom', c_basis: cb }, rng), /c_res \[n_out, n_in\] is required/],
    ['custom c_res without residual', () => initLayer({ ...layer, residual: false }, { type: 'custom', c_basis: cb, c_res: cr }, rng), /no residual/],
    ['bad distribution', () => layerSigmas(layer, { type: 'glorot', distribution: 'cauchy' as any }), /distribution must be 'uniform' or 'normal'/],
    ['bad gain', () => layerSigmas(layer, { type: 'lecun', gain: -1 }), /gain must be a positive finite number/],
    ['bad power constant', () => layerSigmas(layer, { type: 'power', pow_b1: NaN }), /pow_b1 must be a finite number/],
    ['unknown layer kind', () => layerSigmas({ ...layer, kind: 'rbf' } as any, { type: 'default' }), /unknown layer kind "rbf"/],
    ['missing expectation', () => glorotSigmas({ gain: 1, E_B2: 0.1 }, 2, 3, 8, false), /E_dB2 is missing/],
    ['dense layer spec', () => initLayerOf({ type: 'dense', n_in: 1, n_out: 1, activation: null, W: { shape: [1, 1], data: [0] }, b: null }), /type 'dense'/],
  ];
  for (const [what, f, msg] of bad) {
    it(`${what} → KanntkError`, () => {
      expect(f).toThrow(KanntkError);
      expect(f).toThrow(msg);
    });
  }
  it('initLayerOf maps kan-model/1 specs', () => {
    const cheb = initLayerOf({ type: 'chebyshev', n_in: 2, n_out: 3, D: 5, flavor: 'exact', residual: null, c_basis: { shape: [3, 2, 5], data: [] }, c_ext: null, c_res: null, bias: { shape: [3], data: [0, 0, 0] } });
    expect(cheb).toEqual({ kind: 'chebyshev', n_in: 2, n_out: 3, residual: false, D: 5, dropT0: true });
  });
});
