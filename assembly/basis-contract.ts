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

const MODE_Y: i32 = 0;
const MODE_S: i32 = 1;
const MODE_W: i32 = 2;
const BASIS_BSPLINE: i32 = 0;

/** splineLocal's answers for points outside the grid. */
const SPLINE_ZERO: i32 = -1;
const SPLINE_NAN: i32 = -2;

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
// Basis evaluation

/**
 * The span μ with knots[μ] ≤ t < knots[μ+1], or SPLINE_ZERO when t is outside
 * [knots[0], knots[nk-1]) and every basis value is 0, or SPLINE_NAN when t is
 * ±∞ or NaN and the reference makes every value NaN. Needs deriv ≤ k.
 * @param scale (nk-1)/(knots[nk-1]-knots[0]), only used to guess μ
 */
@inline
function findSpan(t: f64, kn: usize, nk: i32, k: i32, deriv: i32, scale: f64): i32 {
  const t0 = load<f64>(kn);
  if (!(t >= t0 && t < load<f64>(kn + (<usize>(nk - 1) << 3)))) {
    // outside: all zero, except that the reference's Cox–de Boor step forms
    // ((t - t_j)/…)·0 = NaN for t = ±∞ or NaN, which then fills every entry
    return t - t != 0 && deriv < k ? SPLINE_NAN : SPLINE_ZERO;
  }
  // guess the span as if the knots were uniform, then walk to the true one
  const gf = (t - t0) * scale;
  let mu: i32 = 0;
  if (gf > 0) mu = gf >= <f64>(nk - 2) ? nk - 2 : <i32>gf;
  while (mu > 0 && load<f64>(kn + (<usize>mu << 3)) > t) mu--;
  while (mu < nk - 2 && load<f64>(kn + (<usize>(mu + 1) << 3)) <= t) mu++;
  return mu;
}

/**
 * Writes the k+1 values d^deriv/dx^deriv B_{μ-k+r}(t), r = 0 … k, to b[r];
 * entries whose function index is outside [0, nk-1-k) are set to 0.
 */
function localBasis(t: f64, kn: usize, nk: i32, k: i32, deriv: i32, mu: i32, b: usize): void {
  // b[r] holds B_{μ-K+r} of degree K. Functions with index < 0 or > nk-2-K
  // do not exist in the reference; in the window they are r < K-μ and
  // r > top (the same bound at every K). Valid entries only ever read valid
  // ones, so the others are zeroed once at the end.
  //
  // Old entry N_j (degree K-1, j = μ-K+1+s) feeds new entry j through the
  // left term ((t-t_j)/D_j)·N_j and new entry j-1 through the right term
  // ((t_{j+K}-t)/D_j)·N_j, with the same D_j = t_{j+K} - t_j: both fractions
  // come from one f64x2 division, each exactly the reference's quotient.
  const top = nk - 2 - mu;
  store<f64>(b, 1.0);
  const kd = k - deriv;
  const tt = f64x2.splat(t);
  for (let K = 1; K <= kd; K++) {
    const sLo = K - 1 - mu > 0 ? K - 1 - mu : 0;
    const sHi = K - 1 < top ? K - 1 : top;
    let carry: f64 = 0;
    for (let s = sLo; s <= sHi; s++) {
      const q = kn + (<usize>(mu - K + 1 + s) << 3);
      const tj = load<f64>(q), tjK = load<f64>(q + (<usize>K << 3));
      const d = tjK - tj;
      // (t - t_j, t_{j+K} - t) / (D_j, D_j)
      const num = f64x2.sub(f64x2.replace_lane(tt, 1, tjK), f64x2.replace_lane(tt, 0, tj));
      const frac = f64x2.div(num, f64x2.splat(d));
      const pb = b + (<usize>s << 3);
      const n = load<f64>(pb);
      const right = f64x2.extract_lane(frac, 1) * n;
      store<f64>(pb, s == sLo ? right : carry + right);
      carry = f64x2.extract_lane(frac, 0) * n;
    }
    store<f64>(b + (<usize>(sHi + 1) << 3), carry);
  }
  // the derivative recurrence, raising the degree each time:
  // new_j = (K/D_j)·N_j - (K/D_{j+1})·N_{j+1}, one K/D_j per old entry
  for (let K = kd + 1; K <= k; K++) {
    const kf = <f64>K;
    const sLo = K - 1 - mu > 0 ? K - 1 - mu : 0;
    const sHi = K - 1 < top ? K - 1 : top;
    let carry: f64 = 0;
    for (let s = sLo; s <= sHi; s++) {
      const q = kn + (<usize>(mu - K + 1 + s) << 3);
      const c = kf / (load<f64>(q + (<usize>K << 3)) - load<f64>(q));
      const pb = b + (<usize>s << 3);
      const v = c * load<f64>(pb);
      store<f64>(pb, s == sLo ? -v : carry - v);
      carry = v;
    }
    store<f64>(b + (<usize>(sHi + 1) << 3), carry);
  }
  // zero the window entries of functions that do not exist
  for (let r = 0; r < k - mu; r++) store<f64>(b + (<usize>r << 3), 0.0);
  for (let r = top + 1; r <= k; r++) store<f64>(b + (<usize>r << 3), 0.0);
}

/** findSpan then localBasis; returns μ or the SPLINE_ code (b untouched then). */
@inline
function splineLocal(t: f64, kn: usize, nk: i32, k: i32, deriv: i32, scale: f64, b: usize): i32 {
  const mu = findSpan(t, kn, nk, k, deriv, scale);
  if (mu >= 0) localBasis(t, kn, nk, k, deriv, mu, b);
  return mu;
}

/**
 * localBasis for two points at once (lane 0: tA on row knA, lane 1: tB on
 * knB), both with interior spans (k ≤ μ ≤ nk-2-k, so no window entry is
 * clipped). The same operations per lane as localBasis, so the same bits.
 * @param v (k+1) v128 of scratch
 */
function localBasisPair(
  tA: f64, knA: usize, muA: i32, tB: f64, knB: usize, muB: i32, k: i32, deriv: i32, bA: usize, bB: usize, v: usize,
): void {
  const tt = f64x2.replace_lane(f64x2.splat(tA), 1, tB);
  v128.store(v, f64x2.splat(1.0));
  const kd = k - deriv;
  for (let K = 1; K <= kd; K++) {
    const kb = <usize>K << 3;
    let qa = knA + (<usize>(muA - K + 1) << 3);
    let qb = knB + (<usize>(muB - K + 1) << 3);
    let carry = f64x2.splat(0);
    for (let s = 0; s < K; s++) {
      const tj = f64x2.replace_lane(f64x2.splat(load<f64>(qa)), 1, load<f64>(qb));
      const tjK = f64x2.replace_lane(f64x2.splat(load<f64>(qa + kb)), 1, load<f64>(qb + kb));
      const d = f64x2.sub(tjK, tj);
      const fl = f64x2.div(f64x2.sub(tt, tj), d);
      const fr = f64x2.div(f64x2.sub(tjK, tt), d);
      const pv = v + (<usize>s << 4);
      const n = v128.load(pv);
      const right = f64x2.mul(fr, n);
      v128.store(pv, s == 0 ? right : f64x2.add(carry, right));
      carry = f64x2.mul(fl, n);
      qa += 8;
      qb += 8;
    }
    v128.store(v + (<usize>K << 4), carry);
  }
  for (let K = kd + 1; K <= k; K++) {
    const kb = <usize>K << 3;
    const kf = f64x2.splat(<f64>K);
    let qa = knA + (<usize>(muA - K + 1) << 3);
    let qb = knB + (<usize>(muB - K + 1) << 3);
    let carry = f64x2.splat(0);
    for (let s = 0; s < K; s++) {
      const tj = f64x2.replace_lane(f64x2.splat(load<f64>(qa)), 1, load<f64>(qb));
      const tjK = f64x2.replace_lane(f64x2.splat(load<f64>(qa + kb)), 1, load<f64>(qb + kb));
      const c = f64x2.div(kf, f64x2.sub(tjK, tj));
      const pv = v + (<usize>s << 4);
      const val = f64x2.mul(c, v128.load(pv));
      v128.store(pv, s == 0 ? f64x2.neg(val) : f64x2.sub(carry, val));
      carry = val;
      qa += 8;
      qb += 8;
    }
    v128.store(v + (<usize>K << 4), carry);
  }
  for (let r = 0; r <= k; r++) {
    const w = v128.load(v + (<usize>r << 4));
    store<f64>(bA + (<usize>r << 3), f64x2.extract_lane(w, 0));
    store<f64>(bB + (<usize>r << 3), f64x2.extract_lane(w, 1));
  }
}

/** The window of a point with span code mu (packed path); returns its first packed row (see windows). */
@inline
function windowOf(t: f64, kn: usize, nk: i32, k: i32, deriv: i32, mu: i32, b: usize): i32 {
  if (mu >= 0) {
    localBasis(t, kn, nk, k, deriv, mu, b);
    return mu; // = (μ - k) + k zero rows of padding
  }
  const val = mu == SPLINE_NAN ? NaN : 0.0;
  for (let r = 0; r <= k; r++) store<f64>(b + (<usize>r << 3), val);
  return mu == SPLINE_NAN ? -1 : k;
}

/** Writes (nk-1)/(knots[nk-1]-knots[0]) of each of nRows knot rows to sc. */
function spanScales(table: usize, nRows: i32, nk: i32, sc: usize): void {
  const rowBytes = <usize>nk << 3;
  for (let r = 0; r < nRows; r++) {
    const kn = table + <usize>r * rowBytes;
    store<f64>(sc + (<usize>r << 3), <f64>(nk - 1) / (load<f64>(kn + (<usize>(nk - 1) << 3)) - load<f64>(kn)));
  }
}

/**
 * Basis windows of `count` points for the packed path: point e has x-value
 * x[xp + e·xStep] and (B-splines) knot row kn + e·knStep with span scale
 * sc[scp + e·scStep]; its L window values go to bv + e·L·8 and the packed row
 * of its first value (window entry r belongs to row first + r of its input)
 * to first[e] (i32). first = -1 means every basis function of the row is NaN
 * (B-splines at t = ±∞ or NaN); the window then holds NaNs and row k is a valid
 * place for them. B-spline points go in pairs through localBasisPair when both
 * spans are interior.
 */
function windows(
  basis: i32, xp: usize, xStep: usize, count: i32, kn: usize, knStep: usize, scp: usize, scStep: usize,
  table: usize, nTable: i32, nBasis: i32, k: i32, deriv: i32, L: i32, bv: usize, first: usize, pairScratch: usize,
): void {
  const bStep = <usize>L << 3;
  if (basis == BASIS_BSPLINE) {
    const hi = nTable - 2 - k;
    let e = 0;
    for (; e + 2 <= count; e += 2) {
      const tA = load<f64>(xp), tB = load<f64>(xp + xStep);
      const knB = kn + knStep;
      const muA = findSpan(tA, kn, nTable, k, deriv, load<f64>(scp));
      const muB = findSpan(tB, knB, nTable, k, deriv, load<f64>(scp + scStep));
      if (muA >= k && muA <= hi && muB >= k && muB <= hi) {
        localBasisPair(tA, kn, muA, tB, knB, muB, k, deriv, bv, bv + bStep, pairScratch);
        store<i32>(first, muA);
        store<i32>(first, muB, 4);
      } else {
        store<i32>(first, windowOf(tA, kn, nTable, k, deriv, muA, bv));
        store<i32>(first, windowOf(tB, knB, nTable, k, deriv, muB, bv + bStep), 4);
      }
      xp += xStep << 1;
      kn += knStep << 1;
      scp += scStep << 1;
      bv += bStep << 1;
      first += 8;
    }
    if (e < count) {
      const t = load<f64>(xp);
      store<i32>(first, windowOf(t, kn, nTable, k, deriv, findSpan(t, kn, nTable, k, deriv, load<f64>(scp)), bv));
    }
    return;
  }
  // tanhPoly: Horner in z = tanh(t), highest coefficient first
  const rowBytes = <usize>nTable << 3;
  for (let e = 0; e < count; e++) {
    const z = Math.tanh(load<f64>(xp));
    for (let m = 0; m < nBasis; m++) {
      const row = table + <usize>m * rowBytes;
      let acc: f64 = 0;
      for (let c = nTable - 1; c >= 0; c--) acc = acc * z + load<f64>(row + (<usize>c << 3));
      store<f64>(bv + (<usize>m << 3), acc);
    }
    store<i32>(first, 0);
    xp += xStep;
    bv += bStep;
    first += 4;
  }
}

// ---------------------------------------------------------------------------
// Entry

/**
 * @param mode 0 'y', 1 's', 2 'w'
 * @param basis 0 'bspline', 1 'tanhPoly'
 * @param x, table, w, a, s, out byte offsets (w, a, s ignored where the mode does not use them)
 * @param hasS 0 when s is null (all ones)
 * @param perEdge 1 for one knot row per edge (bspline only)
 * @param work byte offset of basisContractWorkspaceBytes(...) scratch bytes
 */
export function basisContract(
  mode: i32, basis: i32, x: usize, table: usize, w: usize, a: usize, s: usize, hasS: i32, out: usize,
  nPoints: i32, nIn: i32, nOut: i32, nBasis: i32, nTable: i32, k: i32, deriv: i32, perEdge: i32, work: usize,
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
  memory.fill(wp, 0, <usize>nIn * <usize>P * <usize>nOutP << 3);
  const pad = P - nBasis >> 1;
  if (mode == MODE_W) {
    packedW(basis, x, table, a, s, hasS, nPoints, nIn, nOut, nOutP, nBasis, nTable, k, deriv, P, L, sc, bv, firsts, pair, wp);
    // unpack Wp[i][pad + m][o] → out[o, i, m]
    for (let o = 0; o < nOut; o++) {
      for (let i = 0; i < nIn; i++) {
        const src = wp + ((<usize>(i * P + pad) * <usize>nOutP + <usize>o) << 3);
        const dst = out + (<usize>(o * nIn + i) * <usize>nBasis << 3);
        for (let m = 0; m < nBasis; m++) {
          store<f64>(dst + (<usize>m << 3), load<f64>(src + (<usize>m * <usize>nOutP << 3)));
        }
      }
    }
    return;
  }
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
  P: i32, L: i32, sc: usize, bvAll: usize, firsts: usize, pair: usize, wp: usize,
): void {
  const rowStep = <usize>nOutP << 3;
  const bStep = <usize>L << 3;
  const nOut8 = nOut & ~7;
  const nOut2 = nOut & ~1;
  for (let i = 0; i < nIn; i++) {
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

/** Sets nOut f64 of each of nRows rows (rowStep bytes apart) from p to NaN. */
function nanRows(p: usize, nRows: i32, nOut: i32, rowStep: usize): void {
  for (let m = 0; m < nRows; m++) {
    for (let o = 0; o < nOut; o++) store<f64>(p + (<usize>o << 3), NaN);
    p += rowStep;
  }
}

// ---------------------------------------------------------------------------
// Per-edge knot rows (bspline): one basis window per (n, o, i), scalar, in the
// reference's loop order.

/** Σ_m W[e, m]·B_m over the valid part of the window of span mu (b[r] ↔ m = mu-k+r). */
@inline
function windowDot(we: usize, mu: i32, k: i32, nBasis: i32, b: usize): f64 {
  const mLo = mu - k > 0 ? mu - k : 0;
  const mHi = mu < nBasis - 1 ? mu : nBasis - 1;
  let phi: f64 = 0;
  for (let m = mLo; m <= mHi; m++) phi += load<f64>(we + (<usize>m << 3)) * load<f64>(b + (<usize>(m - mu + k) << 3));
  return phi;
}

function edgeY(
  x: usize, table: usize, w: usize, s: usize, hasS: i32, out: usize,
  nPoints: i32, nIn: i32, nOut: i32, nBasis: i32, nTable: i32, k: i32, deriv: i32, sc: usize, b: usize,
): void {
  const rowBytes = <usize>nTable << 3;
  for (let n = 0; n < nPoints; n++) {
    const xn = x + (<usize>n * <usize>nIn << 3);
    const sn = s + (<usize>n * <usize>nIn << 3);
    for (let o = 0; o < nOut; o++) {
      let acc: f64 = 0;
      for (let i = 0; i < nIn; i++) {
        const e = o * nIn + i;
        const mu = splineLocal(load<f64>(xn + (<usize>i << 3)), table + <usize>e * rowBytes, nTable, k, deriv, load<f64>(sc + (<usize>e << 3)), b);
        const phi = mu >= 0 ? windowDot(w + (<usize>e * <usize>nBasis << 3), mu, k, nBasis, b) : mu == SPLINE_NAN ? NaN : 0.0;
        acc += (hasS ? load<f64>(sn + (<usize>i << 3)) : 1.0) * phi;
      }
      store<f64>(out + ((<usize>n * <usize>nOut + <usize>o) << 3), acc);
    }
  }
}

function edgeS(
  x: usize, table: usize, w: usize, a: usize, out: usize,
  nPoints: i32, nIn: i32, nOut: i32, nBasis: i32, nTable: i32, k: i32, deriv: i32, sc: usize, b: usize,
): void {
  const rowBytes = <usize>nTable << 3;
  for (let n = 0; n < nPoints; n++) {
    const xn = x + (<usize>n * <usize>nIn << 3);
    const outRow = out + (<usize>n * <usize>nIn << 3);
    memory.fill(outRow, 0, <usize>nIn << 3);
    for (let o = 0; o < nOut; o++) {
      const av = load<f64>(a + ((<usize>n * <usize>nOut + <usize>o) << 3));
      for (let i = 0; i < nIn; i++) {
        const e = o * nIn + i;
        const mu = splineLocal(load<f64>(xn + (<usize>i << 3)), table + <usize>e * rowBytes, nTable, k, deriv, load<f64>(sc + (<usize>e << 3)), b);
        const phi = mu >= 0 ? windowDot(w + (<usize>e * <usize>nBasis << 3), mu, k, nBasis, b) : mu == SPLINE_NAN ? NaN : 0.0;
        const po = outRow + (<usize>i << 3);
        store<f64>(po, load<f64>(po) + av * phi);
      }
    }
  }
}

function edgeW(
  x: usize, table: usize, a: usize, s: usize, hasS: i32, out: usize,
  nPoints: i32, nIn: i32, nOut: i32, nBasis: i32, nTable: i32, k: i32, deriv: i32, sc: usize, b: usize,
): void {
  const rowBytes = <usize>nTable << 3;
  memory.fill(out, 0, <usize>nOut * <usize>nIn * <usize>nBasis << 3);
  for (let n = 0; n < nPoints; n++) {
    const xn = x + (<usize>n * <usize>nIn << 3);
    const sn = s + (<usize>n * <usize>nIn << 3);
    for (let o = 0; o < nOut; o++) {
      const av = load<f64>(a + ((<usize>n * <usize>nOut + <usize>o) << 3));
      for (let i = 0; i < nIn; i++) {
        const e = o * nIn + i;
        const mu = splineLocal(load<f64>(xn + (<usize>i << 3)), table + <usize>e * rowBytes, nTable, k, deriv, load<f64>(sc + (<usize>e << 3)), b);
        const oe = out + (<usize>e * <usize>nBasis << 3);
        if (mu == SPLINE_NAN) nanRows(oe, 1, nBasis, 0);
        if (mu < 0) continue;
        const f = av * (hasS ? load<f64>(sn + (<usize>i << 3)) : 1.0);
        const mLo = mu - k > 0 ? mu - k : 0;
        const mHi = mu < nBasis - 1 ? mu : nBasis - 1;
        for (let m = mLo; m <= mHi; m++) {
          const po = oe + (<usize>m << 3);
          store<f64>(po, load<f64>(po) + f * load<f64>(b + (<usize>(m - mu + k) << 3)));
        }
      }
    }
  }
}
