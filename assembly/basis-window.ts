// Basis windows of the fused KAN contraction (assembly/basis-contract.ts):
// for a point, the knot span μ and the k+1 B-spline values that can be
// non-zero there (with the reference's own operations, so they agree bit for
// bit), two points at a time on the packed path, or a row of a 'tanhPoly'
// table. See basis-contract.ts for the layout these windows feed.

export const BASIS_BSPLINE: i32 = 0;

/** splineLocal's answers for points outside the grid. */
export const SPLINE_ZERO: i32 = -1;
export const SPLINE_NAN: i32 = -2;

// Basis evaluation

/**
 * The span μ with knots[μ] ≤ t < knots[μ+1], or SPLINE_ZERO when t is outside
 * [knots[0], knots[nk-1]) and every basis value is 0, or SPLINE_NAN when t is
 * ±∞ or NaN and the reference makes every value NaN. Needs deriv ≤ k.
 * @param scale (nk-1)/(knots[nk-1]-knots[0]), only used to guess μ
 */
@inline
export function findSpan(t: f64, kn: usize, nk: i32, k: i32, deriv: i32, scale: f64): i32 {
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
export function localBasis(t: f64, kn: usize, nk: i32, k: i32, deriv: i32, mu: i32, b: usize): void {
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
export function splineLocal(t: f64, kn: usize, nk: i32, k: i32, deriv: i32, scale: f64, b: usize): i32 {
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
export function localBasisPair(
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
export function windowOf(t: f64, kn: usize, nk: i32, k: i32, deriv: i32, mu: i32, b: usize): i32 {
  if (mu >= 0) {
    localBasis(t, kn, nk, k, deriv, mu, b);
    return mu; // = (μ - k) + k zero rows of padding
  }
  const val = mu == SPLINE_NAN ? NaN : 0.0;
  for (let r = 0; r <= k; r++) store<f64>(b + (<usize>r << 3), val);
  return mu == SPLINE_NAN ? -1 : k;
}

/** Writes (nk-1)/(knots[nk-1]-knots[0]) of each of nRows knot rows to sc. */
export function spanScales(table: usize, nRows: i32, nk: i32, sc: usize): void {
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
export function windows(
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

/** Sets nOut f64 of each of nRows rows (rowStep bytes apart) from p to NaN. */
export function nanRows(p: usize, nRows: i32, nOut: i32, rowStep: usize): void {
  for (let m = 0; m < nRows; m++) {
    for (let o = 0; o < nOut; o++) store<f64>(p + (<usize>o << 3), NaN);
    p += rowStep;
  }
}
