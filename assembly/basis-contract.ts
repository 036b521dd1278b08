// The KAN layer's fused basis contraction (KernelBasisContract), spec: the
// 'basisContract' case of runReference in test/reference/kernels.ts.
//
//   mode 'y': out[n,o]   = Σ_i s[n,i] Σ_m W[o,i,m]·B_{o,i,m}(x[n,i])
//   mode 's': out[n,i]   = Σ_o a[n,o] Σ_m W[o,i,m]·B_{o,i,m}(x[n,i])
//   mode 'w': out[o,i,m] = Σ_n a[n,o]·s[n,i]·B_{o,i,m}(x[n,i])
//
// B-splines: per (n,i) (or (n,o,i) with per-edge knot rows) the knot span μ
// (t_μ ≤ x < t_μ+1) is found once and only the k+1 functions B_μ-k … B_μ that
// can be non-zero are computed, with the reference's Cox–de Boor / derivative
// recurrences restricted to the triangle above μ. Every kept number is formed
// by the same operations as in the reference's full triangle (the dropped
// terms are products with exact zeros), so the basis values agree bit for bit
// for strictly increasing knots. The two quotients of each old entry share a
// denominator and come from one f64x2 division; on the packed path two points
// with interior spans are evaluated together, one per lane (localBasisPair).
// Repeated knots are not supported: the
// reference's full triangle then divides 0 by 0 somewhere and yields NaNs that
// the local triangle does not see.
//
// Per-input rows and 'tanhPoly' share the basis of (n,i) across o, and W is
// packed once per call into Wp[i][p][o] (o fastest, padded to an even count,
// with k zero rows above and below each i's nBasis rows for B-splines), so the
// loops over o are contiguous f64x2 loads and the k+1-window never needs
// clipping: window entries outside [0, nBasis) hold 0 and land on zero rows.
// Mode 'w' accumulates into the same packed layout and unpacks at the end.
//
// Summation orders: 'y' and 'w' (and every per-edge mode) add in the
// reference's order (over i resp. n ascending, m ascending inside phi), so
// they agree with it bit for bit up to the sign of zeros. Mode 's' with the
// packed layout sums over o in 8 interleaved partial sums (4 × f64x2), which
// changes rounding by a few ulps of Σ_o |a·phi|.
//
// Points outside the grid contribute zero basis values (B-spline derivatives
// deriv > k: the output is all zeros). x = ±∞ or NaN gives NaN for every basis
// function when deriv < k, as the reference's ((x - t_j)/…)·0 does.

import { BASIS_BSPLINE, localBasisPair, nanRows, spanScales, windows } from './basis-window';
import { edgeS, edgeW, edgeY } from './basis-contract-edge';

const MODE_Y: i32 = 0;
const MODE_S: i32 = 1;
const MODE_W: i32 = 2;

// ---------------------------------------------------------------------------
// Workspace layout (byte offsets from `work`, every part 16-aligned)

@inline function align16(bytes: usize): usize {
  return (bytes + 15) & ~(<usize>15);
}

/** f64 sizes of the packed layout; shared by the kernel and the workspace query. */
@inline function packedRows(basis: i32, nBasis: i32, k: i32): i32 {
  return basis == BASIS_BSPLINE ? nBasis + 2 * k : nBasis;
}

@inline function windowLen(basis: i32, nBasis: i32, k: i32): i32 {
  return basis == BASIS_BSPLINE ? k + 1 : nBasis;
}

/** bytes rounded up to a multiple of 16, in f64. */
@inline function f(bytes: f64): f64 {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * Scratch bytes basisContract needs at `work` (f64 so that sizes past 2^31
 * reach the host intact; the host refuses what wasm32 cannot address).
 */
export function basisContractWorkspaceBytes(basis: i32, nIn: i32, nOut: i32, nBasis: i32, k: i32, perEdge: i32): f64 {
  const L = <f64>windowLen(basis, nBasis, k);
  if (basis == BASIS_BSPLINE && perEdge != 0) {
    return f(L * 8) + f(<f64>nOut * <f64>nIn * 8);
  }
  const nOutP = <f64>(nOut + (nOut & 1));
  const P = <f64>packedRows(basis, nBasis, k);
  const nWin = <f64>(nIn > W_CHUNK ? nIn : W_CHUNK);
  return f(<f64>nIn * P * nOutP * 8) + f(nWin * L * 8) + f(nWin * 4) + f(<f64>nIn * 8) + f((<f64>k + 1) * 16);
}

/** Points per batch of basis windows in mode 'w' (one input, consecutive n). */
const W_CHUNK: i32 = 64;

// ---------------------------------------------------------------------------
// Entry

/**
 * @param mode 0 'y', 1 's', 2 'w'
 * @param basis 0 'bspline', 1 'tanhPoly'
 * @param x, table, w, a, s, out byte offsets (w, a, s ignored where the mode does not use them)
 * @param hasS 0 when s is null (all ones)
 * @param perEdge 1 for one knot row per edge (bspline only)
 * @param inBegin, inEnd mode 'w' with per-input rows: only out[:, i, :] for inBegin ≤ i < inEnd
 *   is written (0 and nIn for all), so that threads can share one call's inputs
 * @param work byte offset of basisContractWorkspaceBytes(...) scratch bytes
 */
export function basisContract(
  mode: i32, basis: i32, x: usize, table: usize, w: usize, a: usize, s: usize, hasS: i32, out: usize,
  nPoints: i32, nIn: i32, nOut: i32, nBasis: i32, nTable: i32, k: i32, deriv: i32, perEdge: i32,
  inBegin: i32, inEnd: i32, work: usize,
): void {
  const outLen = mode == MODE_Y ? <usize>nPoints * <usize>nOut
    : mode == MODE_S ? <usize>nPoints * <usize>nIn : <usize>nOut * <usize>nIn * <usize>nBasis;
  if (nPoints == 0 || nIn == 0 || nOut == 0 || nBasis == 0 || (basis == BASIS_BSPLINE && deriv > k)) {
    memory.fill(out, 0, outLen << 3);
    return;
  }
  if (basis == BASIS_BSPLINE && perEdge != 0) {
    const b = work;
    const sc = work + align16(<usize>(k + 1) << 3);
    spanScales(table, nOut * nIn, nTable, sc);
    if (mode == MODE_Y) edgeY(x, table, w, s, hasS, out, nPoints, nIn, nOut, nBasis, nTable, k, deriv, sc, b);
    else if (mode == MODE_S) edgeS(x, table, w, a, out, nPoints, nIn, nOut, nBasis, nTable, k, deriv, sc, b);
    else edgeW(x, table, a, s, hasS, out, nPoints, nIn, nOut, nBasis, nTable, k, deriv, sc, b);
    return;
  }
  const nOutP = nOut + (nOut & 1);
  const P = packedRows(basis, nBasis, k);
  const L = windowLen(basis, nBasis, k);
  const wp = work;
  const bv = wp + align16(<usize>nIn * <usize>P * <usize>nOutP << 3);
  const nWin = nIn > W_CHUNK ? nIn : W_CHUNK;
  const firsts = bv + align16(<usize>nWin * <usize>L << 3);
  const sc = firsts + align16(<usize>nWin << 2);
  const pair = sc + align16(<usize>nIn << 3);
  if (basis == BASIS_BSPLINE) spanScales(table, nIn, nTable, sc);
  const pad = P - nBasis >> 1;
  if (mode == MODE_W) {
    const iRowBytes = <usize>P * <usize>nOutP << 3;
    memory.fill(wp + <usize>inBegin * iRowBytes, 0, <usize>(inEnd - inBegin) * iRowBytes);
    packedW(basis, x, table, a, s, hasS, nPoints, nIn, nOut, nOutP, nBasis, nTable, k, deriv, P, L, sc, bv, firsts, pair, wp, inBegin, inEnd);
    // unpack Wp[i][pad + m][o] → out[o, i, m]
    for (let o = 0; o < nOut; o++) {
      for (let i = inBegin; i < inEnd; i++) {
        const src = wp + ((<usize>(i * P + pad) * <usize>nOutP + <usize>o) << 3);
        const dst = out + (<usize>(o * nIn + i) * <usize>nBasis << 3);
        for (let m = 0; m < nBasis; m++) {
          store<f64>(dst + (<usize>m << 3), load<f64>(src + (<usize>m * <usize>nOutP << 3)));
        }
      }
    }
    return;
  }
  memory.fill(wp, 0, <usize>nIn * <usize>P * <usize>nOutP << 3);
  // pack W[o, i, m] → Wp[i][pad + m][o]
  for (let o = 0; o < nOut; o++) {
    for (let i = 0; i < nIn; i++) {
      const src = w + (<usize>(o * nIn + i) * <usize>nBasis << 3);
      const dst = wp + ((<usize>(i * P + pad) * <usize>nOutP + <usize>o) << 3);
      for (let m = 0; m < nBasis; m++) {
        store<f64>(dst + (<usize>m * <usize>nOutP << 3), load<f64>(src + (<usize>m << 3)));
      }
    }
  }
  if (mode == MODE_Y) packedY(basis, x, table, s, hasS, out, nPoints, nIn, nOut, nOutP, nBasis, nTable, k, deriv, P, L, sc, bv, firsts, pair, wp);
  else packedS(basis, x, table, a, out, nPoints, nIn, nOut, nOutP, nBasis, nTable, k, deriv, P, L, sc, bv, firsts, pair, wp);
}

// ---------------------------------------------------------------------------
// Packed path (per-input knot rows, tanhPoly)

/** out[n, o] = Σ_i s[n,i]·phi[n,o,i], phi = Σ_r Wp[i][p0+r][o]·b[r]; 8 o per block in registers. */
function packedY(
  basis: i32, x: usize, table: usize, s: usize, hasS: i32, out: usize,
  nPoints: i32, nIn: i32, nOut: i32, nOutP: i32, nBasis: i32, nTable: i32, k: i32, deriv: i32,
  P: i32, L: i32, sc: usize, bv: usize, p0: usize, pair: usize, wp: usize,
): void {
  const rowStep = <usize>nOutP << 3; // bytes between packed rows p and p+1
  const bStep = <usize>L << 3;
  for (let n = 0; n < nPoints; n++) {
    const xn = x + (<usize>n * <usize>nIn << 3);
    // the basis window of every input once; p0[i] becomes the absolute packed row
    windows(basis, xn, 8, nIn, table, <usize>nTable << 3, sc, 8, table, nTable, nBasis, k, deriv, L, bv, p0, pair);
    for (let i = 0; i < nIn; i++) {
      const pi = p0 + (<usize>i << 2);
      const first = load<i32>(pi);
      store<i32>(pi, i * P + (first < 0 ? k : first));
    }
    const sn = s + (<usize>n * <usize>nIn << 3);
    const outRow = out + (<usize>n * <usize>nOut << 3);
    let o = 0;
    for (; o + 8 <= nOut; o += 8) {
      const oBytes = <usize>o << 3;
      let acc0 = f64x2.splat(0), acc1 = f64x2.splat(0), acc2 = f64x2.splat(0), acc3 = f64x2.splat(0);
      for (let i = 0; i < nIn; i++) {
        let q = wp + <usize>load<i32>(p0 + (<usize>i << 2)) * rowStep + oBytes;
        let pb = bv + <usize>i * bStep;
        let bb = f64x2.splat(load<f64>(pb));
        let phi0 = f64x2.mul(v128.load(q), bb);
        let phi1 = f64x2.mul(v128.load(q, 16), bb);
        let phi2 = f64x2.mul(v128.load(q, 32), bb);
        let phi3 = f64x2.mul(v128.load(q, 48), bb);
        for (let r = 1; r < L; r++) {
          q += rowStep;
          pb += 8;
          bb = f64x2.splat(load<f64>(pb));
          phi0 = f64x2.add(phi0, f64x2.mul(v128.load(q), bb));
          phi1 = f64x2.add(phi1, f64x2.mul(v128.load(q, 16), bb));
          phi2 = f64x2.add(phi2, f64x2.mul(v128.load(q, 32), bb));
          phi3 = f64x2.add(phi3, f64x2.mul(v128.load(q, 48), bb));
        }
        const sv = f64x2.splat(hasS ? load<f64>(sn + (<usize>i << 3)) : 1.0);
        acc0 = f64x2.add(acc0, f64x2.mul(sv, phi0));
        acc1 = f64x2.add(acc1, f64x2.mul(sv, phi1));
        acc2 = f64x2.add(acc2, f64x2.mul(sv, phi2));
        acc3 = f64x2.add(acc3, f64x2.mul(sv, phi3));
      }
      const po = outRow + oBytes;
      v128.store(po, acc0);
      v128.store(po, acc1, 16);
      v128.store(po, acc2, 32);
      v128.store(po, acc3, 48);
    }
    for (; o < nOut; o += 2) {
      const oBytes = <usize>o << 3;
      let acc = f64x2.splat(0);
      for (let i = 0; i < nIn; i++) {
        let q = wp + <usize>load<i32>(p0 + (<usize>i << 2)) * rowStep + oBytes;
        let pb = bv + <usize>i * bStep;
        let phi = f64x2.mul(v128.load(q), f64x2.splat(load<f64>(pb)));
        for (let r = 1; r < L; r++) {
          q += rowStep;
          pb += 8;
          phi = f64x2.add(phi, f64x2.mul(v128.load(q), f64x2.splat(load<f64>(pb))));
        }
        const sv = f64x2.splat(hasS ? load<f64>(sn + (<usize>i << 3)) : 1.0);
        acc = f64x2.add(acc, f64x2.mul(sv, phi));
      }
      const po = outRow + oBytes;
      if (o + 2 <= nOut) v128.store(po, acc);
      else store<f64>(po, f64x2.extract_lane(acc, 0));
    }
  }
}

/** out[n, i] = Σ_o a[n,o]·phi[n,o,i]; o in 4 × f64x2 partial sums. */
function packedS(
  basis: i32, x: usize, table: usize, a: usize, out: usize,
  nPoints: i32, nIn: i32, nOut: i32, nOutP: i32, nBasis: i32, nTable: i32, k: i32, deriv: i32,
  P: i32, L: i32, sc: usize, bvAll: usize, firsts: usize, pair: usize, wp: usize,
): void {
  const rowStep = <usize>nOutP << 3;
  const bStep = <usize>L << 3;
  const nOut8 = nOut & ~7;
  const nOut2 = nOut & ~1;
  for (let n = 0; n < nPoints; n++) {
    const xn = x + (<usize>n * <usize>nIn << 3);
    const an = a + (<usize>n * <usize>nOut << 3);
    windows(basis, xn, 8, nIn, table, <usize>nTable << 3, sc, 8, table, nTable, nBasis, k, deriv, L, bvAll, firsts, pair);
    for (let i = 0; i < nIn; i++) {
      const bv = bvAll + <usize>i * bStep;
      const first = load<i32>(firsts + (<usize>i << 2));
      const wi = wp + <usize>(i * P + (first < 0 ? k : first)) * rowStep;
      let acc0 = f64x2.splat(0), acc1 = f64x2.splat(0), acc2 = f64x2.splat(0), acc3 = f64x2.splat(0);
      let o = 0;
      for (; o < nOut8; o += 8) {
        const oBytes = <usize>o << 3;
        let q = wi + oBytes;
        let pb = bv;
        let bb = f64x2.splat(load<f64>(pb));
        let phi0 = f64x2.mul(v128.load(q), bb);
        let phi1 = f64x2.mul(v128.load(q, 16), bb);
        let phi2 = f64x2.mul(v128.load(q, 32), bb);
        let phi3 = f64x2.mul(v128.load(q, 48), bb);
        for (let r = 1; r < L; r++) {
          q += rowStep;
          pb += 8;
          bb = f64x2.splat(load<f64>(pb));
          phi0 = f64x2.add(phi0, f64x2.mul(v128.load(q), bb));
          phi1 = f64x2.add(phi1, f64x2.mul(v128.load(q, 16), bb));
          phi2 = f64x2.add(phi2, f64x2.mul(v128.load(q, 32), bb));
          phi3 = f64x2.add(phi3, f64x2.mul(v128.load(q, 48), bb));
        }
        const pa = an + oBytes;
        acc0 = f64x2.add(acc0, f64x2.mul(v128.load(pa), phi0));
        acc1 = f64x2.add(acc1, f64x2.mul(v128.load(pa, 16), phi1));
        acc2 = f64x2.add(acc2, f64x2.mul(v128.load(pa, 32), phi2));
        acc3 = f64x2.add(acc3, f64x2.mul(v128.load(pa, 48), phi3));
      }
      for (; o < nOut2; o += 2) {
        const oBytes = <usize>o << 3;
        let q = wi + oBytes;
        let phi = f64x2.mul(v128.load(q), f64x2.splat(load<f64>(bv)));
        for (let r = 1; r < L; r++) {
          q += rowStep;
          phi = f64x2.add(phi, f64x2.mul(v128.load(q), f64x2.splat(load<f64>(bv + (<usize>r << 3)))));
        }
        acc0 = f64x2.add(acc0, f64x2.mul(v128.load(an + oBytes), phi));
      }
      const sum = f64x2.add(f64x2.add(acc0, acc1), f64x2.add(acc2, acc3));
      let total = f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
      if (o < nOut) {
        // odd nOut: the last o alone (a row has no padding to read past)
        let q = wi + (<usize>o << 3);
        let phi = load<f64>(q) * load<f64>(bv);
        for (let r = 1; r < L; r++) {
          q += rowStep;
          phi += load<f64>(q) * load<f64>(bv + (<usize>r << 3));
        }
        total += load<f64>(an + (<usize>o << 3)) * phi;
      }
      store<f64>(out + ((<usize>n * <usize>nIn + <usize>i) << 3), total);
    }
  }
}

/**
 * Wp[i][p0+r][o] += (a[n,o]·s[n,i])·b[r], i outer and n inner (ascending, as the
 * reference adds), so the slice of Wp for one i ((nBasis+2k)·nOut f64, 7 KiB
 * at G=20, k=3, nOut=32) stays in L1; windows come in batches of W_CHUNK points.
 */
function packedW(
  basis: i32, x: usize, table: usize, a: usize, s: usize, hasS: i32,
  nPoints: i32, nIn: i32, nOut: i32, nOutP: i32, nBasis: i32, nTable: i32, k: i32, deriv: i32,
  P: i32, L: i32, sc: usize, bvAll: usize, firsts: usize, pair: usize, wp: usize, inBegin: i32, inEnd: i32,
): void {
  const rowStep = <usize>nOutP << 3;
  const bStep = <usize>L << 3;
  const nOut8 = nOut & ~7;
  const nOut2 = nOut & ~1;
  for (let i = inBegin; i < inEnd; i++) {
    for (let n0 = 0; n0 < nPoints; n0 += W_CHUNK) {
      const count = nPoints - n0 < W_CHUNK ? nPoints - n0 : W_CHUNK;
      windows(
        basis, x + ((<usize>n0 * <usize>nIn + <usize>i) << 3), <usize>nIn << 3, count, table + <usize>i * (<usize>nTable << 3), 0,
        sc + (<usize>i << 3), 0, table, nTable, nBasis, k, deriv, L, bvAll, firsts, pair,
      );
      for (let e = 0; e < count; e++) {
        const n = n0 + e;
        const idx = <usize>n * <usize>nIn + <usize>i;
        const bv = bvAll + <usize>e * bStep;
        const first = load<i32>(firsts + (<usize>e << 2));
        if (first < 0) {
          // NaN basis: the reference adds f·NaN to every m of every o
          nanRows(wp + <usize>(i * P + k) * rowStep, nBasis, nOut, rowStep);
          continue;
        }
        const sv = hasS ? load<f64>(s + (idx << 3)) : 1.0;
        const ss = f64x2.splat(sv);
        const an = a + (<usize>n * <usize>nOut << 3);
        const wi = wp + <usize>(i * P + first) * rowStep;
        let o = 0;
        for (; o < nOut8; o += 8) {
          const oBytes = <usize>o << 3;
          const pa = an + oBytes;
          const f0 = f64x2.mul(v128.load(pa), ss);
          const f1 = f64x2.mul(v128.load(pa, 16), ss);
          const f2 = f64x2.mul(v128.load(pa, 32), ss);
          const f3 = f64x2.mul(v128.load(pa, 48), ss);
          let q = wi + oBytes;
          for (let r = 0; r < L; r++) {
            const bb = f64x2.splat(load<f64>(bv + (<usize>r << 3)));
            v128.store(q, f64x2.add(v128.load(q), f64x2.mul(f0, bb)));
            v128.store(q, f64x2.add(v128.load(q, 16), f64x2.mul(f1, bb)), 16);
            v128.store(q, f64x2.add(v128.load(q, 32), f64x2.mul(f2, bb)), 32);
            v128.store(q, f64x2.add(v128.load(q, 48), f64x2.mul(f3, bb)), 48);
            q += rowStep;
          }
        }
        for (; o < nOut2; o += 2) {
          const oBytes = <usize>o << 3;
          const f0 = f64x2.mul(v128.load(an + oBytes), ss);
          let q = wi + oBytes;
          for (let r = 0; r < L; r++) {
            v128.store(q, f64x2.add(v128.load(q), f64x2.mul(f0, f64x2.splat(load<f64>(bv + (<usize>r << 3))))));
            q += rowStep;
          }
        }
        if (o < nOut) {
          const f = load<f64>(an + (<usize>o << 3)) * sv;
          let q = wi + (<usize>o << 3);
          for (let r = 0; r < L; r++) {
            store<f64>(q, load<f64>(q) + f * load<f64>(bv + (<usize>r << 3)));
            q += rowStep;
          }
        }
      }
    }
  }
}

