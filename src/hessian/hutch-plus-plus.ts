// The trace of a symmetric operator for a budget of m applications, with an
// error bar that means something:
// - exact, Σ_i e_iᵀA·e_i, when the size n is at most the budget (no error);
// - else Hutch++ (Meyer, Musco, Musco & Woodruff, 2021): k = m/3 applications
//   to Rademacher vectors S give Q = orth(A·S), the top of A's range; tr(QᵀAQ)
//   is computed exactly (k more applications) and only the rest,
//   tr((I − QQᵀ)A(I − QQᵀ)), is estimated by Hutchinson with the last k. With
//   a decaying spectrum the rest is small, so its standard error — the one
//   reported — is far below plain Hutchinson's at the same cost.

import { KanntkError } from '../errors.js';
import { createSeededRandom } from '../math/random.js';
import { dot } from '../spectral/dense-host.js';
import type { LinearOperator } from '../spectral/lanczos.js';
import { rademacher } from './trace.js';

export interface TraceBudgetEstimate {
  trace: number;
  /** standard error of the estimate (0 when exact) */
  stderr: number;
  /** operator applications used */
  applications: number;
  method: 'exact' | 'hutch++';
  /** hutch++: tr(QᵀAQ), the part computed exactly */
  deflated?: number;
  /** hutch++: the Hutchinson samples of the rest */
  values?: Float64Array;
}

/** Orthonormal columns spanning the given vectors (modified Gram–Schmidt, twice, dropping dependent ones). */
function orthonormalize(vectors: Float64Array[]): Float64Array[] {
  const q: Float64Array[] = [];
  for (const v0 of vectors) {
    const v = Float64Array.from(v0);
    const size = Math.sqrt(dot(v, v));
    for (let pass = 0; pass < 2; pass++) {
      for (const u of q) {
        const c = dot(u, v);
        for (let i = 0; i < v.length; i++) v[i] -= c * u[i];
      }
    }
    const norm = Math.sqrt(dot(v, v));
    if (!(norm > 1e-12 * size) || norm === 0) continue;
    for (let i = 0; i < v.length; i++) v[i] /= norm;
    q.push(v);
  }
  return q;
}

/** v − Q·(Qᵀv). */
function projectOut(q: Float64Array[], v: Float64Array): Float64Array {
  const out = Float64Array.from(v);
  for (const u of q) {
    const c = dot(u, out);
    for (let i = 0; i < out.length; i++) out[i] -= c * u[i];
  }
  return out;
}

/** tr(A) exactly from the n unit vectors. */
export async function exactTrace(op: LinearOperator): Promise<TraceBudgetEstimate> {
  let trace = 0;
  for (let i = 0; i < op.size; i++) {
    const e = new Float64Array(op.size);
    e[i] = 1;
    trace += (await op.apply(e))[i];
  }
  return { trace, stderr: 0, applications: op.size, method: 'exact' };
}

/** tr(A) by Hutch++ with `applications` operator applications (at least 3). */
export async function hutchPlusPlusTrace(op: LinearOperator, options: { applications?: number; seed?: number } = {}): Promise<TraceBudgetEstimate> {
  const m = options.applications ?? 100;
  if (!Number.isInteger(m) || m < 3) throw new KanntkError(`trace: Hutch++ needs at least 3 operator applications, got ${m}`);
  const k = Math.floor(m / 3), rest = m - 2 * k;
  const root = createSeededRandom(options.seed ?? 0);
  const sketch: Float64Array[] = [];
  for (let j = 0; j < k; j++) sketch.push(await op.apply(rademacher(root.fork('hutch++ sketch', j), op.size)));
  const q = orthonormalize(sketch);
  let deflated = 0;
  for (const u of q) deflated += dot(u, await op.apply(u));
  const values = new Float64Array(rest);
  for (let j = 0; j < rest; j++) {
    const g = projectOut(q, rademacher(root.fork('hutch++ residual', j), op.size));
    values[j] = dot(g, projectOut(q, await op.apply(g)));
  }
  let mean = 0;
  for (const v of values) mean += v / rest;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const stderr = rest > 1 ? Math.sqrt(ss / (rest - 1) / rest) : NaN;
  const trace = deflated + mean;
  if (!Number.isFinite(trace)) throw new KanntkError(`trace: the estimate is ${trace} (the operator returned non-finite values)`);
  return { trace, stderr, applications: k + q.length + rest, method: 'hutch++', deflated, values };
}

/** The exact trace when the operator is no larger than the budget, else Hutch++ with the budget. */
export async function traceWithBudget(op: LinearOperator, options: { applications?: number; seed?: number } = {}): Promise<TraceBudgetEstimate> {
  const m = options.applications ?? 100;
  return op.size <= m ? exactTrace(op) : hutchPlusPlusTrace(op, options);
}
