// A tiny deterministic PRNG for tests (mulberry32), so failures reproduce.

export interface Random {
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer uniform in [lo, hi). */
  int(lo: number, hi: number): number;
  /** n uniform values in [lo, hi). */
  array(n: number, lo?: number, hi?: number): Float64Array;
}

/** A seeded generator; the same seed always gives the same sequence. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * next();
  return {
    next,
    uniform,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo)),
    array: (n, lo = -1, hi = 1) => Float64Array.from({ length: n }, () => uniform(lo, hi)),
  };
}
