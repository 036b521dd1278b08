// The seeded generator (src/kan/random.ts) and the deterministic elementary
// functions under it (src/kan/det-math.ts).
import { describe, it, expect } from 'vitest';
import { KanntkError } from '../../src/errors.js';
import { createSeededRandom, SeededRandom } from '../../src/math/random.js';
import { detCos, detExp, detLog, detPow, detTanh, pow2 } from '../../src/math/det-math.js';

/** Distance in units in the last place of b. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const e = Math.max(Math.floor(Math.log2(Math.abs(b))), -1022);
  return Math.abs(a - b) / 2 ** (e - 52);
}

describe('SeededRandom', () => {
  it('the core is xoshiro128**: reference output from state {1,2,3,4}', () => {
    // from the authors' C code (prng.di.unimi.it/xoshiro128starstar.c), compiled and run
    const r = SeededRandom.fromState([1, 2, 3, 4]);
    const first = Array.from({ length: 8 }, () => r.nextUint32());
    expect(first).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
    for (let i = 0; i < 1000; i++) r.nextUint32();
    expect(r.nextUint32()).toBe(5814518);
  });

  it('golden stream: the first uniforms and normals of seed 43 (any change to seeding, doubles or normals breaks every seeded model)', () => {
    const r = createSeededRandom(43);
    expect(Array.from({ length: 4 }, () => r.next())).toEqual([0.5433642271740995, 0.7496970275443817, 0.9769792452449612, 0.29041902776194506]);
    expect(Array.from({ length: 4 }, () => r.normal())).toEqual([-0.1316366241516459, 0.07789083602113522, 1.2053042215643914, -1.0567932705282614]);
    expect(Array.from({ length: 2 }, () => r.truncatedNormal())).toEqual([-1.3814951168062144, -0.7653375315294056]);
    const f = createSeededRandom(0).fork('layer', 3);
    expect([f.nextUint32(), f.nextUint32(), f.normal()]).toEqual([1484881381, 942384878, -2.0461348012395084]);
    const big = createSeededRandom(2 ** 53 - 1);
    expect([big.nextUint32(), big.next()]).toEqual([598777866, 0.6350216202216631]);
  });

  it('same seed → same stream; different seeds → different streams', () => {
    const a = createSeededRandom(5), b = createSeededRandom(5), c = createSeededRandom(6);
    const xa = Array.from({ length: 100 }, () => a.normal());
    expect(Array.from({ length: 100 }, () => b.normal())).toEqual(xa);
    expect(Array.from({ length: 100 }, () => c.normal())).not.toEqual(xa);
    // seeds differing only in the high word are different too
    expect(createSeededRandom(2 ** 32).nextUint32()).not.toBe(createSeededRandom(0).nextUint32());
  });

  it('fork depends only on the key and the labels, not on draws made before', () => {
    const r = createSeededRandom(9);
    const before = r.fork('layer', 2).fork('c_basis').next();
    for (let i = 0; i < 17; i++) r.normal();
    expect(r.fork('layer', 2).fork('c_basis').next()).toBe(before);
    // labels are type-tagged and order-sensitive
    const draw = (...labels: (string | number)[]) => createSeededRandom(9).fork(...labels).nextUint32();
    const seen = new Set([draw('a'), draw(97), draw('layer', 1), draw('layer', 2), draw(1, 'layer'), draw('layer1'), draw('layer', 1, 0)]);
    expect(seen.size).toBe(7);
    // a child stream is not the parent stream
    expect(createSeededRandom(9).fork('x').nextUint32()).not.toBe(createSeededRandom(9).nextUint32());
  });

  it('split returns a fixed sequence of distinct streams', () => {
    const r1 = createSeededRandom(3), r2 = createSeededRandom(3);
    const s1 = [r1.split(), r1.split()].map((s) => s.nextUint32());
    const s2 = [r2.split(), r2.split()].map((s) => s.nextUint32());
    expect(s1).toEqual(s2);
    expect(s1[0]).not.toBe(s1[1]);
    expect(createSeededRandom(3).split().nextUint32()).toBe(createSeededRandom(3).fork('#split', 0).nextUint32());
  });

  it('forked streams are uncorrelated (|r| < 4/√n)', () => {
    const root = createSeededRandom(1);
    const a = root.fork('layer', 0), b = root.fork('layer', 1);
    const n = 100_000;
    let sab = 0;
    for (let i = 0; i < n; i++) sab += a.normal() * b.normal();
    expect(Math.abs(sab / n)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('uniforms: in [0, 1), 53-bit resolution, mean 1/2 and variance 1/12 within 4 standard errors', () => {
    const r = createSeededRandom(2);
    const n = 1_000_000;
    let s = 0, s2 = 0, fine = 0, lo = 1, hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      s += u;
      s2 += u * u;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      if ((u * 2 ** 32) % 1 !== 0) fine++; // has bits below 2⁻³²
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(fine / n).toBeGreaterThan(0.999);
    const mean = s / n, varc = s2 / n - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // Var of u² is 1/5 − 1/9 = 4/45
    expect(Math.abs(varc - 1 / 12)).toBeLessThan(4 * Math.sqrt(4 / 45 / n));
    const v = r.uniform(-3, -1);
    expect(v).toBeGreaterThanOrEqual(-3);
    expect(v).toBeLessThan(-1);
  });

  it('normals: mean 0, variance 1, kurtosis 3, P(|z|>2) = 0.0455 within 4 standard errors', () => {
    const r = createSeededRandom(4);
    const n = 1_000_000;
    let s = 0, s2 = 0, s4 = 0, tail = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
      s4 += z ** 4;
      if (Math.abs(z) > 2) tail++;
    }
    expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n)); // Var z² = 2
    expect(Math.abs(s4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n)); // Var z⁴ = 105 − 9
    const p = 0.04550026389635842; // erfc(√2)
    expect(Math.abs(tail / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });

  it('truncated normals stay in [−2, 2] with std 0.8796 within 4 standard errors', () => {
    const r = createSeededRandom(8);
    const n = 200_000;
    let s2 = 0, m = 0;
    for (let i = 0; i < n; i++) {
      const z = r.truncatedNormal();
      s2 += z * z;
      m = Math.max(m, Math.abs(z));
    }
    expect(m).toBeLessThanOrEqual(2);
    // E z² = 0.77374, Var z² ≈ 1.4 for the truncated law: sd of the std estimate ≈ 0.0015/√(n/2e5)
    expect(Math.abs(Math.sqrt(s2 / n) - 0.8796256610342398)).toBeLessThan(4 * 0.0015);
  });

  it('fillNormal scales', () => {
    const out = createSeededRandom(43).fillNormal(new Float64Array(3), 2);
    const r = createSeededRandom(43);
    expect(Array.from(out)).toEqual([2 * r.normal(), 2 * r.normal(), 2 * r.normal()]);
  });

  it('bad seeds and labels → KanntkError', () => {
    for (const seed of [-1, 1.5, NaN, 2 ** 53]) expect(() => createSeededRandom(seed)).toThrow(KanntkError);
    expect(() => createSeededRandom(1).fork()).toThrow(/at least one label/);
    expect(() => createSeededRandom(1).fork(0.5)).toThrow(KanntkError);
    expect(() => SeededRandom.fromState([1, 2, 3])).toThrow(KanntkError);
    expect(() => createSeededRandom(1).truncatedNormal(0)).toThrow(KanntkError);
  });
});

describe('deterministic elementary functions', () => {
  // Math.* is itself within ~1 ulp (V8 uses fdlibm), so 2 ulp bounds the difference
  // of two ≤1-ulp results; exact agreement is not expected.
  function sweep(f: (x: number) => number, g: (x: number) => number, xs: Iterable<number>): number {
    let worst = 0;
    for (const x of xs) worst = Math.max(worst, ulps(f(x), g(x)));
    return worst;
  }
  function* magnitudes(): Generator<number> {
    const r = createSeededRandom(123);
    for (let e = -1074; e <= 1023; e += 1) for (let j = 0; j < 40; j++) yield 2 ** e * (1 + r.next());
    for (let j = 0; j < 200_000; j++) yield 1 + (r.next() - 0.5) * 1e-3; // near 1, where log has no exponent to hide behind
    for (let j = 0; j < 200_000; j++) yield r.next(); // the polar method's s ∈ (0, 1)
  }

  it('detLog is within 2 ulp of Math.log over all magnitudes (subnormals included)', () => {
    expect(sweep(detLog, Math.log, magnitudes())).toBeLessThanOrEqual(2);
    expect(detLog(1)).toBe(0);
    expect(detLog(0)).toBe(-Infinity);
    expect(detLog(Infinity)).toBe(Infinity);
    expect(detLog(-1)).toBeNaN();
    expect(detLog(NaN)).toBeNaN();
    expect(detLog(5e-324)).toBe(Math.log(5e-324));
  });

  it('detExp is within 2 ulp of Math.exp on [−745, 709]', () => {
    const r = createSeededRandom(5);
    const xs = Array.from({ length: 300_000 }, () => -745 + 1454 * r.next()).concat(Array.from({ length: 100_000 }, () => (r.next() - 0.5) * 2));
    expect(sweep(detExp, Math.exp, xs.filter((x) => Math.exp(x) > 2.2250738585072014e-308))).toBeLessThanOrEqual(2);
    expect(detExp(0)).toBe(1);
    expect(detExp(710)).toBe(Infinity);
    expect(detExp(-746)).toBe(0);
  });

  it('detPow, detTanh, detCos, pow2', () => {
    const r = createSeededRandom(6);
    let worst = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = 1 + 4096 * r.next(), y = -2 + 4 * r.next();
      worst = Math.max(worst, Math.abs(detPow(x, y) / Math.pow(x, y) - 1));
    }
    // exp(y·log x): the log's rounding is amplified by |y·ln x| ≤ 17, so ~1e-15 relative
    expect(worst).toBeLessThan(4e-15);
    expect(detPow(9, 1.75)).toBeCloseTo(46.76537180435969, 13);
    expect(detPow(3, 2)).toBe(9);
    expect(detPow(2, -3)).toBe(0.125);
    let tw = 0, cw = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = (r.next() - 0.5) * 50;
      tw = Math.max(tw, Math.abs(detTanh(x) - Math.tanh(x)));
      const t = r.next() * 3.5;
      cw = Math.max(cw, Math.abs(detCos(t) - Math.cos(t)));
    }
    expect(tw).toBeLessThan(5e-16);
    expect(cw).toBeLessThan(2e-15);
    expect(pow2(-1074)).toBe(5e-324);
    expect(pow2(1023)).toBe(2 ** 1023);
    expect(pow2(-1022)).toBe(2 ** -1022);
  });
});
