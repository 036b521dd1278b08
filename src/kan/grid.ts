// Knot grids of spline layers (fixtures README §3): G intervals on [lo, hi],
// extended by k knots of the same spacing on each side.

import { KanntkError } from '../errors.js';

/** The G+2k+1 knots t_j = (j − k)·h + lo, h = (hi − lo)/G (multiply first, then add lo, as jaxKAN in float64). */
export function uniformKnots(G: number, k: number, lo: number, hi: number): Float64Array {
  if (!Number.isInteger(G) || G < 1) throw new KanntkError(`grid: G=${G} must be a positive integer`);
  if (!Number.isInteger(k) || k < 0) throw new KanntkError(`grid: k=${k} must be a non-negative integer`);
  if (!(hi > lo)) throw new KanntkError(`grid: range [${lo}, ${hi}] is empty`);
  const h = (hi - lo) / G;
  return Float64Array.from({ length: G + 2 * k + 1 }, (_, j) => (j - k) * h + lo);
}

/** Throws unless every row of a [rows, nKnots] knot array is non-decreasing and finite. */
export function checkKnotRows(knots: ArrayLike<number>, rows: number, nKnots: number, where: string): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < nKnots; j++) {
      const t = knots[r * nKnots + j];
      if (!Number.isFinite(t)) throw new KanntkError(`${where}: knot ${j} of row ${r} is ${t}`);
      if (j > 0 && t < knots[r * nKnots + j - 1]) throw new KanntkError(`${where}: knots of row ${r} decrease at index ${j}`);
    }
  }
}
