// What a spectrum says about training: projections onto the top eigenvectors
// (spectral filtering) and the mode-wise error decay of linearised gradient descent,
//   e_t = Σ_i (1 − η·λ_i)^t · ⟨q_i, e_0⟩ · q_i .
// Pure host functions; eigenvectors must be orthonormal (as eigh returns them).

import { KanntkError } from '../errors.js';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

function checkBasis(values: ArrayLike<number>, vectors: ArrayLike<number>[], v: ArrayLike<number>, what: string): void {
  if (vectors.length !== values.length) throw new KanntkError(`${what}: ${values.length} eigenvalues but ${vectors.length} eigenvectors`);
  if (vectors.some((q) => q.length !== v.length)) throw new KanntkError(`${what}: the vector has ${v.length} entries, the eigenvectors ${vectors[0]?.length}`);
}

/** Component of v in the span of the first k eigenvectors, and the fraction of ‖v‖² it holds. */
export function projectTopK(vectors: ArrayLike<number>[], v: ArrayLike<number>, k: number): { projection: Float64Array; energy: number } {
  if (!Number.isInteger(k) || k < 0 || k > vectors.length) throw new KanntkError(`projectTopK: k=${k} must be in [0, ${vectors.length}]`);
  const projection = new Float64Array(v.length);
  for (let i = 0; i < k; i++) {
    const c = dot(vectors[i], v);
    for (let j = 0; j < v.length; j++) projection[j] += c * vectors[i][j];
  }
  const total = dot(v, v);
  return { projection, energy: total > 0 ? dot(projection, projection) / total : 0 };
}

/** ‖e_t‖ for each t in `steps`, given the spectrum (values, orthonormal vectors), e_0 and the step size η. */
export function predictErrorDecay(values: ArrayLike<number>, vectors: ArrayLike<number>[], e0: ArrayLike<number>, eta: number, steps: number[]): number[] {
  checkBasis(values, vectors, e0, 'predictErrorDecay');
  const coeffs = vectors.map((q) => dot(q, e0));
  return steps.map((t) => {
    let s = 0;
    for (let i = 0; i < coeffs.length; i++) s += ((1 - eta * values[i]) ** t * coeffs[i]) ** 2;
    return Math.sqrt(s);
  });
}

/**
 * The predicted number of steps until ‖e_t‖ ≤ target (Infinity if never: a mode
 * with |1 − ηλ| ≥ 1 keeps its share, or the part of e_0 outside the eigenvectors is too big).
 */
export function stepsToReach(values: ArrayLike<number>, vectors: ArrayLike<number>[], e0: ArrayLike<number>, eta: number, target: number): number {
  const norm = (t: number) => predictErrorDecay(values, vectors, e0, eta, [t])[0];
  if (norm(0) <= target) return 0;
  let hi = 1;
  while (norm(hi) > target) {
    hi *= 2;
    if (hi > 2 ** 52) return Infinity;
  }
  let lo = hi / 2;
  // ‖e_t‖ is not always monotone (modes with ηλ > 1 oscillate), so bisect the first crossing found
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (norm(mid) <= target) hi = mid;
    else lo = mid;
  }
  return hi;
}
