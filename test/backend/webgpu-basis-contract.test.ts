// The fused KAN basis contraction (kernel 'basisContract') on WebGPU against the f64
// reference (test/reference/kernels.ts), on SwiftShader when there is no GPU. A missing
// adapter fails the suite; it is never skipped.
//
// Inputs are rounded to f32 before the reference sees them, so differences measure the
// kernel's f32 arithmetic only. Tolerance: 2e-5 of the largest |value| of the output
// (with all-zero outputs compared exactly). Why: every basis value carries a few f32
// roundings amplified by the knot differences (a span of width h loses ~log2(1/h) bits,
// and each derivative order divides by h again, but the output's scale grows by the same
// 1/h factor), and each output is a sum of up to nOut·(k+1) (mode 's'), nIn·(k+1) ('y')
// or nPoints·(k+1) ('w') such terms of mixed sign; f32 sums of a few hundred terms stay
// within ~1e-6 of the largest term, and the largest term is at most the output's scale
// times a small factor for these random inputs.
//
// Test points are kept ≥ 1e-4 away from every knot of their rows: f32 cannot place a
// point exactly on an f64 knot, so near a knot the kernel and the reference may pick
// different spans (both right, but their values differ by a jump for derivatives).

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import type { DeviceBuffer } from '../../src/backend/buffer.js';
import type { BasisContractSizes, KernelBasisContract, KernelCall } from '../../src/backend/kernels.js';
import { KanntkError } from '../../src/errors.js';
import { getNodeGPU } from '../../src/backend/webgpu/node-gpu.js';
import { createWebGPUBackend } from '../../src/backend/webgpu/webgpu-backend.js';
import {
  MAX_BSPLINE_KNOTS, MAX_BASIS_CONTRACT_DEGREE, MAX_BASIS_CONTRACT_VALUES,
} from '../../src/backend/webgpu/shader-variants.js';
import { runReference } from '../reference/kernels.js';
import { createRandom } from '../helpers/random.js';
import type { Random } from '../helpers/random.js';

let backend: Backend;

beforeAll(async () => {
  const gpu = await getNodeGPU({ swiftshader: true });
  backend = await createWebGPUBackend(gpu); // throws (fails the suite) when no adapter is found
});

afterAll(() => {
  if (process.env.KANNTK_PRINT_ERRORS) {
    const rows = [...worst].map(([name, e]) => `${name.padEnd(40)} max err / peak ${e.toExponential(2)}`);
    console.log(`WebGPU basisContract errors vs f64 reference (${backend.info.device}):\n${rows.join('\n')}`);
  }
  backend?.dispose();
});

const TOL = 2e-5;
/** Worst error relative to the output's peak, per group of cases (printed with KANNTK_PRINT_ERRORS=1). */
const worst = new Map<string, number>();

type Mode = KernelBasisContract['mode'];
const MODES: Mode[] = ['y', 's', 'w'];

const f32 = (values: ArrayLike<number>) => Float64Array.from(values, Math.fround);

/** The call's sizes with host arrays in place of its buffers. */
interface Problem extends BasisContractSizes {
  x: ArrayLike<number>;
  table: ArrayLike<number>;
  w: ArrayLike<number>;
  a: ArrayLike<number>;
  s: ArrayLike<number> | null;
}

function outSize(p: Problem): number {
  return p.mode === 'y' ? p.nPoints * p.nOut : p.mode === 's' ? p.nPoints * p.nIn : p.nOut * p.nIn * p.nBasis;
}

/** Runs the problem on the GPU (out pre-filled with garbage, which must be overwritten) and on the reference. */
async function runBoth(p: Problem): Promise<{ got: Float64Array; want: Float64Array }> {
  const host = new Map<DeviceBuffer, Float64Array>();
  const up = (values: ArrayLike<number>) => {
    const buf = backend.upload(values);
    host.set(buf, f32(values));
    return buf;
  };
  const size = outSize(p);
  const x = up(p.x), table = up(p.table);
  const w = p.mode === 'w' ? null : up(p.w);
  const a = p.mode === 'y' ? null : up(p.a);
  const s = p.s ? up(p.s) : null;
  const out = up(new Array(size).fill(1234.5));
  const call: KernelCall = {
    kind: 'basisContract', mode: p.mode, basis: p.basis, x, table, w, a, s, out,
    nPoints: p.nPoints, nIn: p.nIn, nOut: p.nOut, nBasis: p.nBasis, nTable: p.nTable,
    k: p.k, deriv: p.deriv, gridPerEdge: p.gridPerEdge,
  };
  backend.run(call);
  runReference(call, (b) => host.get(b)!);
  const got = await backend.read(out);
  for (const b of [x, table, w, a, s, out]) if (b) backend.free(b);
  return { got: got.subarray(0, size), want: host.get(out)!.subarray(0, size) };
}

/** |got − want| ≤ TOL · max|want| element-wise (exact when the output is all zeros). */
function expectClose(name: string, group: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  let peak = 0;
  for (let e = 0; e < want.length; e++) peak = Math.max(peak, Math.abs(want[e]));
  const bad: string[] = [];
  let worstHere = 0;
  for (let e = 0; e < want.length; e++) {
    const err = Math.abs(got[e] - want[e]);
    if (peak > 0) worstHere = Math.max(worstHere, err / peak);
    if (!(err <= TOL * peak)) bad.push(`[${e}] got ${got[e]}, want ${want[e]}, err ${err.toExponential(2)}, peak ${peak.toExponential(2)}`);
  }
  worst.set(group, Math.max(worst.get(group) ?? 0, worstHere));
  expect(bad.slice(0, 5), `${name}: ${bad.length} of ${want.length} elements off`).toEqual([]);
}

/** jaxKAN-style uniform knots t_j = (j − k)·h + lo, h = (hi − lo)/G, j = 0 … G + 2k. */
function uniformKnots(G: number, k: number, lo: number, hi: number): number[] {
  const h = (hi - lo) / G;
  return Array.from({ length: G + 2 * k + 1 }, (_, j) => (j - k) * h + lo);
}

/** Strictly increasing knots with random spacings in [0.3, 1.7]·h around [lo, hi]. */
function nonUniformKnots(G: number, k: number, lo: number, hi: number, rnd: Random): number[] {
  const h = (hi - lo) / G;
  const knots = [lo - k * h * rnd.uniform(0.8, 1.2)];
  for (let j = 1; j <= G + 2 * k; j++) knots.push(knots[j - 1] + h * rnd.uniform(0.3, 1.7));
  return knots;
}

type KnotKind = 'G=5' | 'G=20' | 'non-uniform';

/** Knot rows: nRows rows (jittered ranges so rows differ) of nTable knots each. */
function knotRows(kind: KnotKind, nRows: number, k: number, rnd: Random): number[] {
  const rows: number[] = [];
  for (let r = 0; r < nRows; r++) {
    // row 0 is exactly jaxKAN's default grid on [−1, 1]; the others are shifted and stretched a little
    const lo = r === 0 ? -1 : -1 + rnd.uniform(-0.2, 0.2);
    const hi = r === 0 ? 1 : 1 + rnd.uniform(-0.2, 0.2);
    if (kind === 'non-uniform') rows.push(...nonUniformKnots(8, k, lo, hi, rnd));
    else rows.push(...uniformKnots(kind === 'G=5' ? 5 : 20, k, lo, hi));
  }
  return rows;
}

/**
 * Points x[n, i]: mostly inside the grid, ~1 in 6 outside it (either side); every point at
 * least 1e-4 (after f32 rounding) from each knot of every row it is evaluated on.
 */
function makePoints(nPoints: number, nIn: number, rowsOf: (i: number) => number[][], rnd: Random): number[] {
  const x: number[] = [];
  for (let n = 0; n < nPoints; n++) {
    for (let i = 0; i < nIn; i++) {
      const rows = rowsOf(i);
      const lo = Math.min(...rows.map((r) => r[0])), hi = Math.max(...rows.map((r) => r[r.length - 1]));
      for (;;) {
        const outside = rnd.next() < 1 / 6;
        const v = Math.fround(outside ? (rnd.next() < 0.5 ? rnd.uniform(lo - 1, lo) : rnd.uniform(hi, hi + 1)) : rnd.uniform(lo, hi));
        if (rows.every((r) => r.every((t) => Math.abs(v - t) >= 1e-4))) {
          x.push(v);
          break;
        }
      }
    }
  }
  return x;
}

function bsplineProblem(
  mode: Mode, knots: KnotKind, k: number, deriv: number, withS: boolean, gridPerEdge: boolean,
  dims: { nPoints: number; nIn: number; nOut: number }, seed: number,
): Problem {
  const rnd = createRandom(seed);
  const { nPoints, nIn, nOut } = dims;
  const nRows = gridPerEdge ? nOut * nIn : nIn;
  const table = knotRows(knots, nRows, k, rnd);
  const nTable = table.length / nRows;
  const nBasis = nTable - k - 1;
  const row = (r: number) => table.slice(r * nTable, (r + 1) * nTable);
  const rowsOf = (i: number) => (gridPerEdge ? Array.from({ length: nOut }, (_, o) => row(o * nIn + i)) : [row(i)]);
  const x = makePoints(nPoints, nIn, rowsOf, rnd);
  return {
    mode, basis: 'bspline', nPoints, nIn, nOut, nBasis, nTable, k, deriv, gridPerEdge, x, table,
    w: rnd.array(nOut * nIn * nBasis), a: rnd.array(nPoints * nOut), s: withS ? rnd.array(nPoints * nIn, -2, 2) : null,
  };
}

describe('basisContract bspline', () => {
  const dims = { nPoints: 37, nIn: 3, nOut: 10 }; // nOut not a multiple of the kernel's output block
  for (const mode of MODES) {
    for (const knots of ['G=5', 'G=20', 'non-uniform'] as const) {
      for (const k of [1, 2, 3]) {
        it(`mode ${mode}, ${knots} knots, k=${k}: deriv 0…4, s present/absent, knot rows per input/per edge`, async () => {
          let seed = 1000 * k + 100 * MODES.indexOf(mode) + (knots === 'G=5' ? 0 : knots === 'G=20' ? 30 : 60);
          for (const gridPerEdge of [false, true]) {
            for (const withS of [false, true]) {
              for (let deriv = 0; deriv <= 4; deriv++) {
                const p = bsplineProblem(mode, knots, k, deriv, withS, gridPerEdge, dims, seed++);
                const { got, want } = await runBoth(p);
                const name = `mode ${mode} ${knots} k=${k} deriv=${deriv} s=${withS} perEdge=${gridPerEdge}`;
                expectClose(name, `bspline ${mode} deriv ${Math.min(deriv, k + 1)}`, got, want);
                if (deriv > k) expect(got.every((v) => v === 0), `${name}: zeros`).toBe(true);
                else expect(want.some((v) => v !== 0), `${name}: a non-trivial case`).toBe(true);
              }
            }
          }
        });
      }
    }
  }

  it('k=0 (piecewise constants) and the highest supported degree', async () => {
    for (const k of [0, MAX_BASIS_CONTRACT_DEGREE]) {
      for (const mode of MODES) {
        for (const deriv of [0, 1, Math.max(0, k - 1)]) {
          const p = bsplineProblem(mode, 'non-uniform', k, deriv, true, false, { nPoints: 20, nIn: 2, nOut: 3 }, 77 + k + deriv);
          const { got, want } = await runBoth(p);
          expectClose(`k=${k} mode ${mode} deriv ${deriv}`, `bspline k=${k}`, got, want);
        }
      }
    }
  });

  it('mode s ignores s; mode w with no points writes zeros', async () => {
    const base = bsplineProblem('s', 'G=5', 3, 0, true, false, { nPoints: 9, nIn: 4, nOut: 5 }, 4242);
    const withS = await runBoth(base);
    const withoutS = await runBoth({ ...base, s: null });
    expect([...withS.got]).toEqual([...withoutS.got]);
    const empty = bsplineProblem('w', 'G=5', 3, 0, false, false, { nPoints: 0, nIn: 4, nOut: 5 }, 4243);
    const { got } = await runBoth(empty);
    expect(got.length).toBe(5 * 4 * empty.nBasis);
    expect(got.every((v) => v === 0)).toBe(true);
  });

  it('work splits: one output, more outputs than a workgroup, more points than a chunk', async () => {
    // mode 'w' (per-input rows) tiles outputs by min(64, next power of two ≥ nOut) and points
    // by chunks of 64; mode 'y' blocks outputs by 8
    for (const nOut of [1, 70]) {
      for (const mode of MODES) {
        for (const gridPerEdge of [false, true]) {
          const p = bsplineProblem(mode, 'G=5', 2, 1, true, gridPerEdge, { nPoints: 150, nIn: 2, nOut }, 300 + nOut);
          const { got, want } = await runBoth(p);
          expectClose(`nOut=${nOut} mode ${mode} perEdge ${gridPerEdge}`, `bspline splits ${mode}`, got, want);
        }
      }
    }
  });

  it('a larger case: N=500, nIn=nOut=32, G=20, k=3', async () => {
    const dimsLarge = { nPoints: 500, nIn: 32, nOut: 32 };
    for (const mode of MODES) {
      for (const [deriv, gridPerEdge] of [[0, false], [1, true]] as const) {
        const p = bsplineProblem(mode, 'G=20', 3, deriv, true, gridPerEdge, dimsLarge, 9000 + deriv);
        const { got, want } = await runBoth(p);
        expectClose(`large mode ${mode} deriv ${deriv} perEdge ${gridPerEdge}`, `bspline large ${mode}`, got, want);
      }
    }
  });
});

describe('basisContract tanhPoly', () => {
  /** Monomial coefficients (in z) of the Chebyshev polynomials T_0 … T_{degree}: row m is T_m. */
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

  /** d/dz of each row (the coefficients shift down one power); with the chain rule's 1 − z² handled by the caller. */
  function derivativeRows(rows: number[][]): number[][] {
    return rows.map((r) => r.map((_, c) => (c + 1 < r.length ? (c + 1) * r[c + 1] : 0)));
  }

  const cases: Array<{ name: string; table: number[][] }> = [
    { name: 'Chebyshev T_0…T_5', table: chebyshevTable(5) },
    { name: 'dT/dz rows of T_0…T_8', table: derivativeRows(chebyshevTable(8)) },
    { name: 'random 11×7 table', table: Array.from({ length: 11 }, (_, m) => Array.from(createRandom(50 + m).array(7))) },
    { name: 'one constant column', table: [[0.5], [-2], [3]] },
    // the most basis functions: mode 'w' then holds fewer points per chunk (2048 / 64 = 32)
    {
      name: `${MAX_BASIS_CONTRACT_VALUES}×3 table`,
      table: Array.from({ length: MAX_BASIS_CONTRACT_VALUES }, (_, m) => Array.from(createRandom(90 + m).array(3))),
    },
  ];

  for (const mode of MODES) {
    for (const c of cases) {
      it(`mode ${mode}, ${c.name}, s present/absent`, async () => {
        const nBasis = c.table.length, nTable = c.table[0].length;
        for (const withS of [false, true]) {
          const rnd = createRandom(31 + nBasis + (withS ? 1 : 0));
          const nPoints = 41, nIn = 3, nOut = 9;
          // arguments from small (tanh ≈ x) to saturated (tanh = ±1 in f32)
          const x = Array.from(rnd.array(nPoints * nIn, -3, 3), (v, e) => (e % 13 === 0 ? 12 * Math.sign(v) : e % 7 === 0 ? v * 1e-3 : v));
          const p: Problem = {
            mode, basis: 'tanhPoly', nPoints, nIn, nOut, nBasis, nTable,
            // k, deriv and gridPerEdge are ignored for tanhPoly
            k: 3, deriv: 2, gridPerEdge: true,
            x, table: c.table.flat(), w: rnd.array(nOut * nIn * nBasis), a: rnd.array(nPoints * nOut),
            s: withS ? rnd.array(nPoints * nIn, -2, 2) : null,
          };
          const { got, want } = await runBoth(p);
          expectClose(`tanhPoly mode ${mode} ${c.name} s=${withS}`, `tanhPoly ${mode}`, got, want);
        }
      });
    }
  }

  it('a larger case: N=500, nIn=nOut=32, Chebyshev degree 8', async () => {
    const rnd = createRandom(8080);
    const nPoints = 500, nIn = 32, nOut = 32, table = chebyshevTable(8);
    for (const mode of MODES) {
      const p: Problem = {
        mode, basis: 'tanhPoly', nPoints, nIn, nOut, nBasis: 9, nTable: 9, k: 0, deriv: 0, gridPerEdge: false,
        x: rnd.array(nPoints * nIn, -2, 2), table: table.flat(), w: rnd.array(nOut * nIn * 9), a: rnd.array(nPoints * nOut),
        s: rnd.array(nPoints * nIn),
      };
      const { got, want } = await runBoth(p);
      expectClose(`tanhPoly large mode ${mode}`, `tanhPoly large ${mode}`, got, want);
    }
  });
});

describe('basisContract errors', () => {
  it('rejects bad operands, sizes and limits with a KanntkError naming the problem', () => {
    const big = backend.alloc(100_000);
    const small = backend.alloc(3);
    const call = (over: Partial<KernelBasisContract>): KernelBasisContract => ({
      kind: 'basisContract', mode: 'y', basis: 'bspline', x: big, table: big, w: big, a: null, s: null, out: big,
      nPoints: 4, nIn: 2, nOut: 3, nBasis: 8, nTable: 12, k: 3, deriv: 0, gridPerEdge: false, ...over,
    });
    const throws = (over: Partial<KernelBasisContract>, pattern: RegExp) => {
      expect(() => backend.run(call(over))).toThrow(KanntkError);
      expect(() => backend.run(call(over))).toThrow(pattern);
    };
    expect(() => backend.run(call({}))).not.toThrow();
    // limits
    throws({ k: MAX_BASIS_CONTRACT_DEGREE + 1, nTable: 20, nBasis: 20 - MAX_BASIS_CONTRACT_DEGREE - 2 }, /MAX_BASIS_CONTRACT_DEGREE/);
    throws({ nTable: MAX_BSPLINE_KNOTS + 1, nBasis: MAX_BSPLINE_KNOTS - 3 }, new RegExp(`maximum of ${MAX_BSPLINE_KNOTS}`));
    throws({ basis: 'tanhPoly', nBasis: MAX_BASIS_CONTRACT_VALUES + 1, nTable: 4 }, /MAX_BASIS_CONTRACT_VALUES/);
    throws({ basis: 'tanhPoly', nBasis: 4, nTable: MAX_BASIS_CONTRACT_VALUES + 1 }, /MAX_BASIS_CONTRACT_VALUES/);
    // consistency of the B-spline sizes
    throws({ nTable: 4, nBasis: 0 }, /needs at least 5 knots/);
    throws({ nBasis: 7 }, /nBasis = 7, expected nTable − k − 1 = 8/);
    throws({ nPoints: 2.5 }, /nPoints = 2.5 is not a non-negative integer/);
    throws({ deriv: -1 }, /deriv = -1/);
    throws({ mode: 'z' as Mode }, /mode 'z'/);
    throws({ basis: 'fourier' as KernelBasisContract['basis'] }, /basis 'fourier'/);
    // nullability per mode
    throws({ w: null }, /w must be a buffer in mode 'y'/);
    throws({ a: big }, /a must be null in mode 'y'/);
    throws({ mode: 's', a: null }, /a must be a buffer in mode 's'/);
    throws({ mode: 'w', a: big }, /w must be null in mode 'w'/);
    throws({ mode: 'w', a: null, w: null }, /a must be a buffer in mode 'w'/);
    // lengths
    throws({ x: small }, /x \(buffer #\d+\) holds 3 elements, the call needs 8/);
    throws({ table: small }, /table .* needs 24/);
    const oneRowPerInput = backend.alloc(24);
    throws({ table: oneRowPerInput, gridPerEdge: true }, /table .* needs 72/); // one row per edge: 3·2 rows
    backend.free(oneRowPerInput);
    throws({ basis: 'tanhPoly', nBasis: 5, nTable: 3, table: small }, /table .* needs 15/); // one row per basis function
    throws({ s: small }, /s \(buffer/);
    throws({ w: small }, /w \(buffer .* needs 48/);
    throws({ mode: 's', a: small }, /a \(buffer .* needs 12/);
    throws({ out: small }, /out .* needs 12/);
    throws({ mode: 's', a: big, out: small }, /out .* needs 8/);
    throws({ mode: 'w', a: big, w: null, out: small }, /out .* needs 48/);
    // freed buffers
    const gone = backend.alloc(100);
    backend.free(gone);
    throws({ s: gone }, /used after free/);
    backend.free(big);
    backend.free(small);
  });
});
