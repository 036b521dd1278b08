// The fused KAN contraction (kernel 'basisContract') on every backend against
// the reference: the three modes × both bases × s given / null × knot rows per
// input / per edge × deriv 0..4 × k = 0 … 7, on uniform (jaxKAN-style, G = 5
// and 20) and non-uniform rows; points inside, outside and (f64) exactly on
// knots, one ulp below them and non-finite; sizes off the SIMD widths and GPU
// tiles; Chebyshev tables; empty sizes; KAN-sized layers.
//
// Tolerance: relative to the largest |value| of the whole output (single
// outputs can be sums that cancel to ~0, where a per-element bound would mean
// nothing):
// - f64: 1e-13. The core forms every B-spline value with the reference's own
//   operations; mode 's' sums over o in 8 interleaved partial sums, and
//   tanhPoly uses the core's tanh (musl) instead of V8's (≤ 1 ulp apart).
// - f32: 2e-5. Every basis value carries a few f32 roundings amplified by the
//   knot differences (a span of width h loses ~log2(1/h) bits; each derivative
//   divides by h again, and the output's scale grows by the same factor), and
//   each output sums up to a few hundred such terms of mixed sign. f32 points
//   stay ≥ 1e-4 from every knot: f32 cannot place a point exactly on an f64
//   knot, and near one the kernel and the reference may pick different spans.

import { it, expect } from 'vitest';
import type { BasisContractSizes, KernelBasisContract } from '../../../src/backend/kernels.js';
import { MAX_BASIS_CONTRACT_DEGREE, MAX_BASIS_CONTRACT_VALUES } from '../../../src/backend/webgpu/shader-variants.js';
import { createRandom, type Random } from '../../helpers/random.js';
import { describeBackends, notReference, runBoth, expectClose, peak, type Subject } from './harness.js';

type Mode = KernelBasisContract['mode'];
const MODES: Mode[] = ['y', 's', 'w'];

/** The neighbouring double of v towards `to` (C's nextafter). */
function nextafter(v: number, to: number): number {
  if (Number.isNaN(v) || Number.isNaN(to)) return NaN;
  if (v === to) return to;
  if (v === 0) return to > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, (to > v) === (v > 0) ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}
const below = (v: number) => nextafter(v, -Infinity);

/** jaxKAN's extended uniform grid on [lo, hi]: t_j = (j − k)·h + lo, j = 0 … G + 2k, h = (hi − lo)/G. */
function uniformKnots(G: number, k: number, lo = -1, hi = 1): number[] {
  const h = (hi - lo) / G;
  return Array.from({ length: G + 2 * k + 1 }, (_, j) => (j - k) * h + lo);
}

/** A strictly increasing row as after a data-adaptive grid update: uneven spacings around [lo, hi]. */
function nonUniformKnots(rnd: Random, G: number, k: number, lo = -1, hi = 1): number[] {
  const steps = Array.from({ length: G + 2 * k }, () => rnd.uniform(0.15, 1.85));
  const total = steps.reduce((p, q) => p + q, 0);
  const span = ((hi - lo) * (G + 2 * k)) / G;
  const knots = [lo - (k * (hi - lo)) / G + rnd.uniform(-0.05, 0.05)];
  for (const st of steps) knots.push(knots[knots.length - 1] + (st / total) * span);
  return knots;
}

type GridKind = 'uniform G=5' | 'uniform G=20' | 'non-uniform';

function makeRow(kind: GridKind, k: number, rnd: Random): number[] {
  if (kind === 'uniform G=5') return uniformKnots(5, k);
  if (kind === 'uniform G=20') return uniformKnots(20, k);
  return nonUniformKnots(rnd, 6, k, -1.2 + rnd.uniform(0, 0.3), 0.9 + rnd.uniform(0, 0.3));
}

/** f64 test points for knot rows: every knot bit-exactly, one ulp below each, the edges, outside, non-finite, random. */
function pointsOnKnots(rows: number[][], rnd: Random, nRandom: number): number[] {
  const pts: number[] = [];
  for (const row of rows) {
    pts.push(...row, ...row.map(below));
    const t0 = row[0], tLast = row[row.length - 1];
    pts.push(t0 - 0.25, tLast + 0.5, tLast, below(tLast), nextafter(tLast, Infinity), below(t0));
  }
  pts.push(NaN, Infinity, -Infinity, 1e300, -1e300);
  const lo = Math.min(...rows.map((r) => r[0])), hi = Math.max(...rows.map((r) => r[r.length - 1]));
  for (let j = 0; j < nRandom; j++) pts.push(rnd.uniform(lo, hi));
  return pts;
}

/** f32 test points: ~1 in 6 outside the grid, the rest inside, every one ≥ 1e-4 (after f32 rounding) from each knot. */
function pointsAwayFromKnots(rows: number[][], rnd: Random, count: number): number[] {
  const lo = Math.min(...rows.map((r) => r[0])), hi = Math.max(...rows.map((r) => r[r.length - 1]));
  const pts: number[] = [];
  while (pts.length < count) {
    const outside = rnd.next() < 1 / 6;
    const v = Math.fround(outside ? (rnd.next() < 0.5 ? rnd.uniform(lo - 1, lo) : rnd.uniform(hi, hi + 1)) : rnd.uniform(lo, hi));
    if (rows.every((r) => r.every((t) => Math.abs(v - t) >= 1e-4))) pts.push(v);
  }
  return pts;
}

/** The call's sizes with host arrays in place of its buffers. */
interface Case extends BasisContractSizes {
  x: ArrayLike<number>;
  table: ArrayLike<number>;
  w: ArrayLike<number> | null;
  a: ArrayLike<number> | null;
  s: ArrayLike<number> | null;
}

/** Runs the case on the backend and the reference (out starts as garbage: every element must be written). */
async function runCase(sub: Subject, c: Case): Promise<{ got: Float64Array; want: Float64Array }> {
  const outLen = c.mode === 'y' ? c.nPoints * c.nOut : c.mode === 's' ? c.nPoints * c.nIn : c.nOut * c.nIn * c.nBasis;
  const arrays: Record<string, ArrayLike<number>> = { x: c.x, table: c.table, out: new Float64Array(outLen).fill(7.25) };
  for (const role of ['w', 'a', 's'] as const) if (c[role]) arrays[role] = c[role]!;
  return runBoth(sub, arrays, (b) => ({
    kind: 'basisContract', mode: c.mode, basis: c.basis, x: b.x, table: b.table, w: b.w ?? null, a: b.a ?? null, s: b.s ?? null, out: b.out,
    nPoints: c.nPoints, nIn: c.nIn, nOut: c.nOut, nBasis: c.nBasis, nTable: c.nTable, k: c.k, deriv: c.deriv, gridPerEdge: c.gridPerEdge,
  }));
}

/** |got − want| ≤ tol · max |want|, same non-finite values. */
function expectNear(sub: Subject, what: string, got: Float64Array, want: Float64Array): void {
  const scale = peak(want);
  expectClose(what, got, want, { rel: sub.pick(1e-13, 2e-5), scale: () => scale });
}

/** Operands for a mode: w only where read, a only where read, s (or null) where read. */
function operands(mode: Mode, rnd: Random, nPoints: number, nIn: number, nOut: number, nBasis: number, withS: boolean) {
  return {
    w: mode === 'w' ? null : rnd.array(nOut * nIn * nBasis, -1, 1),
    a: mode === 'y' ? null : rnd.array(nPoints * nOut, -1, 1),
    s: mode === 's' || !withS ? null : rnd.array(nPoints * nIn, -2, 2),
  };
}

/** A B-spline case: knot rows of one kind, points for the backend's precision, operands for the mode. */
function splineCase(sub: Subject, grid: GridKind, k: number, gridPerEdge: boolean, nIn: number, nOut: number, rnd: Random) {
  const nRows = gridPerEdge ? nOut * nIn : nIn;
  const rows = Array.from({ length: nRows }, (_, r) => {
    // per-edge: some edges are shifted and stretched copies
    if (gridPerEdge && r % 3 === 1) return makeRow(grid, k, rnd).map((t) => 1.1 * t + 0.05);
    return makeRow(grid, k, rnd);
  });
  const nTable = rows[0].length;
  // each input column sees the points of every knot row it is evaluated on
  const pools = Array.from({ length: nIn }, (_, i) => {
    const mine = gridPerEdge ? rows.filter((_, r) => r % nIn === i) : [rows[i]];
    return sub.precision === 'f64' ? pointsOnKnots(mine, rnd, 13) : pointsAwayFromKnots(mine, rnd, 37);
  });
  const nPoints = Math.max(...pools.map((p) => p.length));
  const x = new Float64Array(nPoints * nIn);
  for (let n = 0; n < nPoints; n++) for (let i = 0; i < nIn; i++) x[n * nIn + i] = pools[i][(n + 7 * i) % pools[i].length];
  return { nPoints, nTable, nBasis: nTable - k - 1, x, table: rows.flat() };
}

describeBackends('basisContract: B-splines', (sub) => {
  const grids: GridKind[] = ['uniform G=5', 'uniform G=20', 'non-uniform'];
  // (nIn, nOut) off the SIMD widths and GPU output blocks: odd nOut, 8-wide blocks plus tails, a single output
  const sizes = [[3, 5], [2, 11], [4, 1]];
  let seed = 100;
  for (const k of [1, 2, 3]) {
    for (const grid of grids) {
      for (const gridPerEdge of [false, true]) {
        it(`k=${k} ${grid} ${gridPerEdge ? 'per-edge' : 'per-input'} rows: modes y/s/w × s given/null × deriv 0..4`, async () => {
          for (const [nIn, nOut] of sizes) {
            const rnd = createRandom(seed++);
            const c = splineCase(sub, grid, k, gridPerEdge, nIn, nOut, rnd);
            for (const mode of MODES) {
              for (const withS of mode === 's' ? [false] : [true, false]) {
                for (let deriv = 0; deriv <= 4; deriv++) {
                  const ops = operands(mode, rnd, c.nPoints, nIn, nOut, c.nBasis, withS);
                  const { got, want } = await runCase(sub, { mode, basis: 'bspline', nIn, nOut, k, deriv, gridPerEdge, ...c, ...ops });
                  const what = `mode ${mode} s=${withS} deriv=${deriv} nIn=${nIn} nOut=${nOut}`;
                  expectNear(sub, what, got, want);
                  if (deriv > k) expect(got.every((v) => v === 0), `${what}: deriv > k gives zeros`).toBe(true);
                  else expect(want.some((v) => v !== 0), `${what}: the case is not trivial`).toBe(true);
                }
              }
            }
          }
        });
      }
    }
  }

  it(`k = 0 (piecewise constants) and the highest GPU degree k = ${MAX_BASIS_CONTRACT_DEGREE}`, async () => {
    for (const k of [0, MAX_BASIS_CONTRACT_DEGREE]) {
      const rnd = createRandom(77 + k);
      const c = splineCase(sub, 'non-uniform', k, false, 2, 3, rnd);
      for (const mode of MODES) {
        for (const deriv of [0, 1, Math.max(0, k - 1)]) {
          const ops = operands(mode, rnd, c.nPoints, 2, 3, c.nBasis, true);
          const { got, want } = await runCase(sub, { mode, basis: 'bspline', nIn: 2, nOut: 3, k, deriv, gridPerEdge: false, ...c, ...ops });
          expectNear(sub, `k=${k} mode ${mode} deriv ${deriv}`, got, want);
        }
      }
    }
  });

  it('work splits: one output, more outputs than a GPU workgroup, more points than a chunk', async () => {
    // the GPU's mode 'w' tiles outputs by min(64, next power of two ≥ nOut) and points by chunks of 64; mode 'y' blocks outputs by 8
    for (const nOut of [1, 70]) {
      for (const gridPerEdge of [false, true]) {
        const rnd = createRandom(300 + nOut + Number(gridPerEdge));
        const rows = Array.from({ length: gridPerEdge ? nOut * 2 : 2 }, () => uniformKnots(5, 2));
        const x = sub.precision === 'f64' ? rnd.array(150 * 2, -1.3, 1.3) : pointsAwayFromKnots([rows[0]], rnd, 300);
        for (const mode of MODES) {
          const ops = operands(mode, rnd, 150, 2, nOut, 7, true);
          const { got, want } = await runCase(sub, {
            mode, basis: 'bspline', nPoints: 150, nIn: 2, nOut, nBasis: 7, nTable: 10, k: 2, deriv: 1, gridPerEdge, x, table: rows.flat(), ...ops,
          });
          expectNear(sub, `nOut=${nOut} mode ${mode} perEdge ${gridPerEdge}`, got, want);
        }
      }
    }
  });

  if (sub.precision === 'f64') {
    // f32 cannot hold an f64 knot or its neighbour exactly: an f64 property
    it('points exactly on knots and one ulp below pick the right span, bit-exactly (k=3, deriv 0..3, mode w)', async () => {
      // mode 'w' with a = 1, s = null and one input/output returns B_m(x) per m for a single point
      for (const row of [uniformKnots(5, 3), nonUniformKnots(createRandom(5), 5, 3)]) {
        for (const t of [...row, ...row.map(below)]) {
          for (let deriv = 0; deriv <= 3; deriv++) {
            const { got, want } = await runCase(sub, {
              mode: 'w', basis: 'bspline', nPoints: 1, nIn: 1, nOut: 1, nBasis: row.length - 4, nTable: row.length, k: 3, deriv,
              gridPerEdge: false, x: [t], table: row, w: null, a: [1], s: null,
            });
            for (let m = 0; m < want.length; m++) if (!Object.is(got[m] + 0, want[m] + 0)) expect.fail(`x=${t} d=${deriv} m=${m}: ${got[m]} vs ${want[m]}`);
          }
        }
      }
    });
  }
}, notReference);

describeBackends('basisContract: tanhPoly (Chebyshev tables)', (sub) => {
  /** Monomial coefficients (in z) of T_0 … T_degree: row m is T_m. */
  function chebyshevTable(degree: number): number[][] {
    const rows: number[][] = [[1], [0, 1]];
    for (let m = 2; m <= degree; m++) {
      const next = new Array(m + 1).fill(0);
      rows[m - 1].forEach((c, j) => (next[j + 1] += 2 * c));
      rows[m - 2].forEach((c, j) => (next[j] -= c));
      rows.push(next);
    }
    return rows.slice(0, degree + 1).map((r) => [...r, ...new Array(degree + 1 - r.length).fill(0)]);
  }
  /** d/dz of each row (the coefficients shift down one power). */
  const derivativeRows = (rows: number[][]) => rows.map((r) => r.map((_, c) => (c + 1 < r.length ? (c + 1) * r[c + 1] : 0)));
  const random = (nBasis: number, nTable: number, seed: number) => Array.from({ length: nBasis }, (_, m) => Array.from(createRandom(seed + m).array(nTable, -2, 2)));

  const cases: Array<{ name: string; table: number[][]; nTable?: number }> = [
    { name: 'Chebyshev T_0…T_5', table: chebyshevTable(5) },
    { name: 'dT/dz rows of T_0…T_8', table: derivativeRows(chebyshevTable(8)) },
    { name: 'random 11×7 table', table: random(11, 7, 50) },
    { name: 'random 7×9 table', table: random(7, 9, 70) },
    { name: 'one constant column', table: [[0.5], [-2], [3]] },
    { name: 'a single constant', table: [[1.5]] },
    { name: 'an empty table (all zero)', table: [[], [], []], nTable: 0 },
    // the most basis functions a GPU workgroup holds: mode 'w' then keeps fewer points per chunk
    { name: `${MAX_BASIS_CONTRACT_VALUES}×3 table`, table: random(MAX_BASIS_CONTRACT_VALUES, 3, 90) },
  ];
  for (const c of cases) {
    it(`${c.name}: modes y/s/w × s given/null (k, deriv and gridPerEdge ignored)`, async () => {
      const nBasis = c.table.length, nTable = c.nTable ?? c.table[0].length;
      const rnd = createRandom(31 + nBasis + nTable);
      const nPoints = 41, nIn = 3, nOut = 9;
      // arguments from small (tanh ≈ x) to saturated (tanh = ±1 in f32); f64 adds zeros, huge and infinite ones
      const x = Array.from(rnd.array(nPoints * nIn, -3, 3), (v, e) => (e % 13 === 0 ? 12 * Math.sign(v) : e % 7 === 0 ? v * 1e-3 : v));
      if (sub.precision === 'f64') x.splice(0, 10, 0, -0, 1e-9, 0.5, -3, 20, -20, 1e300, -Infinity, Infinity);
      for (const mode of MODES) {
        for (const withS of mode === 's' ? [false] : [true, false]) {
          const ops = operands(mode, rnd, nPoints, nIn, nOut, nBasis, withS);
          const { got, want } = await runCase(sub, {
            mode, basis: 'tanhPoly', nPoints, nIn, nOut, nBasis, nTable, k: 3, deriv: 5, gridPerEdge: true, x, table: c.table.flat(), ...ops,
          });
          expectNear(sub, `tanhPoly ${c.name} mode ${mode} s=${withS}`, got, want);
        }
      }
    });
  }
}, notReference);

describeBackends('basisContract: empty and KAN-sized calls', (sub) => {
  it('writes zeros (or nothing) when a size is 0', async () => {
    const knots = uniformKnots(5, 3);
    for (const [nPoints, nIn, nOut] of [[0, 2, 3], [4, 0, 3], [4, 2, 0]]) {
      for (const mode of MODES) {
        const rnd = createRandom(nPoints + nIn + nOut);
        const ops = operands(mode, rnd, nPoints, nIn, nOut, 8, true);
        const { got, want } = await runCase(sub, {
          mode, basis: 'bspline', nPoints, nIn, nOut, nBasis: 8, nTable: 12, k: 3, deriv: 0, gridPerEdge: false,
          x: rnd.array(nPoints * nIn, -0.95, 0.95), table: Array.from({ length: nIn }, () => knots).flat(), ...ops,
        });
        expect(Array.from(got)).toEqual(Array.from(want));
      }
    }
  });

  // N = 500, nIn = nOut = 32, G = 20, k = 3 on [−1, 1] with a few points outside
  const N = 500, nIn = 32, nOut = 32, G = 20, k = 3;
  for (const gridPerEdge of [false, true]) {
    it(`B-splines N=${N} nIn=nOut=${nIn} G=${G} k=${k} ${gridPerEdge ? 'per-edge' : 'per-input'} rows, modes y/s/w`, async () => {
      const rnd = createRandom(4242 + Number(gridPerEdge));
      const rows = Array.from({ length: gridPerEdge ? nOut * nIn : nIn }, (_, r) => (r % 2 ? uniformKnots(G, k) : nonUniformKnots(rnd, G, k)));
      const x = sub.precision === 'f64' ? rnd.array(N * nIn, -1.1, 1.1) : pointsAwayFromKnots(rows.slice(0, 2), rnd, N * nIn);
      for (const mode of MODES) {
        for (const deriv of gridPerEdge ? [1] : [0, 1]) {
          const ops = operands(mode, rnd, N, nIn, nOut, G + k, true);
          const { got, want } = await runCase(sub, {
            mode, basis: 'bspline', nPoints: N, nIn, nOut, nBasis: G + k, nTable: G + 2 * k + 1, k, deriv, gridPerEdge, x, table: rows.flat(), ...ops,
          });
          expectNear(sub, `large mode ${mode} deriv ${deriv}`, got, want);
        }
      }
    });
  }

  it('tanhPoly N=500, nIn=nOut=32, Chebyshev degree 8', async () => {
    const rnd = createRandom(8080);
    const table = Array.from({ length: 9 }, (_, m) => Array.from({ length: 9 }, (_, c) => (m === c ? 1 : 0.1 * (m - c))));
    for (const mode of MODES) {
      const ops = operands(mode, rnd, N, nIn, nOut, 9, true);
      const { got, want } = await runCase(sub, {
        mode, basis: 'tanhPoly', nPoints: N, nIn, nOut, nBasis: 9, nTable: 9, k: 0, deriv: 0, gridPerEdge: false,
        x: rnd.array(N * nIn, -2, 2), table: table.flat(), ...ops,
      });
      expectNear(sub, `tanhPoly large mode ${mode}`, got, want);
    }
  });
}, notReference);
