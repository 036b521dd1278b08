// The function-fitting protocol of the research (KAN initialisation schemes and
// their NTK spectra), as data: the paper's settings and a reduced default.

import type { InitScheme } from '../kan/init.js';
import type { KanConfig } from '../kan/build.js';

export type FunctionName = 'f1' | 'f2' | 'f3' | 'f4' | 'f5';
export type ModelName = 'small' | 'big';
export type InitName = 'baseline' | 'glorot' | 'power';

export const MODELS: Record<ModelName, Omit<KanConfig, 'init' | 'seed'>> = {
  small: { layerDims: [2, 8, 8, 1], G: 5, k: 3, gridRange: [-1, 1], residual: 'silu', externalWeights: true, bias: true },
  big: { layerDims: [2, 32, 32, 32, 1], G: 20, k: 3, gridRange: [-1, 1], residual: 'silu', externalWeights: true, bias: true },
};

export const INITS: Record<InitName, InitScheme> = {
  baseline: { type: 'default' },
  glorot: { type: 'glorot', distribution: 'uniform' },
  power: { type: 'power', const_b: 1, const_r: 1, pow_b1: 1.75, pow_b2: 1.75, pow_r1: 0.25, pow_r2: 0.25 },
};

export interface StudyProtocol {
  /** points uniform in [−1, 1]², split 80/20 into train/test */
  nPoints: number;
  /** NTK on nNtk training points drawn at random (seeded) */
  nNtk: number;
  /** full-batch Adam updates */
  epochs: number;
  checkpoints: number[];
  lr: number;
  /** side of the evaluation grid for the relative L2 error */
  gridSide: number;
  functions: FunctionName[];
  models: ModelName[];
  inits: InitName[];
  seed: number;
}

/** The paper's protocol (`kanntk study --full`). */
export const FULL_PROTOCOL: StudyProtocol = {
  nPoints: 5000, nNtk: 256, epochs: 2001, checkpoints: [0, 500, 1000, 1500, 2000], lr: 1e-3, gridSide: 200,
  functions: ['f1', 'f2', 'f3', 'f4', 'f5'], models: ['small', 'big'], inits: ['baseline', 'glorot', 'power'], seed: 43,
};

/** The same protocol scaled down to about a minute on one CPU core (the default). */
export const REDUCED_PROTOCOL: StudyProtocol = {
  ...FULL_PROTOCOL, nPoints: 1000, nNtk: 128, epochs: 201, checkpoints: [0, 100, 200],
};

/**
 * The browser demo's default (`kanntk demo`, and `kanntk study --preset demo` in Node): one function,
 * the small model, all three initialisations, a few seconds on one core, so the page answers quickly.
 */
export const DEMO_PROTOCOL: StudyProtocol = {
  ...FULL_PROTOCOL, nPoints: 1000, nNtk: 128, epochs: 300, checkpoints: [0, 100, 200, 300], gridSide: 100,
  functions: ['f2'], models: ['small'],
};

/** 0 and `count − 1` more checkpoints evenly spaced up to `last` (the protocols' pattern, kept when the budget changes). */
export function evenCheckpoints(count: number, last: number): number[] {
  const q = count - 1;
  return [...new Set(Array.from({ length: q + 1 }, (_, i) => Math.round((i * last) / q)))];
}
