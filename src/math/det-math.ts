// Deterministic elementary functions: log, exp, pow, tanh, cos built from IEEE
// + − × ÷ and sqrt only, so every JS engine on every platform returns the same
// bits. Math.log/exp/pow/tanh/cos are not specified to be correctly rounded and
// do differ between engines in the last bit; anything that feeds the seeded
// initialisation (normal draws, σ formulas, quadrature of expectations) uses
// these instead. Accuracy: log and exp within ~1 ulp, pow within a few ulp
// (relative error ≲ |y·ln x|·2⁻⁵³), tanh within ~2e-16 absolute.
//
// Exponent manipulation goes through a DataView with explicit endianness, which
// reads and writes exact IEEE bits independent of the host byte order.

const view = new DataView(new ArrayBuffer(8));

// ln 2 split so that e·LN2_HI is exact for |e| < 2²⁰ (fdlibm's constants).
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e0;
const SQRT2 = 1.4142135623730951;
const TWO54 = 18014398509481984;

/** 2^e as an exact double, for integer e in [-1074, 1023]. */
export function pow2(e: number): number {
  if (e > 1023) return Infinity;
  if (e >= -1022) {
    view.setUint32(0, (e + 1023) << 20, false);
    view.setUint32(4, 0, false);
    return view.getFloat64(0, false);
  }
  if (e < -1074) return 0;
  return pow2(e + 54) / TWO54; // subnormal: exact, the result is a power of two
}

/** Natural logarithm, deterministic, within ~1 ulp. */
export function detLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  let eAdj = 0;
  if (x < 2.2250738585072014e-308) {
    x *= TWO54;
    eAdj = -54;
  }
  view.setFloat64(0, x, false);
  const hi = view.getUint32(0, false);
  let e = ((hi >>> 20) & 0x7ff) - 1023 + eAdj;
  // mantissa m in [1, 2), then folded into [√2/2, √2] so |f| below stays ≤ 0.1716
  view.setUint32(0, (hi & 0x000fffff) | 0x3ff00000, false);
  let m = view.getFloat64(0, false);
  if (m > SQRT2) {
    m *= 0.5;
    e += 1;
  }
  // fdlibm's form: with f = m − 1 (exact, Sterbenz) and s = f/(2+f),
  // log m = 2·atanh(s) = f − (f²/2 − s·(f²/2 + R)), R = Σ 2s²ⁿ/(2n+1); the exact
  // f dominates and the correction is ≤ 0.2·f, which keeps the error below 1 ulp
  const f = m - 1;
  const sv = f / (2 + f);
  const s2 = sv * sv;
  // n = 1..13: the first omitted term is < 2e-21 relative (|s| ≤ 0.1716)
  let r = 2 / 27;
  for (let d = 25; d >= 3; d -= 2) r = r * s2 + 2 / d;
  r *= s2;
  const hfsq = 0.5 * f * f;
  if (e === 0) return f - (hfsq - sv * (hfsq + r));
  return e * LN2_HI - (hfsq - (sv * (hfsq + r) + e * LN2_LO) - f);
}

/** Exponential, deterministic, within ~1 ulp. */
export function detExp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  if (x === 0) return 1;
  // x = k·ln2 + r, |r| ≤ ln2/2 (+ rounding)
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  // Σ rⁿ/n!, n ≤ 15, nested as 1 + r(1 + r/2(1 + r/3(…))): the first omitted
  // term is < 1e-20 for |r| ≤ 0.35
  let p = 1;
  for (let n = 15; n >= 1; n--) p = 1 + (r / n) * p;
  return scale2(p, k);
}

/** p·2^k without overflow or premature underflow of the power of two. */
function scale2(p: number, k: number): number {
  if (k > 1023) return p * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return p * pow2(k + 600) * pow2(-600);
  return p * pow2(k);
}

/** x^y for x > 0 (and x = 0, y > 0), deterministic: exp(y·log x). Small integer y uses repeated squaring (deterministic as well). */
export function detPow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (Number.isInteger(y) && Math.abs(y) <= 64) {
    let n = Math.abs(y), base = x, acc = 1;
    while (n > 0) {
      if (n & 1) acc *= base;
      base *= base;
      n >>>= 1;
    }
    return y > 0 ? acc : 1 / acc;
  }
  if (x < 0) return NaN;
  if (y === 0.5) return Math.sqrt(x);
  return detExp(y * detLog(x));
}

/** Hyperbolic tangent, deterministic, absolute error ≲ 2e-16. */
export function detTanh(x: number): number {
  const ax = Math.abs(x);
  if (ax > 20) return x > 0 ? 1 : -1; // 1 − tanh(20) < 2⁻⁵⁴
  if (ax < 1e-9) return x; // tanh x = x − x³/3: the cubic term is below half an ulp
  const e = detExp(-2 * ax);
  const t = (1 - e) / (1 + e);
  return x < 0 ? -t : t;
}

/** Cosine for |θ| ≤ 4 (Taylor series), deterministic; used for quadrature start values only. */
export function detCos(theta: number): number {
  const t2 = theta * theta;
  // terms up to θ⁴⁰/40!: (4⁴²/42!) < 1e-25
  let s = 0;
  for (let n = 40; n >= 2; n -= 2) s = -(t2 / (n * (n - 1))) * (1 + s);
  return 1 + s;
}
