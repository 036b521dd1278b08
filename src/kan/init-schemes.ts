// The initialisation schemes of KAN layers as the user names them (the
// `init_scheme` of jaxKAN, keeping its keys), with the research's defaults.
// The σ formulas are in ./init-sigmas.ts, their use on a layer in ./init.ts.

import type { SampleDistribution } from './basis-expectations.js';

// ---------------------------------------------------------------------------
// Schemes

/** A c_basis / c_res array given by the user: flat in the layer's memory order, or {shape, data}. */
export type CustomArray = ArrayLike<number> | { shape: readonly number[]; data: ArrayLike<number> };

/** Options of the moment-matching schemes; null means "the default", as in jaxKAN files. */
export interface MomentSchemeOptions {
  /** law of the input sample x: 'uniform' on [−1, 1] (default) or standard 'normal' */
  distribution?: SampleDistribution | null;
  /** target std; default the std of the sample law (1/√3 uniform, 1 normal) */
  gain?: number | null;
}

export interface PowerParams {
  const_b: number;
  const_r: number;
  pow_b1: number;
  pow_b2: number;
  pow_r1: number;
  pow_r2: number;
}

/** An initialisation scheme (the `init_scheme` of a layer). */
export type InitScheme =
  | { type: 'default' }
  | ({ type: 'lecun' } & MomentSchemeOptions)
  | ({ type: 'glorot' } & MomentSchemeOptions)
  | ({ type: 'glorot_fine' } & MomentSchemeOptions)
  | ({ type: 'power' } & Partial<PowerParams>)
  | { type: 'custom'; c_basis: CustomArray; c_res?: CustomArray | null };

export type InitSchemeType = InitScheme['type'];

/** The research-code defaults of the power scheme (jaxKAN's own defaults are 0.5 for every power). */
export const POWER_DEFAULTS: Readonly<PowerParams> = Object.freeze({
  const_b: 1,
  const_r: 1,
  pow_b1: 1.75,
  pow_b2: 1.75,
  pow_r1: 0.25,
  pow_r2: 0.25,
});

/** σ_b of the spline layers' default scheme. */
export const DEFAULT_SPLINE_SIGMA_B = 0.1;

/** The std of a standard normal truncated to [−2, 2]: √(1 − 4φ(2)/(Φ(2)−Φ(−2))). */
export const TRUNCATED_NORMAL_STD_FACTOR = 0.8796256610342398;
