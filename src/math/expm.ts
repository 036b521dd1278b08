// The matrix exponential of a general square matrix by scaling and squaring
// with Padé approximants (Higham, "The scaling and squaring method for the
// matrix exponential revisited", SIAM J. Matrix Anal. Appl. 26(4), 2005:
// Algorithm 2.3). The degree m ∈ {3, 5, 7, 9, 13} is the lowest whose θ_m
// bounds ‖A‖₁, so that the backward error of r_m is below the unit roundoff;
// beyond θ₁₃, A is scaled by 2⁻ˢ into range and the result squared s times.
// Symmetric matrices (NTK dynamics) have a cheaper, exact-spectrum path
// through eigh: spectral/kernel-exponential.ts.

import { KanntkError } from '../errors.js';
import { matmulSquare, norm1, solveSquare } from './dense-matrix.js';

/** Padé numerator coefficients b_0 … b_m (the denominator's are the same with alternating signs). */
const PADE: Record<number, number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
    670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/** θ_m: the largest ‖A‖₁ for which degree m is accurate to the unit roundoff (Higham 2005, Table 2.3). */
const THETA: [number, number][] = [
  [3, 1.495585217958292e-2],
  [5, 2.539398330063230e-1],
  [7, 9.504178996162932e-1],
  [9, 2.097847961257068e0],
  [13, 5.371920351148152e0],
];

function identity(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}

/** Σ c_k·M_k for matrices M_k of one size. */
function combine(terms: [number, Float64Array][], size: number): Float64Array {
  const out = new Float64Array(size);
  for (const [c, m] of terms) for (let i = 0; i < size; i++) out[i] += c * m[i];
  return out;
}

/** U and V of r_m = (V − U)⁻¹(V + U): U the odd part (times A), V the even part. */
function padeTerms(a: Float64Array, n: number, m: number): { U: Float64Array; V: Float64Array } {
  const b = PADE[m], size = n * n, I = identity(n);
  const A2 = matmulSquare(a, a, n);
  if (m === 13) {
    const A4 = matmulSquare(A2, A2, n), A6 = matmulSquare(A2, A4, n);
    const inner = matmulSquare(A6, combine([[b[13], A6], [b[11], A4], [b[9], A2]], size), n);
    const U = matmulSquare(a, combine([[1, inner], [b[7], A6], [b[5], A4], [b[3], A2], [b[1], I]], size), n);
    const innerV = matmulSquare(A6, combine([[b[12], A6], [b[10], A4], [b[8], A2]], size), n);
    const V = combine([[1, innerV], [b[6], A6], [b[4], A4], [b[2], A2], [b[0], I]], size);
    return { U, V };
  }
  // powers A⁰, A², A⁴, … up to A^(m−1)
  const powers = [I, A2];
  for (let k = 4; k < m; k += 2) powers.push(matmulSquare(powers[powers.length - 1], A2, n));
  const odd = combine(powers.map((P, j) => [b[2 * j + 1], P] as [number, Float64Array]), size);
  const U = matmulSquare(a, odd, n);
  const V = combine(powers.map((P, j) => [b[2 * j], P] as [number, Float64Array]), size);
  return { U, V };
}

/** exp(A) for a square n×n row-major matrix A (f64 on the host). */
export function expm(matrix: ArrayLike<number>, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new KanntkError(`expm: n must be a positive integer, got ${n}`);
  if (matrix.length !== n * n) throw new KanntkError(`expm: expected an ${n}×${n} matrix (${n * n} values), got ${matrix.length}`);
  let a = Float64Array.from(matrix);
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new KanntkError(`expm: entry (${Math.floor(i / n)}, ${i % n}) is ${a[i]}`);
  const norm = norm1(a, n);
  let m = 13, squarings = 0;
  const fit = THETA.find(([, theta]) => norm <= theta);
  if (fit) m = fit[0];
  else {
    squarings = Math.max(0, Math.ceil(Math.log2(norm / THETA[THETA.length - 1][1])));
    const scale = 2 ** -squarings;
    a = a.map((v) => v * scale);
  }
  const { U, V } = padeTerms(a, n, m);
  const size = n * n;
  let X = solveSquare(combine([[1, V], [-1, U]], size), combine([[1, V], [1, U]], size), n);
  for (let s = 0; s < squarings; s++) X = matmulSquare(X, X, n);
  return X;
}
