// Collocation points: an N×N grid over the domain and the initial/boundary points
// (the research uses N = 64; seeded subsets of them, math/row-subset.ts, for the NTK).

import { KanntkError } from '../errors.js';
import type { PdeDefinition } from './pde-definition.js';
import type { HostArray } from '../host-array.js';

const linspace = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)));

/** N×N grid over the domain, first input varying slowest: [N², 2]. */
export function collocationGrid(pde: PdeDefinition, n: number): HostArray<Float64Array> {
  if (!Number.isInteger(n) || n < 2) throw new KanntkError(`collocation: N must be an integer ≥ 2, got ${n}`);
  const [a, b] = pde.inputs.map((name) => linspace(...pde.domain[name], n));
  const data: number[] = [];
  for (const p of a) for (const q of b) data.push(p, q);
  return { shape: [n * n, 2], data: Float64Array.from(data) };
}

/**
 * Boundary and initial points with n per piece: for (t, x) problems the initial line
 * t = t0 and the two sides x = lo, hi; for box problems the four sides. [M, 2].
 */
export function boundaryPoints(pde: PdeDefinition, n: number): HostArray<Float64Array> {
  if (!Number.isInteger(n) || n < 2) throw new KanntkError(`collocation: boundary N must be an integer ≥ 2, got ${n}`);
  const [u, v] = pde.inputs;
  const [u0, u1] = pde.domain[u], [v0, v1] = pde.domain[v];
  const data: number[] = [];
  if (pde.boundary.kind === 'initial-and-sides') {
    for (const x of linspace(v0, v1, n)) data.push(u0, x);
    for (const t of linspace(u0, u1, n).slice(1)) data.push(t, v0, t, v1);
  } else {
    for (const s of linspace(v0, v1, n)) data.push(u0, s, u1, s);
    for (const s of linspace(u0, u1, n).slice(1, -1)) data.push(s, v0, s, v1);
  }
  return { shape: [data.length / 2, 2], data: Float64Array.from(data) };
}

