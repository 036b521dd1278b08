// Dense linear least squares on the host (plain f64), used to refit spline
// coefficients after a grid update (grid-update.ts).
//
// Method: Householder QR of the ridge-augmented system
//
//     min_X ‖A·X − B‖²_F + μ²‖X‖²_F   ⇔   min_X ‖ [A; μI]·X − [B; 0] ‖²_F
//
// with μ² = ridge · trace(AᵀA) = ridge · ‖A‖²_F. QR works on A itself, so the
// condition number is not squared as in the normal equations, and a ridge far
// below √ε is still meaningful. The ridge only matters where A is (nearly) rank
// deficient — for a B-spline design, basis functions with no or almost no samples
// in their support: those coefficients are pulled to ~0 instead of blowing up.
// For a well-conditioned A the ridge biases X by about ridge·‖A‖²_F/σ_min(A)²
// (relative). All right-hand sides share one factorisation.

import { KanntkError } from '../errors.js';

/** Default relative ridge: μ² = 1e-14·‖A‖²_F, i.e. μ = 1e-7·‖A‖_F. */
export const DEFAULT_RIDGE = 1e-14;

export interface LeastSquaresOptions {
  /** relative ridge (μ² = ridge·‖A‖²_F); 0 means plain least squares, which throws on exact rank deficiency */
  ridge?: number;
}

/**
 * Solves min_X ‖A·X − B‖² + μ²‖X‖² for A [m, n] and B [m, r] (row-major), returning X [n, r] (row-major).
 * m may be smaller than n when ridge > 0.
 */
export function solveLeastSquares(
  A: ArrayLike<number>,
  m: number,
  n: number,
  B: ArrayLike<number>,
  r: number,
  options: LeastSquaresOptions = {},
): Float64Array {
  const ridge = options.ridge ?? DEFAULT_RIDGE;
  for (const [name, v] of [['m', m], ['n', n], ['r', r]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new KanntkError(`solveLeastSquares: ${name}=${v} must be a non-negative integer`);
  }
  if (A.length !== m * n) throw new KanntkError(`solveLeastSquares: A has ${A.length} entries, expected m·n = ${m}·${n}`);
  if (B.length !== m * r) throw new KanntkError(`solveLeastSquares: B has ${B.length} entries, expected m·r = ${m}·${r}`);
  if (!(ridge >= 0) || !Number.isFinite(ridge)) throw new KanntkError(`solveLeastSquares: ridge=${ridge} must be finite and ≥ 0`);
  if (ridge === 0 && m < n) throw new KanntkError(`solveLeastSquares: ${m} rows are too few for ${n} unknowns without a ridge`);

  let frob2 = 0;
  for (let p = 0; p < m * n; p++) {
    const v = A[p];
    if (!Number.isFinite(v)) throw new KanntkError(`solveLeastSquares: A[${Math.floor(p / n)}, ${p % n}] is ${v}`);
    frob2 += v * v;
  }
  for (let p = 0; p < m * r; p++) {
    if (!Number.isFinite(B[p])) throw new KanntkError(`solveLeastSquares: B[${Math.floor(p / r)}, ${p % r}] is ${B[p]}`);
  }
  const X = new Float64Array(n * r);
  if (n === 0 || r === 0 || frob2 === 0) return X; // A = 0: the minimiser of the ridge problem is X = 0

  const mu = ridge > 0 ? Math.sqrt(ridge * frob2) : 0;
  const rows = ridge > 0 ? m + n : m;
  // column-major copies: column j of the augmented matrix is M[j*rows .. j*rows+rows)
  const M = new Float64Array(rows * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) M[j * rows + i] = A[i * n + j];
  if (mu > 0) for (let j = 0; j < n; j++) M[j * rows + m + j] = mu;
  const R = new Float64Array(rows * r);
  for (let i = 0; i < m; i++) for (let c = 0; c < r; c++) R[c * rows + i] = B[i * r + c];

  // Householder QR, applying each reflector to the remaining columns and to the right-hand sides
  const diag = new Float64Array(n);
  const v = new Float64Array(rows);
  for (let j = 0; j < n; j++) {
    const col = j * rows;
    let scale = 0;
    for (let i = j; i < rows; i++) scale = Math.max(scale, Math.abs(M[col + i]));
    if (scale === 0) {
      diag[j] = 0;
      continue;
    }
    let norm2 = 0;
    for (let i = j; i < rows; i++) {
      const s = M[col + i] / scale;
      norm2 += s * s;
    }
    const alpha = (M[col + j] > 0 ? -1 : 1) * scale * Math.sqrt(norm2); // sign avoids cancellation
    // v = x − alpha·e_1, reflector H = I − 2vvᵀ/(vᵀv)
    for (let i = j; i < rows; i++) v[i] = M[col + i];
    v[j] -= alpha;
    let vv = 0;
    for (let i = j; i < rows; i++) vv += v[i] * v[i];
    diag[j] = alpha;
    if (vv === 0) continue;
    const apply = (buf: Float64Array, off: number): void => {
      let dot = 0;
      for (let i = j; i < rows; i++) dot += v[i] * buf[off + i];
      const f = (2 * dot) / vv;
      if (f !== 0) for (let i = j; i < rows; i++) buf[off + i] -= f * v[i];
    };
    for (let jj = j + 1; jj < n; jj++) apply(M, jj * rows);
    for (let c = 0; c < r; c++) apply(R, c * rows);
  }

  // back substitution R·X = (QᵀB)[0:n]
  let maxDiag = 0;
  for (let j = 0; j < n; j++) maxDiag = Math.max(maxDiag, Math.abs(diag[j]));
  for (let j = n - 1; j >= 0; j--) {
    if (!(Math.abs(diag[j]) > maxDiag * Number.EPSILON * rows)) {
      throw new KanntkError(`solveLeastSquares: the matrix is rank deficient (column ${j}); use a ridge > 0`);
    }
    for (let c = 0; c < r; c++) {
      let s = R[c * rows + j];
      for (let jj = j + 1; jj < n; jj++) s -= M[jj * rows + j] * X[jj * r + c];
      X[j * r + c] = s / diag[j];
    }
  }
  return X;
}
