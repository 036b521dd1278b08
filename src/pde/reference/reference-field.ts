// Reference solutions of the built-in PDEs, for measuring PINN errors: at
// arbitrary points (referenceSolution) and on regular grids, cached on disk
// (referenceField). Time-dependent problems take points as (t, x).

import { KanntkError } from '../../errors.js';
import { ALLEN_CAHN_DEFAULTS, solveAllenCahn, type AllenCahnOptions } from './allen-cahn-chebyshev.js';
import { BURGERS_DEFAULTS, burgersColeHopf, type BurgersOptions } from './burgers-cole-hopf.js';
import { cachedField, type FieldCacheOptions, type FieldSource } from './field-cache.js';
import { HELMHOLTZ_DEFAULTS, helmholtzExact, type HelmholtzOptions } from './helmholtz-exact.js';

export const REFERENCE_PDES = ['helmholtz', 'burgers', 'allen-cahn'] as const;
export type ReferencePde = (typeof REFERENCE_PDES)[number];

/** Bumped whenever a solver changes its numbers; part of every cache key. */
export const REFERENCE_SOLVER_VERSION = 'kanntk-reference-1';

export interface ReferenceOptionsByPde {
  helmholtz: HelmholtzOptions;
  burgers: BurgersOptions;
  'allen-cahn': AllenCahnOptions;
}

export interface ReferenceGridByPde {
  helmholtz: { nx: number; ny: number };
  burgers: { nt: number; nx: number };
  'allen-cahn': { nt: number; nx: number };
}

/** A solution sampled on a regular grid; data[i·shape[1] + j] = u(axes[0][i], axes[1][j]). */
export interface ReferenceField {
  pde: ReferencePde;
  axisNames: ['x', 'y'] | ['t', 'x'];
  axes: [Float64Array, Float64Array];
  shape: [number, number];
  data: Float64Array;
  /** whether this call computed the field or read it from the disk cache */
  source: FieldSource;
}

/** Each PDE's domain, per input in input order. */
const DOMAINS: Record<ReferencePde, [[number, number], [number, number]]> = {
  helmholtz: [[-1, 1], [-1, 1]],
  burgers: [[0, 1], [-1, 1]],
  'allen-cahn': [[0, 1], [-1, 1]],
};

const INPUTS: Record<ReferencePde, ['x', 'y'] | ['t', 'x']> = {
  helmholtz: ['x', 'y'],
  burgers: ['t', 'x'],
  'allen-cahn': ['t', 'x'],
};

function checkPde(pde: string): asserts pde is ReferencePde {
  if (!(REFERENCE_PDES as readonly string[]).includes(pde)) {
    throw new KanntkError(`unknown PDE '${pde}' (reference solutions exist for: ${REFERENCE_PDES.join(', ')})`);
  }
}

/** The options with defaults filled in: the numbers that determine the solution (and the cache key). */
function resolveOptions<P extends ReferencePde>(pde: P, options: ReferenceOptionsByPde[P] = {}): Record<string, number> {
  const known: Record<ReferencePde, Record<string, number>> = {
    helmholtz: { ...HELMHOLTZ_DEFAULTS },
    burgers: { ...BURGERS_DEFAULTS },
    'allen-cahn': { ...ALLEN_CAHN_DEFAULTS },
  };
  const resolved: Record<string, number> = known[pde];
  for (const [name, value] of Object.entries(options as Record<string, unknown>)) {
    if (name === 'cache' || name === 'cacheDir') continue;
    if (!(name in resolved)) {
      throw new KanntkError(`${pde}: unknown option '${name}' (known: ${Object.keys(resolved).join(', ')})`);
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new KanntkError(`${pde}: option ${name} = ${String(value)} is not a finite number`);
    resolved[name] = value;
  }
  return resolved;
}

/**
 * u at each of N points (shape [N, 2], row-major; (x, y) for helmholtz, (t, x) for
 * burgers and allen-cahn), inside the domain ([−1,1]², or t ∈ [0,1], x ∈ [−1,1]).
 */
export function referenceSolution<P extends ReferencePde>(
  pde: P,
  points: { shape: readonly number[]; data: ArrayLike<number> },
  options?: ReferenceOptionsByPde[P],
): Float64Array {
  checkPde(pde);
  const opts = resolveOptions(pde, options);
  const { shape, data } = points;
  if (shape.length !== 2 || shape[1] !== 2 || !Number.isInteger(shape[0]) || shape[0] < 0) {
    throw new KanntkError(`referenceSolution(${pde}): points must have shape [N, 2], got [${shape.join(', ')}]`);
  }
  const n = shape[0];
  if (data.length !== 2 * n) throw new KanntkError(`referenceSolution(${pde}): ${data.length} values for shape [${n}, 2]`);
  const [[lo0, hi0], [lo1, hi1]] = DOMAINS[pde];
  const names = INPUTS[pde];
  const slack = 1e-12;
  for (let i = 0; i < n; i++) {
    const a = data[2 * i], b = data[2 * i + 1];
    if (Number.isNaN(a) || Number.isNaN(b)) throw new KanntkError(`referenceSolution(${pde}): point ${i} has NaN`);
    if (!(a >= lo0 - slack && a <= hi0 + slack && b >= lo1 - slack && b <= hi1 + slack)) {
      throw new KanntkError(
        `referenceSolution(${pde}): point ${i} (${names[0]}=${a}, ${names[1]}=${b}) is outside the domain ` +
          `${names[0]} ∈ [${lo0}, ${hi0}], ${names[1]} ∈ [${lo1}, ${hi1}]`,
      );
    }
  }
  const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
  const out = new Float64Array(n);
  switch (pde) {
    case 'helmholtz':
      for (let i = 0; i < n; i++) out[i] = helmholtzExact(data[2 * i], data[2 * i + 1], opts);
      return out;
    case 'burgers':
      for (let i = 0; i < n; i++) out[i] = burgersColeHopf(clamp(data[2 * i], 0, 1), clamp(data[2 * i + 1], -1, 1), opts).u;
      return out;
    case 'allen-cahn': {
      // one fixed step grid on [0, 1], solved only as far as the latest time asks (plus the cubic's stencil)
      let latest = 0;
      for (let i = 0; i < n; i++) latest = Math.max(latest, clamp(data[2 * i], 0, 1));
      const total = Math.ceil(1 / opts.dtMax - 1e-9);
      const steps = Math.min(total, Math.ceil(latest * total - 1e-9) + 2);
      const solution = solveAllenCahn(steps / total, opts, steps);
      for (let i = 0; i < n; i++) out[i] = solution.evaluate(clamp(data[2 * i], 0, 1), clamp(data[2 * i + 1], -1, 1));
      return out;
    }
  }
  throw new KanntkError(`unreachable: ${pde as string}`);
}

const linspace = (lo: number, hi: number, n: number): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));

/**
 * u on the regular grid with end points over the domain: shape [nx, ny] over (x, y) for
 * helmholtz, [nt, nx] over (t, x) otherwise. Cached on disk (see field-cache.ts);
 * options.cache = false or no filesystem: computed every time.
 */
export async function referenceField<P extends ReferencePde>(
  pde: P,
  grid: ReferenceGridByPde[P],
  options?: ReferenceOptionsByPde[P] & FieldCacheOptions,
): Promise<ReferenceField> {
  checkPde(pde);
  const opts = resolveOptions(pde, options);
  const g = grid as Record<string, unknown>;
  const names = INPUTS[pde];
  const sizes = names.map((axis) => g[axis === 't' ? 'nt' : axis === 'x' ? 'nx' : 'ny']);
  for (const [i, size] of sizes.entries()) {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 2) {
      const field = names[i] === 't' ? 'nt' : names[i] === 'x' ? 'nx' : 'ny';
      throw new KanntkError(`referenceField(${pde}): grid.${field} must be an integer ≥ 2 (got ${String(size)})`);
    }
  }
  const [n0, n1] = sizes as [number, number];
  const [[lo0, hi0], [lo1, hi1]] = DOMAINS[pde];
  const axes: [Float64Array, Float64Array] = [linspace(lo0, hi0, n0), linspace(lo1, hi1, n1)];
  const key = { version: REFERENCE_SOLVER_VERSION, pde, options: opts, grid: { [names[0]]: n0, [names[1]]: n1 } };
  const compute = (): Float64Array => computeField(pde, axes, opts);
  const { data, source } = await cachedField(pde, key, n0 * n1, compute, options ?? {});
  return { pde, axisNames: names, axes, shape: [n0, n1], data, source };
}

function computeField(pde: ReferencePde, axes: [Float64Array, Float64Array], opts: Record<string, number>): Float64Array {
  const [a0, a1] = axes;
  const out = new Float64Array(a0.length * a1.length);
  if (pde === 'allen-cahn') {
    // a step count that lands on every output time
    const intervals = a0.length - 1;
    const per = Math.ceil(1 / (intervals * opts.dtMax) - 1e-9);
    const solution = solveAllenCahn(1, opts, intervals * per);
    for (let i = 0; i < a0.length; i++) {
      for (let j = 0; j < a1.length; j++) out[i * a1.length + j] = solution.evaluate(a0[i], a1[j]);
    }
    return out;
  }
  const points = new Float64Array(2 * out.length);
  for (let i = 0; i < a0.length; i++) {
    for (let j = 0; j < a1.length; j++) {
      points[2 * (i * a1.length + j)] = a0[i];
      points[2 * (i * a1.length + j) + 1] = a1[j];
    }
  }
  return referenceSolution(pde, { shape: [out.length, 2], data: points }, opts);
}
