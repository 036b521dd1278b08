// kanntk's seeded random generator. The same seed gives the same numbers, bit
// for bit, in every JS engine, on every platform and for every backend, because
// nothing here depends on the engine's Math library:
//
// * Core: xoshiro128** (Blackman & Vigna, 2018), 128-bit state, 32-bit output,
//   period 2¹²⁸−1, computed with Math.imul, xor and shifts only.
// * Seeding and streams: a stream is identified by a 128-bit key. The root key
//   hashes the integer seed; `fork(...labels)` hashes the parent's key with the
//   labels (strings or integers), so `root.fork('layer', 2).fork('c_basis')`
//   is a fixed stream whatever else was drawn before — per-layer and per-array
//   streams never depend on construction order. `split()` forks with a counter.
//   The key hash absorbs 32-bit words into four lanes, each step followed by the
//   lowbias32 finaliser (Wellons' hash-prospector constants); the state starts
//   at the key (the all-zero state is replaced, xoshiro cannot leave it).
// * Uniform doubles: 53 random bits from two outputs (27 + 26 bits), k/2⁵³ ∈ [0, 1).
// * Normals: Marsaglia's polar method, which needs only sqrt (correctly rounded
//   by IEEE 754) and a logarithm — `detLog` (./det-math.ts), our own, in place
//   of Math.log. Both normals of each accepted pair are used.
// * Truncated normals on [−b, b]: rejection from the normal stream.
//
// Changing any of the above changes every seeded model; random.test.ts pins
// the first values of a stream to catch that.

import { KanntkError } from '../errors.js';
import { detLog } from './det-math.js';

/** lowbias32: a 32-bit integer finaliser with low bias (https://github.com/skeeto/hash-prospector). */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hashes 32-bit words into a 128-bit key, starting from `key`. */
function absorb(key: readonly number[], words: readonly number[]): number[] {
  let [a, b, c, d] = key;
  const step = (w: number) => {
    a = mix32(a ^ w ^ 0x9e3779b9);
    b = mix32(b ^ a ^ 0x85ebca6b);
    c = mix32(c ^ b ^ 0xc2b2ae35);
    d = mix32(d ^ c ^ 0x27d4eb2f);
    a = (a ^ d) >>> 0;
  };
  for (const w of words) step(w >>> 0);
  // the word count closes the message (so a prefix never equals the whole), then two blank rounds diffuse the last word
  step(words.length);
  step(0);
  step(0);
  return [a, b, c, d];
}

const TAG_SEED = 0x6b616e6e; // 'kann'
const TAG_STRING = 0x53545231;
const TAG_INT = 0x494e5431;

/** Encodes fork labels as 32-bit words, type-tagged so 'a' and 97 differ. */
function labelWords(labels: readonly (string | number)[]): number[] {
  const words: number[] = [];
  for (const label of labels) {
    if (typeof label === 'string') {
      words.push(TAG_STRING, label.length);
      for (let i = 0; i < label.length; i++) words.push(label.charCodeAt(i));
    } else if (Number.isSafeInteger(label)) {
      const lo = label % 4294967296;
      words.push(TAG_INT, lo >>> 0, Math.floor(label / 4294967296) >>> 0);
    } else {
      throw new KanntkError(`random stream label must be a string or a safe integer, got ${String(label)}`);
    }
  }
  return words;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/** A seeded stream of random numbers, bit-identical on every platform (see the file header). */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;
  private splits = 0;
  private readonly key: readonly number[];

  private constructor(key: readonly number[]) {
    this.key = key;
    [this.s0, this.s1, this.s2, this.s3] = key.map((w) => w | 0);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 0x9e3779b9 | 0;
  }

  /** The root stream of an integer seed in [0, 2⁵³). */
  static fromSeed(seed: number): SeededRandom {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new KanntkError(`seed must be an integer in [0, 2^53), got ${String(seed)}`);
    }
    return new SeededRandom(absorb([0, 0, 0, 0], [TAG_SEED, seed % 4294967296, Math.floor(seed / 4294967296)]));
  }

  /** A stream whose xoshiro128** state is exactly `state` (four 32-bit words); for checking the core against the published reference output. */
  static fromState(state: readonly number[]): SeededRandom {
    if (state.length !== 4 || state.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new KanntkError('fromState needs four integers in [0, 2^32)');
    }
    return new SeededRandom(state);
  }

  /** An independent stream named by labels; depends only on this stream's key and the labels, not on draws made so far. */
  fork(...labels: (string | number)[]): SeededRandom {
    if (labels.length === 0) throw new KanntkError('fork needs at least one label');
    return new SeededRandom(absorb(this.key, labelWords(labels)));
  }

  /** A new independent stream; the n-th call returns fork('#split', n). */
  split(): SeededRandom {
    return this.fork('#split', this.splits++);
  }

  /** The next 32-bit output, an integer in [0, 2³²). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform in [0, 1), 53 random bits. */
  next(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /** 0 … n−1 in a random order (Fisher–Yates from the back: one draw per position). */
  permutation(n: number): number[] {
    const p = [...Array(n).keys()];
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }

  /** Uniform in [lo, hi) (hi itself only through rounding). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal N(0, 1), Marsaglia's polar method with the deterministic log. */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1; // exact: 2k/2⁵³ − 1
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * detLog(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** Standard normal conditioned on |z| ≤ bound (rejection); its std is 0.8796 for bound 2. */
  truncatedNormal(bound = 2): number {
    if (!(bound > 0)) throw new KanntkError(`truncated normal bound must be positive, got ${bound}`);
    for (;;) {
      const z = this.normal();
      if (Math.abs(z) <= bound) return z;
    }
  }

  /** Fills `out` with scale·N(0, 1) draws and returns it. */
  fillNormal(out: Float64Array, scale = 1): Float64Array {
    for (let j = 0; j < out.length; j++) out[j] = scale * this.normal();
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The root stream of an integer seed in [0, 2⁵³); same as SeededRandom.fromSeed. */
export function createSeededRandom(seed: number): SeededRandom {
  return SeededRandom.fromSeed(seed);
}
