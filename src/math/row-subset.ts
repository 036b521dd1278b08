// A seeded random subset of the rows of an [n, d] array, kept in their original
// order: the points the research takes its NTKs on (drawn, not the first rows).

import { createSeededRandom } from './random.js';
import { rowsOf, type HostArray } from '../host-array.js';

/** m rows of x chosen without replacement by a seeded shuffle (all rows when m ≥ n). */
export function seededSubset(x: HostArray, m: number, seed: number): HostArray<Float64Array> {
  const n = x.shape[0];
  if (m >= n) return { shape: [...x.shape], data: Float64Array.from(x.data) };
  // the stream's name predates this file; renaming it would change every drawn subset
  const rng = createSeededRandom(seed).fork('collocation-subset');
  const idx = [...Array(n).keys()];
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const rows = idx.slice(0, m).sort((a, b) => a - b);
  return rowsOf(x, rows);
}
