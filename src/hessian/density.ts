// Spectral density of a symmetric operator by stochastic Lanczos quadrature (SLQ;
// Lin, Saad & Yang 2016; Ghorbani, Krishnan & Xiao 2019 for Hessians).
//
// The density φ(t) = (1/P)·Σ_i δ(t − λ_i) satisfies, for a unit vector v,
//   vᵀ g(A) v = Σ_i (vᵀu_i)²·g(λ_i) ≈ Σ_j τ_j²·g(θ_j),
// the m-point Gauss quadrature given by m Lanczos steps from v: nodes θ_j = eigenvalues
// of T_m, weights τ_j² = (first component of T_m's j-th unit eigenvector)². It is exact
// for polynomials of degree ≤ 2m−1. With v = z/‖z‖, z Rademacher, E[(vᵀu_i)²] = 1/P,
// so averaging over n_v starting vectors estimates φ:
//   φ(t) ≈ (1/n_v)·Σ_l Σ_j τ_lj²·g_σ(t − θ_lj),   g_σ the N(0, σ²) density.
// Σ_j τ_lj² = 1 for every l, so φ integrates to 1 over the real line and its mean is
// (1/n_v)·Σ_l α_l1 = (1/n_v)·Σ_l z_lᵀA z_l / P: Hutchinson's trace estimate over P.
//
// Grid and normalisation: σ defaults to sigmaRelative·(θmax − θmin) over all nodes;
// the grid spans [θmin − 8σ, θmax + 8σ] (the Gaussian tails beyond hold < 1.3e-15 of
// the mass, so truncation moves neither the integral nor the mean) with `points` equal
// steps. The values are divided by their trapezoid integral on that grid (reported as
// `rawIntegral`; 1 up to the trapezoid error, ~1e-15 when the step is ≤ σ/2), so the
// trapezoid integral of the returned density is 1 to rounding.

import { KanntkError } from '../errors.js';
import { createSeededRandom } from '../math/random.js';
import { lanczos, type LinearOperator } from '../spectral/lanczos.js';
import { tridiagonalEigen } from '../spectral/tridiagonal-eigen.js';
import { rademacher } from './trace.js';

export interface DensityOptions {
  /** Number of random starting vectors n_v (default 4). */
  vectors?: number;
  /** Lanczos steps m per vector (default 64, clipped to the operator size). */
  steps?: number;
  /** Seed of the Rademacher starting vectors (default 0). */
  seed?: number;
  /** Gaussian broadening σ in eigenvalue units; default sigmaRelative·(spectral range of the nodes). */
  sigma?: number;
  /** σ relative to the range of the nodes when sigma is not given (default 0.01). */
  sigmaRelative?: number;
  /** Grid points (default 1024). */
  points?: number;
}

export interface SpectralDensity {
  /** Eigenvalue axis, ascending, equally spaced. */
  grid: Float64Array;
  /** Density at each grid point; its trapezoid integral over the grid is 1. */
  density: Float64Array;
  /** The broadening used. */
  sigma: number;
  /** The trapezoid integral before normalisation (≈ 1; far from 1 means the grid is too coarse for σ). */
  rawIntegral: number;
  /** Quadrature nodes θ_lj per starting vector (descending). */
  nodes: Float64Array[];
  /** Quadrature weights τ_lj² per starting vector (each sums to 1). */
  weights: Float64Array[];
  /** Operator applications used. */
  applications: number;
}

/** Grid padding beyond the extreme nodes, in σ. */
const PAD = 8;

/** Gauss-quadrature nodes and weights of the spectral measure seen from n_v random starting vectors. */
export async function lanczosQuadrature(
  op: LinearOperator,
  options: Pick<DensityOptions, 'vectors' | 'steps' | 'seed'> = {},
): Promise<{ nodes: Float64Array[]; weights: Float64Array[]; applications: number }> {
  const { vectors = 4, steps = 64, seed = 0 } = options;
  if (!Number.isInteger(vectors) || vectors < 1) throw new KanntkError(`density: vectors must be a positive integer, got ${String(vectors)}`);
  if (!Number.isInteger(steps) || steps < 1) throw new KanntkError(`density: steps must be a positive integer, got ${String(steps)}`);
  const root = createSeededRandom(seed);
  const nodes: Float64Array[] = [];
  const weights: Float64Array[] = [];
  let applications = 0;
  for (let l = 0; l < vectors; l++) {
    const start = rademacher(root.fork('slq', l), op.size);
    // full re-orthogonalisation: without it, converged Ritz values repeat ("ghosts") and their weights split
    const run = await lanczos(op, { steps: Math.min(steps, op.size), start });
    applications += run.steps;
    const t = tridiagonalEigen(run.alpha, run.beta, { components: [0] });
    const w = t.vectors!.map((s) => s * s);
    nodes.push(t.values);
    weights.push(w);
  }
  return { nodes, weights, applications };
}

/** Σ_l Σ_j (w_lj/n_v)·N(t; θ_lj, σ²) on an equally spaced grid, normalised to trapezoid integral 1 (see the file header). */
export function broadenDensity(
  nodes: readonly Float64Array[],
  weights: readonly Float64Array[],
  options: Pick<DensityOptions, 'sigma' | 'sigmaRelative' | 'points'> = {},
): Omit<SpectralDensity, 'nodes' | 'weights' | 'applications'> {
  const { sigmaRelative = 0.01, points = 1024 } = options;
  if (nodes.length === 0 || nodes.length !== weights.length) throw new KanntkError('density: need as many weight lists as node lists, at least one');
  if (!Number.isInteger(points) || points < 2) throw new KanntkError(`density: points must be an integer ≥ 2, got ${String(points)}`);
  let lo = Infinity;
  let hi = -Infinity;
  nodes.forEach((list, l) => {
    if (list.length !== weights[l].length) throw new KanntkError(`density: vector ${l} has ${list.length} nodes but ${weights[l].length} weights`);
    for (const v of list) {
      if (!Number.isFinite(v)) throw new KanntkError(`density: node ${v} of vector ${l} is not finite`);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  });
  let sigma = options.sigma;
  if (sigma === undefined) {
    if (!(sigmaRelative > 0)) throw new KanntkError(`density: sigmaRelative must be positive, got ${String(sigmaRelative)}`);
    const range = hi - lo;
    const scale = range > 0 ? range : Math.max(Math.abs(lo), Math.abs(hi), 1);
    sigma = sigmaRelative * scale;
  }
  if (!(sigma > 0 && Number.isFinite(sigma))) throw new KanntkError(`density: sigma must be a positive number, got ${String(sigma)}`);
  const a = lo - PAD * sigma;
  const b = hi + PAD * sigma;
  const h = (b - a) / (points - 1);
  const grid = Float64Array.from({ length: points }, (_, i) => (i === points - 1 ? b : a + i * h));
  const density = new Float64Array(points);
  const norm = 1 / (nodes.length * sigma * Math.sqrt(2 * Math.PI));
  const reach = 10 * sigma; // exp(−50) ≈ 2e-22: nothing further out is visible in f64
  nodes.forEach((list, l) => {
    for (let j = 0; j < list.length; j++) {
      const w = weights[l][j] * norm;
      if (w === 0) continue;
      const theta = list[j];
      const i0 = Math.max(0, Math.floor((theta - reach - a) / h));
      const i1 = Math.min(points - 1, Math.ceil((theta + reach - a) / h));
      for (let i = i0; i <= i1; i++) {
        const d = (grid[i] - theta) / sigma;
        density[i] += w * Math.exp(-0.5 * d * d);
      }
    }
  });
  const rawIntegral = trapezoid(grid, density);
  if (!(rawIntegral > 0)) throw new KanntkError('density: the broadened density is zero on the grid (are all weights zero?)');
  for (let i = 0; i < points; i++) density[i] /= rawIntegral;
  return { grid, density, sigma, rawIntegral };
}

/** ∫ y dx by the trapezoid rule on the points (x_i, y_i). */
export function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += 0.5 * (x[i] - x[i - 1]) * (y[i] + y[i - 1]);
  return s;
}

/** The spectral density of a symmetric operator by stochastic Lanczos quadrature with Gaussian broadening. */
export async function spectralDensity(op: LinearOperator, options: DensityOptions = {}): Promise<SpectralDensity> {
  const q = await lanczosQuadrature(op, options);
  return { ...broadenDensity(q.nodes, q.weights, options), ...q };
}
