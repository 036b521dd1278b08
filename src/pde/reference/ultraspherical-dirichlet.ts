// The ultraspherical (Olver–Townsend) discretisation of v − a·v'' = r on [−1, 1]
// with Dirichlet values, the implicit stage of the Allen–Cahn integrator.
//
// Unknowns are Chebyshev-T coefficients c_0..c_N of v. The equation is imposed in
// the C^(2) (ultraspherical λ = 2) basis, where conversion S = S₁S₀ (T → C^(2)) and
// the second derivative D₂ (T → C^(2)) are banded:
//   (S·c)_k  = s0(k)·c_k + s2(k)·c_{k+2} + s4(k)·c_{k+4},
//   (D₂·c)_k = 2(k+2)·c_{k+2},
// rows k = 0..N−2, and the two Dirichlet rows Σ c_k = v(1), Σ (−1)^k c_k = v(−1)
// close the system. Both operators only couple k with k±2, so even and odd
// coefficients decouple; each parity is one dense row (the sum) plus a
// tridiagonal block, solved in O(N) by Thomas elimination and a one-unknown
// Schur complement. The tridiagonal block is diagonally dominant (|s2| = s0 + s4
// and −2a(k+2) adds to it), so elimination without pivoting is stable.

import { KanntkError } from '../../errors.js';

const s0 = (k: number): number => (k === 0 ? 1 : 1 / (2 * (k + 1)));
const s2 = (k: number): number => -1 / (2 * (k + 1)) - 1 / (2 * (k + 3));
const s4 = (k: number): number => 1 / (2 * (k + 3));

/** S·c: T coefficients (length N+1) → C^(2) coefficients, rows 0..N−2 (length N−1). */
export function toUltraspherical(c: Float64Array): Float64Array {
  const n = c.length - 1;
  const out = new Float64Array(n - 1);
  for (let k = 0; k <= n - 2; k++) {
    out[k] = s0(k) * c[k] + s2(k) * c[k + 2] + (k + 4 <= n ? s4(k) * c[k + 4] : 0);
  }
  return out;
}

/** D₂·c: T coefficients (length N+1) → C^(2) coefficients of the second derivative, rows 0..N−2. */
export function secondDerivativeUltraspherical(c: Float64Array): Float64Array {
  const n = c.length - 1;
  const out = new Float64Array(n - 1);
  for (let k = 0; k <= n - 2; k++) out[k] = 2 * (k + 2) * c[k + 2];
  return out;
}

interface ParityFactor {
  parity: number;
  /** unknowns x_j = c_{parity+2j}, j = 0..m−1 */
  m: number;
  /** Thomas: modified super-diagonal and pivots of the block on x_1..x_{m−1} */
  superMod: Float64Array;
  pivot: Float64Array;
  sub: Float64Array;
  /** the block's solution for x_0 = 1 moved to the right side, and 1 − Σ of it */
  z: Float64Array;
  schur: number;
}

/** (S − a·D₂)·c = rhs with v(−1), v(1) given, factored once per a; solve is O(N). */
export interface DirichletSolver {
  readonly n: number;
  readonly a: number;
  /** c (T coefficients, length N+1) from rhs (C^(2) rows 0..N−2, length N−1) and the boundary values. */
  solve(rhs: Float64Array, left: number, right: number): Float64Array;
}

/** The factored operator S − a·D₂ of degree N (N ≥ 4), a ≥ 0. */
export function dirichletSolver(n: number, a: number): DirichletSolver {
  if (!Number.isInteger(n) || n < 4) throw new KanntkError(`dirichletSolver: degree ${n} must be an integer ≥ 4`);
  if (!(a >= 0)) throw new KanntkError(`dirichletSolver: a = ${a} must be ≥ 0`);
  const factors = [0, 1].map((parity): ParityFactor => {
    const m = Math.floor((n - parity) / 2) + 1;
    const size = m - 1; // block rows r = 1..m−1 ↔ operator row k = parity + 2(r−1)
    const sub = new Float64Array(size), diag = new Float64Array(size), sup = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const k = parity + 2 * i;
      sub[i] = s0(k); // column of x_i (x_0 for i = 0: moved to the right side)
      diag[i] = s2(k) - 2 * a * (k + 2);
      sup[i] = i + 1 < size ? s4(k) : 0;
    }
    const superMod = new Float64Array(size), pivot = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      pivot[i] = diag[i] - (i > 0 ? sub[i] * superMod[i - 1] : 0);
      superMod[i] = sup[i] / pivot[i];
    }
    const f: ParityFactor = { parity, m, superMod, pivot, sub, z: new Float64Array(size), schur: 1 };
    const e = new Float64Array(size);
    e[0] = sub[0];
    f.z = thomas(f, e);
    f.schur = 1 - f.z.reduce((s, v) => s + v, 0);
    return f;
  });
  return {
    n,
    a,
    solve(rhs, left, right) {
      if (rhs.length !== n - 1) throw new KanntkError(`dirichletSolver.solve: rhs has length ${rhs.length}, expected ${n - 1}`);
      const c = new Float64Array(n + 1);
      for (const f of factors) {
        const g = f.parity === 0 ? (right + left) / 2 : (right - left) / 2;
        const b = new Float64Array(f.m - 1);
        for (let i = 0; i < b.length; i++) b[i] = rhs[f.parity + 2 * i];
        const y = thomas(f, b);
        const x0 = (g - y.reduce((s, v) => s + v, 0)) / f.schur;
        c[f.parity] = x0;
        for (let i = 0; i < y.length; i++) c[f.parity + 2 * (i + 1)] = y[i] - x0 * f.z[i];
      }
      return c;
    },
  };
}

/** Solves the parity's tridiagonal block for right side b (length m−1). */
function thomas(f: ParityFactor, b: Float64Array): Float64Array {
  const size = b.length;
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) y[i] = (b[i] - (i > 0 ? f.sub[i] * y[i - 1] : 0)) / f.pivot[i];
  for (let i = size - 2; i >= 0; i--) y[i] -= f.superMod[i] * y[i + 1];
  return y;
}
