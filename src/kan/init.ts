// Initialisation schemes of KAN layers (fixtures README §6, after jaxKAN 0.3.7
// and the research code of "KAN initialisation schemes"). Written once for any
// basis: a scheme needs the layer's sizes and, for lecun / glorot / glorot_fine,
// the second moments of the basis values and x-derivatives (./basis-expectations.ts)
// — nothing layer-specific beyond that.
//
// Notation: n_b = basis functions per edge (G+k for splines, D or D+1 for
// Chebyshev), R = the silu residual; with a residual every "scale" counts n_b+1
// terms instead of n_b.
//
// Differences from jaxKAN, on purpose:
// * Expectations are exact integrals, not a Monte-Carlo mean over 10,000 JAX-PRNG
//   points, and the default gain is the exact std of the sample law (1/√3 for
//   uniform, 1 for normal) instead of the sample's std (0.5826 for seed 43).
//   σ differs from jaxKAN's by up to ~2% (README §6: E[R²] 0.0982 vs 0.0945).
// * Random numbers come from SeededRandom streams (./random.ts): the caller
//   passes one stream per layer (e.g. root.fork('layer', ℓ)); c_basis and c_res
//   draw from its forks 'c_basis' and 'c_res'. jaxKAN gives every layer the same
//   seed, so equal-shaped layers start identical (README §11.1); we do not copy that.
// * Values stay float64 (jaxKAN stores float32); the engine's precision decides.
// * glorot / glorot_fine work for 'base' layers (jaxKAN 0.3.7 raises a reshape
//   TypeError there): same formulas, moments averaged over the per-edge knot rows.


import { KanntkError } from '../errors.js';
import {
  averageMoments,
  basisMoments,
  chebyshevFamily,
  defaultGain,
  siluFamily,
  splineFamily,
  type BasisFamily,
  type BasisMoments,
  type SampleDistribution,
} from './basis-expectations.js';
import type { SeededRandom } from '../math/random.js';

import {
  type CustomArray, type InitScheme, type MomentSchemeOptions, type PowerParams,
} from './init-schemes.js';
import {
  defaultSigmas, powerSigmas, lecunSigmas, glorotSigmas, glorotFineSigmas, type InitExpectations,
} from './init-sigmas.js';

export * from './init-schemes.js';
export * from './init-sigmas.js';

// ---------------------------------------------------------------------------
// Layers

/** What initialisation needs to know about a layer. */
export type InitLayer =
  | {
      /** 'spline': one knot row per input; 'base': one per edge, row o·n_in+i */
      kind: 'spline' | 'base';
      n_in: number;
      n_out: number;
      residual: boolean;
      k: number;
      G: number;
      /** knot rows, row-major [rows, G+2k+1] (rows = n_in or n_out·n_in), or one row shared by all */
      grid: ArrayLike<number>;
    }
  | {
      kind: 'chebyshev';
      n_in: number;
      n_out: number;
      residual: boolean;
      D: number;
      /** true when the layer has a bias, so the features are T_1..T_D (n_b = D) */
      dropT0: boolean;
    };

/** Basis functions per edge: G+k, D (bias) or D+1. */
export function basisSize(layer: InitLayer): number {
  return layer.kind === 'chebyshev' ? (layer.dropT0 ? layer.D : layer.D + 1) : layer.G + layer.k;
}

/** The distinct basis rows of a layer with their multiplicities. */
function basisRows(layer: InitLayer): { key: string; make: () => BasisFamily; count: number }[] {
  if (layer.kind === 'chebyshev') {
    return [{ key: `cheb:${layer.D}:${layer.dropT0}`, make: () => chebyshevFamily(layer.D, layer.dropT0), count: 1 }];
  }
  const rowLen = layer.G + 2 * layer.k + 1;
  const nRows = layer.kind === 'spline' ? layer.n_in : layer.n_out * layer.n_in;
  const g = layer.grid;
  if (g.length !== rowLen && g.length !== nRows * rowLen) {
    throw new KanntkError(`init: a '${layer.kind}' layer with G=${layer.G}, k=${layer.k} needs ${nRows} knot rows of ${rowLen} (or one shared row), got ${g.length} numbers`);
  }
  const rows = new Map<string, { key: string; make: () => BasisFamily; count: number }>();
  for (let r = 0; r < g.length / rowLen; r++) {
    const row = Array.from({ length: rowLen }, (_, j) => g[r * rowLen + j]);
    const key = `spline:${layer.k}:${row.join(',')}`;
    const hit = rows.get(key);
    if (hit) hit.count++;
    else rows.set(key, { key, make: () => splineFamily(row, layer.k), count: 1 });
  }
  return [...rows.values()];
}

const momentCache = new Map<string, BasisMoments>();

function cachedMoments(key: string, make: () => BasisFamily, distribution: SampleDistribution): BasisMoments {
  const full = `${distribution}|${key}`;
  let m = momentCache.get(full);
  if (!m) {
    if (momentCache.size >= 256) momentCache.clear();
    m = basisMoments(make(), distribution);
    momentCache.set(full, m);
  }
  return m;
}

/** Exact expectations of a layer's basis and of silu under the sample law, gain included (the inputs of the moment-matching σ formulas). */
export function layerExpectations(layer: InitLayer, options: MomentSchemeOptions = {}): Required<InitExpectations> {
  validateLayer(layer);
  const distribution = options.distribution ?? 'uniform';
  if (distribution !== 'uniform' && distribution !== 'normal') throw new KanntkError(`init: distribution must be 'uniform' or 'normal', got ${String(distribution)}`);
  const gain = options.gain ?? defaultGain(distribution);
  if (typeof gain !== 'number' || !Number.isFinite(gain) || gain <= 0) throw new KanntkError(`init: gain must be a positive finite number, got ${String(gain)}`);
  const basis = averageMoments(basisRows(layer).map(({ key, make, count }) => ({ moments: cachedMoments(key, make, distribution), count })));
  const res = cachedMoments('silu', () => siluFamily, distribution);
  return { gain, E_B2: basis.E_B2, E_dB2: basis.E_dB2, mu0: basis.mu0, mu1: basis.mu1, E_R2: res.mu0[0], E_dR2: res.mu1[0] };
}

/** The draw plan of a layer: per-basis-index scale of the unit draw, and the residual's law. */
export interface InitSigmas {
  /** [n_b] multiplier of the unit draw for basis index m (all equal except glorot_fine) */
  sigma_b: Float64Array;
  /** the unit draw of c_basis: standard normal, or standard normal truncated to [−2, 2] (Chebyshev default) */
  basis_draw: 'normal' | 'truncated_normal';
  /** std of c_res entries, null without a residual */
  sigma_r: number | null;
  /** the law of c_res: N(0, σ_r²), or U(−L, L) with L = c_res_uniform_limit (default scheme) */
  res_draw: 'normal' | 'uniform' | null;
  c_res_uniform_limit: number | null;
}

/** σ values a scheme gives a layer (null for 'custom'). */
export function layerSigmas(layer: InitLayer, scheme: InitScheme): InitSigmas | null {
  validateLayer(layer);
  const { n_in, n_out, residual } = layer;
  const n_b = basisSize(layer);
  const flat = (s: number) => new Float64Array(n_b).fill(s);
  const normalRes = (sigma_r: number | null) => ({ sigma_r, res_draw: sigma_r === null ? null : ('normal' as const), c_res_uniform_limit: null });
  const type = (scheme as { type?: unknown } | null)?.type;
  switch (type) {
    case 'default': {
      const d = defaultSigmas(layer.kind === 'chebyshev' ? 'chebyshev' : 'spline', n_in, n_out, n_b, residual);
      return {
        sigma_b: flat(d.sigma_b),
        basis_draw: layer.kind === 'chebyshev' ? 'truncated_normal' : 'normal',
        sigma_r: d.sigma_r,
        res_draw: residual ? 'uniform' : null,
        c_res_uniform_limit: d.c_res_uniform_limit,
      };
    }
    case 'power': {
      const p = powerSigmas(scheme as Partial<PowerParams>, n_in, n_b, residual);
      return { sigma_b: flat(p.sigma_b), basis_draw: 'normal', ...normalRes(p.sigma_r) };
    }
    case 'lecun': {
      const s = lecunSigmas(layerExpectations(layer, scheme as MomentSchemeOptions), n_in, n_b, residual);
      return { sigma_b: flat(s.sigma_b), basis_draw: 'normal', ...normalRes(s.sigma_r) };
    }
    case 'glorot': {
      const s = glorotSigmas(layerExpectations(layer, scheme as MomentSchemeOptions), n_in, n_out, n_b, residual);
      return { sigma_b: flat(s.sigma_b), basis_draw: 'normal', ...normalRes(s.sigma_r) };
    }
    case 'glorot_fine': {
      const s = glorotFineSigmas(layerExpectations(layer, scheme as MomentSchemeOptions), n_in, n_out, residual);
      return { sigma_b: s.sigma_b_vec, basis_draw: 'normal', ...normalRes(s.sigma_r) };
    }
    case 'custom':
      return null;
    default:
      throw new KanntkError(`unknown init scheme type ${JSON.stringify(type)}; expected one of default, lecun, glorot, glorot_fine, power, custom`);
  }
}

/** Initial parameters of one layer. */
export interface LayerInit {
  /** [n_out, n_in, n_b] row-major (for 'base' the same memory as [n_out·n_in, n_b]) */
  c_basis: Float64Array;
  /** [n_out, n_in], or null without a residual */
  c_res: Float64Array | null;
  /** the σ used, null for 'custom' */
  sigmas: InitSigmas | null;
}

/** Draws c_basis and c_res of a layer under a scheme from the layer's stream `rng` (c_spl = 1 and bias = 0 are not drawn). */
export function initLayer(layer: InitLayer, scheme: InitScheme, rng: SeededRandom): LayerInit {
  const sigmas = layerSigmas(layer, scheme);
  const { n_in, n_out } = layer;
  const n_b = basisSize(layer);
  if (sigmas === null) return customArrays(layer, scheme as Extract<InitScheme, { type: 'custom' }>, n_b);
  const basisRng = rng.fork('c_basis');
  const c_basis = new Float64Array(n_out * n_in * n_b);
  const truncated = sigmas.basis_draw === 'truncated_normal';
  for (let e = 0; e < n_out * n_in; e++) {
    for (let m = 0; m < n_b; m++) {
      c_basis[e * n_b + m] = sigmas.sigma_b[m] * (truncated ? basisRng.truncatedNormal(2) : basisRng.normal());
    }
  }
  let c_res: Float64Array | null = null;
  if (layer.residual) {
    const resRng = rng.fork('c_res');
    c_res = new Float64Array(n_out * n_in);
    if (sigmas.res_draw === 'uniform') {
      const L = sigmas.c_res_uniform_limit!;
      for (let e = 0; e < c_res.length; e++) c_res[e] = resRng.uniform(-L, L);
    } else {
      resRng.fillNormal(c_res, sigmas.sigma_r!);
    }
  }
  return { c_basis, c_res, sigmas };
}

function customArrays(layer: InitLayer, scheme: Extract<InitScheme, { type: 'custom' }>, n_b: number): LayerInit {
  const { n_in, n_out } = layer;
  const basisShapes = layer.kind === 'base' ? [[n_out * n_in, n_b], [n_out, n_in, n_b]] : [[n_out, n_in, n_b]];
  const c_basis = customArray(scheme.c_basis, 'c_basis', basisShapes);
  let c_res: Float64Array | null = null;
  if (layer.residual) {
    if (scheme.c_res == null) throw new KanntkError('custom init: the layer has a residual, so c_res [n_out, n_in] is required');
    c_res = customArray(scheme.c_res, 'c_res', [[n_out, n_in]]);
  } else if (scheme.c_res != null) {
    throw new KanntkError('custom init: c_res given but the layer has no residual');
  }
  return { c_basis, c_res, sigmas: null };
}

function customArray(a: CustomArray | undefined, name: string, shapes: number[][]): Float64Array {
  if (a == null) throw new KanntkError(`custom init: ${name} is missing`);
  const size = shapes[0].reduce((p, q) => p * q, 1);
  const want = shapes.map((s) => `[${s.join(', ')}]`).join(' or ');
  let data: ArrayLike<number>;
  if (typeof a !== 'object') throw new KanntkError(`custom init: ${name} must be an array or {shape, data}, got ${typeof a}`);
  if ('shape' in a && 'data' in a) {
    const shape = Array.from(a.shape);
    if (!shapes.some((s) => s.length === shape.length && s.every((d, j) => d === shape[j]))) {
      throw new KanntkError(`custom init: ${name} has shape [${shape.join(', ')}], expected ${want}`);
    }
    data = a.data;
  } else {
    data = a as ArrayLike<number>;
  }
  if (typeof data?.length !== 'number' || data.length !== size) {
    throw new KanntkError(`custom init: ${name} has ${String(data?.length)} numbers, expected ${size} (${want})`);
  }
  const out = Float64Array.from(data);
  const bad = out.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new KanntkError(`custom init: ${name}[${bad}] is ${data[bad]}; values must be finite numbers`);
  return out;
}

function validateLayer(layer: InitLayer): void {
  const kind = (layer as { kind?: unknown } | null)?.kind;
  if (kind !== 'spline' && kind !== 'base' && kind !== 'chebyshev') throw new KanntkError(`init: unknown layer kind ${JSON.stringify(kind)}`);
  for (const name of ['n_in', 'n_out'] as const) {
    const v = layer[name];
    if (!Number.isSafeInteger(v) || v < 1) throw new KanntkError(`init: ${name} must be a positive integer, got ${String(v)}`);
  }
  if (typeof layer.residual !== 'boolean') throw new KanntkError('init: residual must be true or false');
  if (layer.kind === 'chebyshev') {
    const min = layer.dropT0 ? 1 : 0;
    if (!Number.isSafeInteger(layer.D) || layer.D < min) throw new KanntkError(`init: Chebyshev degree D must be an integer ≥ ${min}, got ${String(layer.D)}`);
  } else {
    if (!Number.isSafeInteger(layer.k) || layer.k < 0) throw new KanntkError(`init: spline degree k must be a non-negative integer, got ${String(layer.k)}`);
    if (!Number.isSafeInteger(layer.G) || layer.G < 1) throw new KanntkError(`init: G must be a positive integer, got ${String(layer.G)}`);
  }
}
