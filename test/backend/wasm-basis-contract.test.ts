// The wasm backend's fused KAN contraction (KernelBasisContract) against the
// plain-TypeScript reference (runReference in test/reference/kernels.ts):
// the three modes × both bases × s given / null × per-input / per-edge knot
// rows × deriv 0..4 × k = 1, 2, 3, on uniform (jaxKAN-style, G = 5 and 20)
// and non-uniform knot rows, at points inside the grid, exactly on knots, one
// ulp below knots, outside the grid, at the right edge and non-finite; sizes
// that are not multiples of the SIMD widths (f64x2, 8-wide o blocks); the
// validation errors; and one KAN-sized case.
//
// Tolerance: 1e-13 × the largest |value| of the whole output. The kernel forms
// every B-spline value with the reference's own operations (only the k+1
// functions that can be non-zero, the dropped terms are products with exact
// zeros), and modes 'y' and 'w' add in the reference's order, so those agree
// bit for bit today. Mode 's' sums over o in 8 interleaved partial sums
// (rounding changes of a few ulps of Σ_o |a·phi|), and tanhPoly uses the
// core's tanh (musl) instead of V8's (≤ 1 ulp apart). An error relative to the
// largest output is the right scale: single outputs can be sums that cancel to
// ~0, where a relative-per-element bound would be meaningless.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import type { Backend } from '../../src/backend/backend.js';
import type { DeviceBuffer } from '../../src/backend/buffer.js';
import type { BasisContractSizes, KernelBasisContract } from '../../src/backend/kernels.js';
import { KanntkError } from '../../src/errors.js';
import { runReference } from '../reference/kernels.js';
import { createRandom, type Random } from '../helpers/random.js';

const TOL = 1e-13;

let backend: Backend;
beforeAll(async () => {
  backend = await createWasmBackend();
});
afterAll(() => backend.dispose());

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

/** Test points for knot rows: every knot bit-exactly, one ulp below each, the edges, outside, non-finite, random. */
function pointsFor(rows: number[][], rnd: Random, nRandom: number): number[] {
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

/** The call's sizes with host arrays in place of its buffers. */
interface Case extends BasisContractSizes {
  x: ArrayLike<number>;
  table: ArrayLike<number>;
  w: ArrayLike<number> | null;
  a: ArrayLike<number> | null;
  s: ArrayLike<number> | null;
}

/** Runs the case on the backend and the reference; returns both outputs. */
async function runBoth(c: Case): Promise<{ got: Float64Array; want: Float64Array }> {
  const host = new Map<DeviceBuffer, Float64Array>();
  const up = (data: ArrayLike<number> | null): DeviceBuffer | null => {
    if (data === null) return null;
    const buf = backend.upload(data);
    host.set(buf, Float64Array.from(data));
    return buf;
  };
  const outLen = c.mode === 'y' ? c.nPoints * c.nOut : c.mode === 's' ? c.nPoints * c.nIn : c.nOut * c.nIn * c.nBasis;
  // out starts as garbage: every element must be written
  const out = up(new Float64Array(outLen).fill(7.25))!;
  const call: KernelBasisContract = {
    kind: 'basisContract', mode: c.mode, basis: c.basis,
    x: up(c.x)!, table: up(c.table)!, w: up(c.w), a: up(c.a), s: up(c.s), out,
    nPoints: c.nPoints, nIn: c.nIn, nOut: c.nOut, nBasis: c.nBasis, nTable: c.nTable,
    k: c.k, deriv: c.deriv, gridPerEdge: c.gridPerEdge,
  };
  backend.run(call);
  runReference(call, (buf) => host.get(buf)!);
  const got = await backend.read(out);
  for (const buf of host.keys()) backend.free(buf);
  return { got, want: host.get(out)! };
}

/** Same NaN-ness; otherwise |got − want| ≤ TOL · max |want|. Returns the error relative to that max. */
function expectClose(got: Float64Array, want: Float64Array, what: string): number {
  expect(got.length).toBe(want.length);
  let scale = 0;
  for (const v of want) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let j = 0; j < want.length; j++) {
    const g = got[j], w = want[j];
    if (!Number.isFinite(w)) {
      if (!Object.is(g, w)) expect.fail(`${what}[${j}]: got ${g}, want ${w}`);
      continue;
    }
    const err = Math.abs(g - w);
    if (!(err <= TOL * scale)) expect.fail(`${what}[${j}]: got ${g}, want ${w} (max |want| ${scale})`);
    if (scale > 0) worst = Math.max(worst, err / scale);
  }
  return worst;
}

/** Operands for a mode: w only where read, a only where read, s (or null) where read. */
function operands(mode: Mode, rnd: Random, nPoints: number, nIn: number, nOut: number, nBasis: number, withS: boolean) {
  return {
    w: mode === 'w' ? null : rnd.array(nOut * nIn * nBasis, -1, 1),
    a: mode === 'y' ? null : rnd.array(nPoints * nOut, -1, 1),
    s: mode === 's' || !withS ? null : rnd.array(nPoints * nIn, -2, 2),
  };
}

describe('wasm basisContract: B-splines against the reference', () => {
  const grids: GridKind[] = ['uniform G=5', 'uniform G=20', 'non-uniform'];
  // (nIn, nOut) pairs off the SIMD widths: odd nOut, 8-wide blocks plus tails, a single output
  const sizes = [[3, 5], [2, 11], [4, 1]];
  let seed = 100;
  for (const k of [1, 2, 3]) {
    for (const grid of grids) {
      for (const gridPerEdge of [false, true]) {
        it(`k=${k} ${grid} ${gridPerEdge ? 'per-edge' : 'per-input'} rows: modes y/s/w × s given/null × deriv 0..4`, async () => {
          let worst = 0;
          for (const [nIn, nOut] of sizes) {
            const rnd = createRandom(seed++);
            const nRows = gridPerEdge ? nOut * nIn : nIn;
            const rows = Array.from({ length: nRows }, (_, r) => {
              // per-edge: some edges share the row of a neighbour, some are shifted or non-uniform
              if (gridPerEdge && r % 3 === 1) return makeRow(grid, k, rnd).map((t) => 1.1 * t + 0.05);
              return makeRow(grid, k, rnd);
            });
            const nTable = rows[0].length;
            const nBasis = nTable - k - 1;
            // each input column sees the points of every knot row it is evaluated on
            const pools = Array.from({ length: nIn }, (_, i) => {
              const mine = gridPerEdge ? rows.filter((_, r) => r % nIn === i) : [rows[i]];
              return pointsFor(mine, rnd, 13);
            });
            const nPoints = Math.max(...pools.map((p) => p.length));
            const x = new Float64Array(nPoints * nIn);
            for (let n = 0; n < nPoints; n++) {
              for (let i = 0; i < nIn; i++) x[n * nIn + i] = pools[i][(n + 7 * i) % pools[i].length];
            }
            const table = rows.flat();
            for (const mode of MODES) {
              for (const withS of mode === 's' ? [false] : [true, false]) {
                for (let deriv = 0; deriv <= 4; deriv++) {
                  const ops = operands(mode, rnd, nPoints, nIn, nOut, nBasis, withS);
                  const { got, want } = await runBoth({
                    mode, basis: 'bspline', nPoints, nIn, nOut, nBasis, nTable, k, deriv, gridPerEdge, x, table, ...ops,
                  });
                  const what = `mode ${mode} s=${withS} deriv=${deriv} nIn=${nIn} nOut=${nOut}`;
                  worst = Math.max(worst, expectClose(got, want, what));
                  if (deriv > k) expect(got.every((v) => v === 0), `${what}: deriv > k gives zeros`).toBe(true);
                  else expect(want.some((v) => v !== 0), `${what}: the case is not trivial`).toBe(true);
                }
              }
            }
          }
          expect(worst).toBeLessThanOrEqual(TOL);
        });
      }
    }
  }

  it('points exactly on knots and one ulp below pick the right span (k=3, deriv 0..3, mode w)', async () => {
    // mode 'w' with a = 1, s = null and one input/output returns Σ_n B_m(x_n) per m: one point per call isolates each B_m(x)
    const knots = uniformKnots(5, 3);
    const nonUni = nonUniformKnots(createRandom(5), 5, 3);
    for (const row of [knots, nonUni]) {
      for (const t of [...row, ...row.map(below)]) {
        for (let deriv = 0; deriv <= 3; deriv++) {
          const { got, want } = await runBoth({
            mode: 'w', basis: 'bspline', nPoints: 1, nIn: 1, nOut: 1, nBasis: row.length - 4, nTable: row.length, k: 3, deriv,
            gridPerEdge: false, x: [t], table: row, w: null, a: [1], s: null,
          });
          // the basis values themselves: bit-exact to the reference's full triangle
          for (let m = 0; m < want.length; m++) if (!Object.is(got[m] + 0, want[m] + 0)) expect.fail(`x=${t} d=${deriv} m=${m}: ${got[m]} vs ${want[m]}`);
        }
      }
    }
  });
});

describe('wasm basisContract: tanhPoly against the reference', () => {
  // (nBasis, nTable): Chebyshev-like square tables, a wide one, a single constant, an empty table
  const tables = [[4, 4], [7, 9], [1, 1], [3, 0]];
  const sizes = [[3, 5], [2, 11], [5, 2]];
  let seed = 900;
  for (const [nBasis, nTable] of tables) {
    for (const gridPerEdge of [false, true]) {
      it(`nBasis=${nBasis} nTable=${nTable} gridPerEdge=${gridPerEdge} (ignored): modes y/s/w × s given/null`, async () => {
        for (const [nIn, nOut] of sizes) {
          const rnd = createRandom(seed++);
          const xs = [0, -0, 1e-9, 0.5, -3, 20, -20, 1e300, -Infinity, Infinity];
          const nPoints = 17;
          const x = Float64Array.from({ length: nPoints * nIn }, (_, j) => (j < xs.length ? xs[j] : rnd.uniform(-3, 3)));
          const table = rnd.array(nBasis * nTable, -2, 2);
          for (const mode of MODES) {
            for (const withS of mode === 's' ? [false] : [true, false]) {
              const ops = operands(mode, rnd, nPoints, nIn, nOut, nBasis, withS);
              // k and deriv are ignored by tanhPoly: pass values that would matter for a spline
              const { got, want } = await runBoth({
                mode, basis: 'tanhPoly', nPoints, nIn, nOut, nBasis, nTable, k: 3, deriv: 5, gridPerEdge, x, table, ...ops,
              });
              expectClose(got, want, `tanhPoly mode ${mode} s=${withS} nIn=${nIn} nOut=${nOut}`);
            }
          }
        }
      });
    }
  }
});

describe('wasm basisContract: empty sizes', () => {
  it('writes zeros (or nothing) when a size is 0', async () => {
    const knots = uniformKnots(5, 3);
    for (const [nPoints, nIn, nOut] of [[0, 2, 3], [4, 0, 3], [4, 2, 0]]) {
      for (const mode of MODES) {
        const rnd = createRandom(nPoints + nIn + nOut);
        const ops = operands(mode, rnd, nPoints, nIn, nOut, 8, true);
        const { got, want } = await runBoth({
          mode, basis: 'bspline', nPoints, nIn, nOut, nBasis: 8, nTable: 12, k: 3, deriv: 0, gridPerEdge: false,
          x: rnd.array(nPoints * nIn), table: Array.from({ length: nIn }, () => knots).flat(), ...ops,
        });
        expect(Array.from(got)).toEqual(Array.from(want));
      }
    }
  });
});

describe('wasm basisContract: KAN-sized layer', () => {
  // N = 500, nIn = nOut = 32, G = 20, k = 3 on [−1, 1] with a few points outside
  const N = 500, nIn = 32, nOut = 32, G = 20, k = 3;
  for (const gridPerEdge of [false, true]) {
    it(`N=${N} nIn=nOut=${nIn} G=${G} k=${k} ${gridPerEdge ? 'per-edge' : 'per-input'} rows, modes y/s/w, deriv 0 and 1`, async () => {
      const rnd = createRandom(4242 + Number(gridPerEdge));
      const nRows = gridPerEdge ? nOut * nIn : nIn;
      const rows = Array.from({ length: nRows }, (_, r) => (r % 2 ? uniformKnots(G, k) : nonUniformKnots(rnd, G, k)));
      const nTable = G + 2 * k + 1, nBasis = G + k;
      const x = rnd.array(N * nIn, -1.1, 1.1);
      const table = rows.flat();
      for (const mode of MODES) {
        for (const deriv of gridPerEdge ? [1] : [0, 1]) {
          const ops = operands(mode, rnd, N, nIn, nOut, nBasis, true);
          const { got, want } = await runBoth({ mode, basis: 'bspline', nPoints: N, nIn, nOut, nBasis, nTable, k, deriv, gridPerEdge, x, table, ...ops });
          expectClose(got, want, `large mode ${mode} deriv ${deriv}`);
        }
      }
    });
  }
});

describe('wasm basisContract: validation errors', () => {
  const expectKanntk = (f: () => unknown, message: RegExp) => {
    let thrown: unknown;
    try {
      f();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(KanntkError);
    expect((thrown as Error).message).toMatch(message);
  };

  it('names the problem', () => {
    const nPoints = 4, nIn = 3, nOut = 2, k = 3, nTable = 12, nBasis = 8;
    const x = backend.alloc(nPoints * nIn);
    const grid = backend.upload(Array.from({ length: nIn }, () => uniformKnots(5, k)).flat());
    const edgeGrid = backend.upload(Array.from({ length: nOut * nIn }, () => uniformKnots(5, k)).flat());
    const w = backend.alloc(nOut * nIn * nBasis);
    const a = backend.alloc(nPoints * nOut);
    const s = backend.alloc(nPoints * nIn);
    const outY = backend.alloc(nPoints * nOut);
    const outS = backend.alloc(nPoints * nIn);
    const outW = backend.alloc(nOut * nIn * nBasis);
    const short = backend.alloc(5);
    const coef = backend.alloc(64);
    const base: KernelBasisContract = {
      kind: 'basisContract', mode: 'y', basis: 'bspline', x, table: grid, w, a: null, s, out: outY,
      nPoints, nIn, nOut, nBasis, nTable, k, deriv: 0, gridPerEdge: false,
    };
    const run = (patch: Partial<KernelBasisContract>) => () => backend.run({ ...base, ...patch });
    // a good call of each mode first
    run({})();
    run({ mode: 's', a, s: null, out: outS })();
    run({ mode: 'w', a, w: null, out: outW })();
    run({ gridPerEdge: true, table: edgeGrid })();

    // nullability per mode
    expectKanntk(run({ a }), /mode 'y' does not use a; pass null/);
    expectKanntk(run({ w: null }), /mode 'y' needs w, got null/);
    expectKanntk(run({ mode: 's', a: null, s: null, out: outS }), /mode 's' needs a, got null/);
    expectKanntk(run({ mode: 's', a, out: outS }), /mode 's' does not use s/);
    expectKanntk(run({ mode: 'w', a, out: outW }), /mode 'w' does not use w; pass null/);
    expectKanntk(run({ mode: 'w', w: null, out: outW }), /mode 'w' needs a, got null/);

    // buffer lengths
    expectKanntk(run({ x: short }), /wasm basisContract: x buffer #\d+ has 5 elements, the call needs 12/);
    expectKanntk(run({ w: short }), /w buffer #\d+ has 5 elements, the call needs 48/);
    expectKanntk(run({ s: short }), /s buffer #\d+ has 5 elements, the call needs 12/);
    expectKanntk(run({ out: short }), /out buffer #\d+ has 5 elements, the call needs 8/);
    expectKanntk(run({ mode: 's', a: short, s: null, out: outS }), /a buffer #\d+ has 5 elements, the call needs 8/);
    expectKanntk(run({ mode: 's', a, s: null, out: outY }), /out buffer #\d+ has 8 elements, the call needs 12/);
    expectKanntk(run({ mode: 'w', a, w: null, out: outS }), /out buffer #\d+ has 12 elements, the call needs 48/);
    // knot rows: nIn per input, nOut·nIn per edge
    expectKanntk(run({ gridPerEdge: true }), /table buffer #\d+ has 36 elements, the call needs 72/);
    expectKanntk(run({ table: short }), /table buffer #\d+ has 5 elements, the call needs 36/);
    // tanhPoly: nBasis rows of nTable coefficients
    // (k and deriv are ignored there, so any values pass)
    run({ basis: 'tanhPoly', nBasis: 8, nTable: 4, table: coef, k: -1, deriv: 0.5 })();
    expectKanntk(run({ basis: 'tanhPoly', nBasis: 8, nTable: 9, table: coef }), /table buffer #\d+ has 64 elements, the call needs 72/);
    expectKanntk(run({ basis: 'tanhPoly', nBasis: 9, nTable: 4, table: coef }), /w buffer #\d+ has 48 elements, the call needs 54/);

    // spline sizes
    expectKanntk(run({ nTable: 4, nBasis: 0 }), /needs nTable >= k \+ 2 = 5 knots, got 4/);
    expectKanntk(run({ nBasis: 7 }), /nBasis must be nTable - k - 1 = 8, got 7/);
    expectKanntk(run({ k: -1 }), /k must be a non-negative integer, got -1/);
    expectKanntk(run({ deriv: -1 }), /deriv must be a non-negative integer, got -1/);
    expectKanntk(run({ deriv: 1.5 }), /deriv must be a non-negative integer, got 1.5/);
    expectKanntk(run({ nPoints: -4 }), /nPoints must be a non-negative integer, got -4/);
    expectKanntk(run({ nIn: 2.5 }), /nIn must be a non-negative integer, got 2.5/);
    expectKanntk(run({ nOut: NaN }), /nOut must be a non-negative integer, got NaN/);

    // kinds, aliasing
    expectKanntk(run({ mode: 'z' as Mode }), /unknown mode 'z'/);
    expectKanntk(run({ basis: 'fourier' as 'bspline' }), /unknown basis 'fourier'/);
    expectKanntk(run({ mode: 's', a, s: null, out: x }), /out buffer #\d+ must not also be an input/);

    for (const buf of [x, grid, edgeGrid, w, a, s, outY, outS, outW, short, coef]) backend.free(buf);
  });
});
