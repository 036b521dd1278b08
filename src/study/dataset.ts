// Study data: seeded points uniform in [−1, 1]², the 80/20 split, and the evaluation grid.

import { createSeededRandom } from '../math/random.js';
import type { HostArray } from '../host-array.js';

export interface Split {
  train: HostArray<Float64Array>;
  test: HostArray<Float64Array>;
}

/** n points uniform in [−1, 1]² ([n, 2] row-major), the first 80% for training. */
export function uniformSplit(n: number, seed: number): Split {
  const rng = createSeededRandom(seed).fork('study-data');
  const data = Float64Array.from({ length: 2 * n }, () => rng.uniform(-1, 1));
  const nTrain = Math.round(0.8 * n);
  return {
    train: { shape: [nTrain, 2], data: data.slice(0, 2 * nTrain) },
    test: { shape: [n - nTrain, 2], data: data.slice(2 * nTrain) },
  };
}

/** side × side grid over [−1, 1]² (x0 varies slowest). */
export function evaluationGrid(side: number): HostArray<Float64Array> {
  const t = Array.from({ length: side }, (_, i) => -1 + (2 * i) / (side - 1));
  const data: number[] = [];
  for (const a of t) for (const b of t) data.push(a, b);
  return { shape: [side * side, 2], data: Float64Array.from(data) };
}
