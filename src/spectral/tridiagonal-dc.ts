// Eigenvalues and full eigenvectors of a symmetric tridiagonal matrix by
// divide and conquer (Cuppen's method with the Gu–Eisenstat eigenvectors), in
// f64 on the host, with the one O(m³) step (the merge products) handed to a
// `multiply` the caller chooses: the WASM core's packed matmul in eigh.
//
// Split T at k: T = diag(T₁', T₂') + ρ̃·z̃z̃ᵀ, where T₁' and T₂' are T's blocks
// with |β| taken off the two diagonal entries at the cut and the rank-one term
// puts it (and β) back. With T₁' = Q₁D₁Q₁ᵀ and T₂' = Q₂D₂Q₂ᵀ solved recursively,
// T = Q·(D + ρ·zzᵀ)·Qᵀ with Q = diag(Q₁, Q₂) and z the last row of Q₁ beside
// ±the first row of Q₂. The eigenpairs of D + ρzzᵀ come from the secular
// equation f(λ) = 1 + ρ·Σ zᵢ²/(dᵢ − λ) = 0, one root between each pair of poles.
//
// - Deflation: an entry zᵢ too small to matter, or two poles too close to tell
//   apart (a Givens rotation then zeroes one of their z entries), leaves dᵢ an
//   eigenvalue with a column of Q as its eigenvector, untouched by the merge.
// - Roots: each root is found as an offset τ from its nearer pole, so the
//   differences dᵢ − λ are formed without cancellation (Newton-like steps on
//   a two-pole rational model of f, safeguarded by bisection).
// - Vectors: z is recomputed from the computed roots (Löwner's formula, as Gu
//   and Eisenstat do), which makes the vectors dᵢ ↦ ẑᵢ/(dᵢ − λⱼ) orthogonal to
//   working precision even for close roots.
// - Products: only the non-deflated columns are multiplied, and Q's block
//   structure is kept: a column from Q₁ is zero below row k, one from Q₂ above.
//
// Eigenvectors are stored as rows (row j is the eigenvector of values[j]), as
// tridiagonalEigen does, so column operations of Q are contiguous rows here.

import { KanntkError } from '../errors.js';
import { tridiagonalEigen } from './tridiagonal-eigen.js';
import { matmul } from '../math/dense-matrix.js';

const EPS = 2 ** -52;
/** Blocks this small go to implicit QL. */
const LEAF_SIZE = 32;
/** Secular-equation iterations per root; bisection alone needs < 110 for f64. */
const MAX_ROOT_ITERATIONS = 200;

/** C = A·B for row-major A (p×q) and B (q×r); may be asynchronous (a backend). */
export type Multiply = (a: Float64Array, b: Float64Array, p: number, q: number, r: number) => Float64Array | Promise<Float64Array>;

export interface TridiagonalDcResult {
  /** the m eigenvalues, descending */
  values: Float64Array;
  /** m×m row-major: row j is the unit eigenvector of values[j] */
  vectors: Float64Array;
}

/** Row-major C = A·B on the host (small merges, and the default `multiply`). */
export const hostMultiply: Multiply = matmul;


/** All eigenpairs of the symmetric tridiagonal matrix with diagonal alpha (m) and off-diagonal beta (m−1). */
export async function tridiagonalEigenDc(
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
  options: { multiply?: Multiply } = {},
): Promise<TridiagonalDcResult> {
  const m = alpha.length;
  if (m === 0) throw new KanntkError('tridiagonalEigenDc: the matrix is empty (alpha has length 0)');
  if (beta.length !== m - 1) throw new KanntkError(`tridiagonalEigenDc: beta must have length ${m - 1} for alpha of length ${m}, got ${beta.length}`);
  let maxAbs = 0;
  for (let i = 0; i < m; i++) maxAbs = Math.max(maxAbs, Math.abs(alpha[i]), i < m - 1 ? Math.abs(beta[i]) : 0);
  if (!Number.isFinite(maxAbs)) throw new KanntkError('tridiagonalEigenDc: the matrix has a non-finite entry');
  // a power-of-two scale (exact) keeps the secular equation away from overflow and underflow
  const scale = maxAbs === 0 ? 1 : 2 ** -Math.floor(Math.log2(maxAbs));
  const d = Float64Array.from(alpha, (v) => v * scale);
  const e = Float64Array.from(beta, (v) => v * scale);
  const { values, vectors } = await solve(d, e, options.multiply ?? hostMultiply);
  // ascending → descending
  const outValues = new Float64Array(m);
  const outVectors = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    outValues[j] = values[m - 1 - j] / scale;
    outVectors.set(vectors.subarray((m - 1 - j) * m, (m - j) * m), j * m);
  }
  return { values: outValues, vectors: outVectors };
}

/** Eigenpairs of the (scaled) tridiagonal (d, e), values ascending, vectors as rows. */
async function solve(d: Float64Array, e: Float64Array, multiply: Multiply): Promise<{ values: Float64Array; vectors: Float64Array }> {
  const m = d.length;
  if (m <= LEAF_SIZE) return leaf(d, e);
  const k = m >> 1;
  const rho = e[k - 1];
  const d1 = d.slice(0, k), d2 = d.slice(k);
  d1[k - 1] -= Math.abs(rho);
  d2[0] -= Math.abs(rho);
  const top = await solve(d1, e.slice(0, k - 1), multiply);
  const bottom = await solve(d2, e.slice(k), multiply);
  return merge(top, bottom, rho, multiply);
}

function leaf(d: Float64Array, e: Float64Array): { values: Float64Array; vectors: Float64Array } {
  const m = d.length;
  const t = tridiagonalEigen(d, e, { components: 'all' });
  const values = new Float64Array(m);
  const vectors = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    values[j] = t.values[m - 1 - j];
    vectors.set(t.vectors!.subarray((m - 1 - j) * m, (m - j) * m), j * m);
  }
  return { values, vectors };
}

/** Which rows of a column of Q can be nonzero: the top block's, the bottom block's, or both. */
const enum Support {
  Top,
  Bottom,
  Mixed,
}

/** Merges the eigenpairs of the two halves through the rank-one update ρ·v·vᵀ, v = e_{k−1} + sign(ρ)·e_k. */
async function merge(
  top: { values: Float64Array; vectors: Float64Array },
  bottom: { values: Float64Array; vectors: Float64Array },
  rho: number,
  multiply: Multiply,
): Promise<{ values: Float64Array; vectors: Float64Array }> {
  const k = top.values.length, m = k + bottom.values.length;
  // the columns of Q = diag(Q₁, Q₂) as rows of length m, and z = Qᵀv / √2 (unit length)
  const cols = new Float64Array(m * m);
  const dAll = new Float64Array(m);
  const zAll = new Float64Array(m);
  const support: Support[] = new Array(m);
  const sign = rho >= 0 ? 1 : -1;
  for (let j = 0; j < k; j++) {
    cols.set(top.vectors.subarray(j * k, (j + 1) * k), j * m);
    dAll[j] = top.values[j];
    zAll[j] = top.vectors[j * k + k - 1] / Math.SQRT2;
    support[j] = Support.Top;
  }
  for (let j = 0; j < m - k; j++) {
    cols.set(bottom.vectors.subarray(j * (m - k), (j + 1) * (m - k)), (k + j) * m + k);
    dAll[k + j] = bottom.values[j];
    zAll[k + j] = (sign * bottom.vectors[j * (m - k)]) / Math.SQRT2;
    support[k + j] = Support.Bottom;
  }
  const r = 2 * Math.abs(rho);
  // the poles in ascending order (two sorted runs: a merge would do, a sort is simpler)
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => dAll[a] - dAll[b] || a - b);

  // deflation
  let dMax = 0;
  for (let i = 0; i < m; i++) dMax = Math.max(dMax, Math.abs(dAll[i]));
  const tol = 8 * EPS * Math.max(dMax, r);
  const deflated: number[] = [];
  const kept: number[] = [];
  let prev = -1;
  for (const i of order) {
    if (r * Math.abs(zAll[i]) <= tol) {
      deflated.push(i);
      continue;
    }
    if (prev >= 0) {
      // a rotation in the (prev, i) plane that zeroes z_prev; negligible when the poles are close
      const h = Math.hypot(zAll[prev], zAll[i]);
      const c = zAll[i] / h, s = -zAll[prev] / h;
      if (Math.abs((dAll[i] - dAll[prev]) * c * s) <= tol) {
        rotateRows(cols, m, prev, i, c, s);
        const dp = dAll[prev], di = dAll[i];
        dAll[prev] = c * c * dp + s * s * di;
        dAll[i] = s * s * dp + c * c * di;
        zAll[prev] = 0;
        zAll[i] = h;
        if (support[prev] !== support[i]) support[prev] = support[i] = Support.Mixed;
        deflated.push(prev);
        prev = i;
        continue;
      }
      kept.push(prev);
    }
    prev = i;
  }
  if (prev >= 0) kept.push(prev);
  kept.sort((a, b) => dAll[a] - dAll[b] || a - b);

  const values = new Float64Array(m);
  const vectors = new Float64Array(m * m);
  let filled = 0;
  if (kept.length > 0) {
    const n = kept.length;
    const dk = Float64Array.from(kept, (i) => dAll[i]);
    const zk = Float64Array.from(kept, (i) => zAll[i]);
    const { lambda, U } = secularEigenvectors(dk, zk, r);
    // vectors of the kept block: row j = Σ_l U[l, j]·cols[kept[l]]; split by rows 0..k and k..m
    const ut = new Float64Array(n * n); // Uᵀ, row j = (U[l, j])_l
    for (let l = 0; l < n; l++) for (let j = 0; j < n; j++) ut[j * n + l] = U[l * n + j];
    for (const [from, to, skip] of [[0, k, Support.Bottom], [k, m, Support.Top]] as const) {
      const use = [...kept.keys()].filter((l) => support[kept[l]] !== skip);
      if (use.length === 0) continue;
      const width = to - from;
      const a = new Float64Array(n * use.length);
      const b = new Float64Array(use.length * width);
      use.forEach((l, c) => {
        for (let j = 0; j < n; j++) a[j * use.length + c] = ut[j * n + l];
        b.set(cols.subarray(kept[l] * m + from, kept[l] * m + to), c * width);
      });
      const part = await multiply(a, b, n, use.length, width);
      for (let j = 0; j < n; j++) vectors.set(part.subarray(j * width, (j + 1) * width), j * m + from);
    }
    values.set(lambda);
    filled = n;
  }
  for (const i of deflated) {
    values[filled] = dAll[i];
    vectors.set(cols.subarray(i * m, (i + 1) * m), filled * m);
    filled++;
  }
  // ascending order of the merged eigenvalues
  const sorted = Array.from({ length: m }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const outValues = Float64Array.from(sorted, (i) => values[i]);
  const outVectors = new Float64Array(m * m);
  sorted.forEach((i, j) => outVectors.set(vectors.subarray(i * m, (i + 1) * m), j * m));
  return { values: outValues, vectors: outVectors };
}

/** Rows p and q of the row-major cols (length m) ← (c·p + s·q, −s·p + c·q): the columns of Q·Gᵀ. */
function rotateRows(cols: Float64Array, m: number, p: number, q: number, c: number, s: number): void {
  const op = p * m, oq = q * m;
  for (let t = 0; t < m; t++) {
    const a = cols[op + t], b = cols[oq + t];
    cols[op + t] = c * a + s * b;
    cols[oq + t] = -s * a + c * b;
  }
}

/**
 * Eigenpairs of D + r·zzᵀ (d strictly ascending, every z nonzero, r > 0): the roots λ (ascending)
 * and U (n×n row-major, column j the unit eigenvector of λⱼ).
 */
export function secularEigenvectors(d: Float64Array, z: Float64Array, r: number): { lambda: Float64Array; U: Float64Array } {
  const n = d.length;
  const lambda = new Float64Array(n);
  // delta[j·n + i] = d_i − λ_j, formed from the root's offset to its origin pole
  const delta = new Float64Array(n * n);
  let zz = 0;
  for (let i = 0; i < n; i++) zz += z[i] * z[i];
  for (let j = 0; j < n; j++) {
    const { origin, tau } = secularRoot(d, z, r, zz, j);
    lambda[j] = d[origin] + tau;
    for (let i = 0; i < n; i++) delta[j * n + i] = d[i] - d[origin] - tau;
  }
  // Löwner: ẑ_i² = Π_j (λ_j − d_i) / (r·Π_{j≠i} (d_j − d_i)), paired so every factor is positive and O(1)
  const zHat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let w = -delta[i * n + i] / r;
    for (let j = 0; j < n; j++) if (j !== i) w *= -delta[j * n + i] / (d[j] - d[i]);
    zHat[i] = Math.sign(z[i]) * Math.sqrt(Math.max(w, 0));
  }
  const U = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const u = zHat[i] / delta[j * n + i];
      U[i * n + j] = u;
      norm += u * u;
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) U[i * n + j] /= norm;
  }
  return { lambda, U };
}

/**
 * The j-th root of f(λ) = 1 + r·Σ zᵢ²/(dᵢ − λ), as λ = d[origin] + τ with origin the nearer
 * pole: in (d_j, d_{j+1}) for j < n−1, in (d_{n−1}, d_{n−1} + r·‖z‖²] for the last.
 */
function secularRoot(d: Float64Array, z: Float64Array, r: number, zz: number, j: number): { origin: number; tau: number } {
  const n = d.length;
  const last = j === n - 1;
  // pick the origin: the left pole when the root lies in the left half of its interval
  let origin = j;
  let lo: number, hi: number;
  if (last) {
    lo = 0;
    hi = r * zz;
  } else {
    const gap = d[j + 1] - d[j];
    const fMid = secular(d, z, r, j, gap / 2).f;
    if (fMid >= 0) {
      lo = 0;
      hi = gap / 2;
    } else {
      origin = j + 1;
      lo = -gap / 2;
      hi = 0;
    }
  }
  // the two poles of the local model: j and j+1 (the last root has only its left pole)
  const left = j, right = last ? -1 : j + 1;
  let tau = (lo + hi) / 2;
  for (let it = 0; it < MAX_ROOT_ITERATIONS; it++) {
    const s = secular(d, z, r, origin, tau, left);
    if (s.f === 0 || Math.abs(s.f) <= EPS * n * s.bound) break;
    if (s.f < 0) lo = tau;
    else hi = tau;
    // f(λ + η) ≈ C + B₁/(δ_l − η) + B₂/(δ_r − η): match f and f' of the two parts at λ
    const dl = d[left] - d[origin] - tau;
    let next: number;
    if (right < 0) {
      const B1 = s.dpsi * dl * dl;
      const C = 1 + s.phi + s.psi - B1 / dl;
      next = tau + dl + B1 / C;
    } else {
      const dr = d[right] - d[origin] - tau;
      const B1 = s.dpsi * dl * dl, B2 = s.dphi * dr * dr;
      const C = 1 + (s.psi - B1 / dl) + (s.phi - B2 / dr);
      const a = C * (dl + dr) + B1 + B2;
      const b = s.f * dl * dr;
      const disc = Math.sqrt(Math.max(a * a - 4 * b * C, 0));
      const eta = a >= 0 ? (2 * b) / (a + disc) : (a - disc) / (2 * C);
      next = tau + eta;
    }
    // outside the bracket (or stuck on its edge): bisect
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (next === tau || hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi), Math.abs(d[origin]) * EPS)) {
      tau = next;
      break;
    }
    tau = next;
  }
  return { origin, tau };
}

/**
 * f at λ = d[origin] + τ, split into ψ (poles up to `split`) and φ (the poles after it), their
 * derivatives in λ, and a bound on the rounding error of f.
 */
function secular(d: Float64Array, z: Float64Array, r: number, origin: number, tau: number, split = origin): { f: number; psi: number; phi: number; dpsi: number; dphi: number; bound: number } {
  let psi = 0, phi = 0, dpsi = 0, dphi = 0, bound = 1;
  const o = d[origin];
  for (let i = 0; i < d.length; i++) {
    const delta = d[i] - o - tau;
    const t = (r * z[i] * z[i]) / delta;
    if (i <= split) {
      psi += t;
      dpsi += t / delta;
    } else {
      phi += t;
      dphi += t / delta;
    }
    bound += Math.abs(t);
  }
  return { f: 1 + psi + phi, psi, phi, dpsi, dphi, bound };
}
