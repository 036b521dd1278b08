// Extreme eigenpairs (top-k / bottom-k) of a symmetric operator, built on the
// Lanczos process of ./lanczos.ts.
//
// Eigenpairs (eigsh): Lanczos grows one step at a time and checks the wanted Ritz
// pairs after every step; pairs with β_m·|s_mj| ≤ tol·|θ|max are "locked". Further runs
// (new random start, explicit restart from unconverged Ritz vectors) work in the
// orthogonal complement of the locked vectors: every new Lanczos vector is
// orthogonalised against them as well. A run that reaches the dimension of that
// complement has seen the whole remaining spectrum and is exact up to rounding.
//
// Multiplicity: in exact arithmetic one Krylov space holds one eigenvector per distinct
// eigenvalue, so a single run cannot see the second copy of a repeated eigenvalue (in
// floating point a copy may surface late through rounding, but nothing guarantees it).
// With `verify` (default) eigsh therefore runs once more, after k pairs are locked, from
// a fresh random start in their orthogonal complement. If the top Ritz value of that run
// goes beyond the k-th locked value (by more than max(tol, 1000u)·|θ|max) it is converged
// and swapped in, and the check repeats. The check ends when its top Ritz pair converges
// below the k-th value, or earlier when a miss has become improbable: by Kuczyński and
// Woźniakowski's bound for a random start, an eigenvalue beyond the k-th would have pulled
// the top Ritz value up to it with probability ≥ 1 − 1e-10 (spread taken as 2|θ|max).
// This finds every copy (and guards against a start that happened to miss an
// eigenvector) for the price of one short extra run.

import { KanntkError } from '../errors.js';
import { createSeededRandom, type SeededRandom } from '../math/random.js';
import { axpy, norm2, scaleInPlace } from './dense-host.js';
import { tridiagonalEigen } from './tridiagonal-eigen.js';
import { LanczosRun, checkOperator, checkVector, orthogonalize, type LinearOperator } from './lanczos.js';

export type EigshOptions = {
  /** Number of eigenpairs wanted (per end for 'both'); clipped to the operator size. */
  k: number;
  /** 'largest' (default), 'smallest', or 'both' (k from each end). */
  which?: 'largest' | 'smallest' | 'both';
  /** Converged when ‖A·x − θ·x‖ ≤ tol·|θ|max for every wanted pair (default 1e-10). */
  tol?: number;
  /** Largest Lanczos basis per run (memory: maxSteps vectors of length size); default min(size, max(100, 4k)). */
  maxSteps?: number;
  /** Explicit restarts allowed after a run reaches maxSteps unconverged (default 20). */
  maxRestarts?: number;
  /** Seed of the random start vectors (default 0): the same seed gives bit-identical results. */
  seed?: number;
  /** Start vector of the first run (default: seeded random). */
  start?: Float64Array;
  /** Confirm with one more run in the complement that no copy of a repeated eigenvalue was missed (default true). */
  verify?: boolean;
};

export type EigshResult = {
  /** Eigenvalues sorted descending (for 'smallest' the last is the smallest; for 'both' the first k are the largest, the last k the smallest). */
  values: Float64Array;
  /** Unit eigenvectors matching values; sign chosen so the largest-|·| component is positive. */
  vectors: Float64Array[];
  /** Residual bounds β_m·|s_mj| = ‖A·x − θ·x‖ (up to rounding and the residuals of locked vectors). */
  residuals: Float64Array;
  /** True when every returned pair met the tolerance (or came from an exact run) and, with verify, the check finished. */
  converged: boolean;
  /** Number of operator applications. */
  applications: number;
  /** Number of Lanczos runs (first run, restarts and verification runs). */
  runs: number;
  /** 2u·|θ|max: eigenvalues of smaller magnitude than this are not resolved by the operator's arithmetic. */
  noiseFloor: number;
};

type Pair = { value: number; vector: Float64Array; residual: number; converged: boolean };

type Side = {
  /** +1 for the largest end, −1 for the smallest: compare sign·θ. */
  sign: 1 | -1;
  k: number;
  locked: Pair[];
  done: boolean;
  /** Product of the miss probabilities of earlier capped verification runs (independent random starts). */
  risk: number;
};

/** The k largest (or smallest, or both) eigenpairs of a symmetric operator by Lanczos with full re-orthogonalisation and locking. */
export async function eigsh(op: LinearOperator, options: EigshOptions): Promise<EigshResult> {
  const roundoff = checkOperator(op, 'eigsh');
  const n = op.size;
  const { k, which = 'largest', tol = 1e-10, maxRestarts = 20, seed = 0, verify = true } = options;
  if (!Number.isInteger(k) || k < 1) throw new KanntkError(`eigsh: k must be a positive integer, got ${String(k)}`);
  if (which !== 'largest' && which !== 'smallest' && which !== 'both') {
    throw new KanntkError(`eigsh: which must be 'largest', 'smallest' or 'both', got ${String(which)}`);
  }
  if (!(tol >= 0)) throw new KanntkError(`eigsh: tol must be a non-negative number, got ${String(tol)}`);
  if (!Number.isInteger(maxRestarts) || maxRestarts < 0) throw new KanntkError(`eigsh: maxRestarts must be a non-negative integer`);

  let kTop = which === 'smallest' ? 0 : Math.min(k, n);
  let kBottom = which === 'largest' ? 0 : Math.min(k, n);
  if (kTop + kBottom > n) {
    kTop = n; // both ends overlap: the whole spectrum
    kBottom = 0;
  }
  const sides: Side[] = [];
  if (kTop > 0) sides.push({ sign: 1, k: kTop, locked: [], done: false, risk: 1 });
  if (kBottom > 0) sides.push({ sign: -1, k: kBottom, locked: [], done: false, risk: 1 });

  const maxSteps = options.maxSteps ?? Math.min(n, Math.max(100, 4 * (kTop + kBottom)));
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new KanntkError(`eigsh: maxSteps must be a positive integer, got ${String(maxSteps)}`);
  let restartVector: Float64Array | null = null;
  if (options.start !== undefined) {
    checkVector(options.start, n, 'eigsh: start vector');
    restartVector = Float64Array.from(options.start);
  }

  const rng = createSeededRandom(seed).fork('eigsh-start');
  let applications = 0;
  let runs = 0;
  let restarts = 0;
  let thetaMax = 0;
  let unconverged: Pair[][] = sides.map(() => []);
  // the margin (≥ 1000u·|θ|max) keeps rounding-level differences between copies from counting as "beyond"
  const margin = (scale: number) => Math.max(tol, 1000 * roundoff) * scale;

  for (;;) {
    const lockedVectors = sides.flatMap((side) => side.locked.map((p) => p.vector));
    const dim = n - lockedVectors.length;
    // per side: fill up to k, else one verification pair, else nothing
    const wants = sides.map((side) => {
      if (side.locked.length < side.k) return side.k - side.locked.length;
      if (verify && !side.done && dim > 0) return 1;
      side.done = true;
      return 0;
    });
    if (wants.every((w) => w === 0)) break;

    const verifying = sides.map((side, i) => wants[i] > 0 && side.locked.length >= side.k);
    const certified = sides.map(() => false);
    const miss = sides.map(() => 1);

    // the probabilistic check is valid only for a random start
    const randomStart = restartVector === null;
    const start = startVector(restartVector, lockedVectors, n, rng);
    restartVector = null;
    const run = new LanczosRun(op, start, lockedVectors, true, roundoff);
    const cap = Math.min(maxSteps, dim);
    let picks: number[][] = [];
    let bounds = new Float64Array(0);
    for (;;) {
      await run.step();
      applications++;
      const m = run.steps;
      const t = tridiagonalEigen(run.alpha, run.beta.slice(0, m - 1), { components: [m - 1] });
      thetaMax = Math.max(thetaMax, Math.abs(t.values[0]), Math.abs(t.values[m - 1]));
      bounds = t.vectors!.map((s) => run.beta[m - 1] * Math.abs(s));
      picks = pickIndices(m, wants, sides);
      const threshold = tol * thetaMax;
      let settled = true;
      sides.forEach((side, i) => {
        const p = picks[i];
        if (p.length === wants[i] && p.every((j) => bounds[j] <= threshold)) return;
        if (verifying[i] && randomStart && p.length === 1) {
          // nothing beyond the k-th locked value yet: stop once a miss is improbable
          const gap = side.sign * side.locked[side.k - 1].value + margin(thetaMax) - side.sign * t.values[p[0]];
          miss[i] = gap > 0 ? missProbability(dim, m, gap / (2 * thetaMax)) : 1;
          certified[i] = side.risk * miss[i] <= VERIFY_RISK;
          if (certified[i]) return;
        }
        settled = false;
      });
      if (settled || run.invariant || m >= cap) break;
    }
    runs++;

    // a run that is invariant or spans the whole complement has exact Ritz pairs
    const m = run.steps;
    const exact = run.invariant || m >= dim;
    const full = tridiagonalEigen(run.alpha, run.beta.slice(0, m - 1), { components: 'all' });
    const threshold = tol * thetaMax;
    const stillOpen: Pair[] = [];
    let freshCheck = false;
    unconverged = sides.map(() => []);
    sides.forEach((side, i) => {
      const candidates: Pair[] = [];
      for (const j of picks[i]) {
        const pair: Pair = {
          value: full.values[j],
          vector: ritzVector(run.basis, full.vectors!.subarray(j * m, (j + 1) * m), n),
          residual: bounds[j],
          converged: exact || bounds[j] <= threshold,
        };
        if (pair.converged) candidates.push(pair);
        else unconverged[i].push(pair);
      }
      if (!verifying[i]) {
        side.locked = best(side, [...side.locked, ...candidates]);
      } else {
        // swap in anything beyond the k-th locked value; else this end is settled if the check converged or was certified
        const kth = side.sign * side.locked[side.k - 1].value;
        const beyond = candidates.filter((p) => side.sign * p.value > kth + margin(thetaMax));
        if (beyond.length > 0) {
          side.locked = best(side, [...side.locked, ...beyond]);
          side.risk = 1;
        } else if (candidates.length > 0 || certified[i]) {
          side.done = true;
          unconverged[i] = [];
        } else if (unconverged[i].every((p) => side.sign * p.value <= kth + margin(thetaMax))) {
          // capped below the k-th value: check again from an independent random start; the miss chances multiply
          side.risk *= miss[i];
          unconverged[i] = [];
          freshCheck = true;
        }
      }
      // a run that saw the whole complement cannot have missed anything
      if (m >= dim) side.done = true;
      stillOpen.push(...unconverged[i]);
    });

    if (stillOpen.length > 0 || freshCheck) {
      if (restarts >= maxRestarts) break;
      restarts++;
    }
    if (stillOpen.length > 0) {
      // explicit restart from the sum of the unconverged wanted Ritz vectors
      restartVector = new Float64Array(n);
      for (const p of stillOpen) axpy(1, p.vector, restartVector);
    }
  }

  const pairs: Pair[] = [];
  sides.forEach((side, i) => {
    const fill = [...side.locked, ...unconverged[i].sort((a, b) => side.sign * (b.value - a.value))];
    pairs.push(...fill.slice(0, side.k));
  });
  pairs.sort((a, b) => b.value - a.value);
  return {
    values: Float64Array.from(pairs.map((p) => p.value)),
    vectors: pairs.map((p) => p.vector),
    residuals: Float64Array.from(pairs.map((p) => p.residual)),
    converged: pairs.length === kTop + kBottom && pairs.every((p) => p.converged) && sides.every((side) => side.done),
    applications,
    runs,
    noiseFloor: 2 * roundoff * thetaMax,
  };
}

/** The k largest eigenpairs (values descending); see eigsh. */
export function topEigenpairs(op: LinearOperator, k: number, options: Omit<EigshOptions, 'k' | 'which'> = {}): Promise<EigshResult> {
  return eigsh(op, { ...options, k, which: 'largest' });
}

/** The k smallest eigenpairs (values descending, so the smallest is last); see eigsh. */
export function bottomEigenpairs(op: LinearOperator, k: number, options: Omit<EigshOptions, 'k' | 'which'> = {}): Promise<EigshResult> {
  return eigsh(op, { ...options, k, which: 'smallest' });
}

/** Accepted chance that a verification run misses an eigenvalue beyond the k-th. */
const VERIFY_RISK = 1e-10;

/**
 * Kuczyński & Woźniakowski (SIMAX 13(4), 1992, Thm 4.2): for a start vector uniform on the
 * sphere of R^dim, P[(λmax − θ₁^(m)) ≥ ε·(λmax − λmin)] ≤ 1.648·√dim·e^{−√ε·(2m−1)}, whatever the matrix.
 */
function missProbability(dim: number, m: number, eps: number): number {
  return 1.648 * Math.sqrt(dim) * Math.exp(-Math.sqrt(eps) * (2 * m - 1));
}

/** The k_s best pairs of a side, most extreme first. */
function best(side: Side, pairs: Pair[]): Pair[] {
  return pairs.sort((a, b) => side.sign * (b.value - a.value)).slice(0, side.k);
}

/** Indices (into T's descending eigenvalues) wanted by each side, the top side from the front, the bottom side from the back, never shared. */
function pickIndices(m: number, wants: number[], sides: Side[]): number[][] {
  const picks: number[][] = sides.map(() => []);
  let front = 0;
  let back = m - 1;
  sides.forEach((side, i) => {
    if (side.sign !== 1) return;
    while (picks[i].length < wants[i] && front <= back) picks[i].push(front++);
  });
  sides.forEach((side, i) => {
    if (side.sign !== -1) return;
    while (picks[i].length < wants[i] && back >= front) picks[i].push(back--);
  });
  return picks;
}

/** x = V·s, normalised, sign fixed so the largest-|·| component is positive. */
function ritzVector(basis: readonly Float64Array[], s: Float64Array, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < s.length; i++) axpy(s[i], basis[i], x);
  const norm = norm2(x);
  let big = 0;
  for (let i = 1; i < n; i++) if (Math.abs(x[i]) > Math.abs(x[big])) big = i;
  return scaleInPlace(x, (x[big] < 0 ? -1 : 1) / norm);
}

/** A unit start vector orthogonal to the locked set: the given vector if it has a component there, else seeded random. */
function startVector(given: Float64Array | null, locked: readonly Float64Array[], n: number, rng: SeededRandom): Float64Array {
  if (given !== null) {
    const v = Float64Array.from(given);
    const before = norm2(v);
    orthogonalize(v, [locked]);
    const after = norm2(v);
    if (before > 0 && after > 1e-8 * before) return scaleInPlace(v, 1 / after);
  }
  for (;;) {
    const v = rng.split().fillNormal(new Float64Array(n));
    const before = norm2(v);
    orthogonalize(v, [locked]);
    const after = norm2(v);
    // a random vector keeps ~√(dim/n) of its norm; losing more than 1e-8 of it is a draw almost in the locked span
    if (after > 1e-8 * before) return scaleInPlace(v, 1 / after);
  }
}
