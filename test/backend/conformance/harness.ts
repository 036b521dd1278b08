// The conformance harness: every kernel test runs once per backend — each
// registered backend (backend/registry.ts) and the plain-TypeScript reference —
// with tolerances chosen by the backend's precision. Results are compared with
// the reference kernels (test/reference/kernels.ts) run on the values the
// backend really stores (rounded to f32 on an f32 backend), or with an
// independent computation (fixtures, known spectra) where the reference itself
// is the subject. A backend that cannot start fails the suite; none is skipped.

import { describe, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { DeviceBuffer } from '../../../src/backend/buffer.js';
import { buffersOf, type KernelCall, type KernelKind } from '../../../src/backend/kernels.js';
import { KanntkError } from '../../../src/errors.js';
import { runReference } from '../../reference/kernels.js';
import { kernelsOf, makeBackend, precisionOf, TEST_BACKENDS } from '../../helpers/engines.js';

export interface Subject {
  readonly name: string;
  readonly precision: 'f64' | 'f32';
  /** The started backend (available inside tests and hooks). */
  readonly backend: Backend;
  /** The reference backend is its own yardstick: comparisons with the reference kernels say nothing about it. */
  readonly isReference: boolean;
  /** Picks the f64 or the f32 value of a tolerance (or of anything else that depends on precision). */
  pick<T>(f64: T, f32: T): T;
  /** What the backend stores for these values: f32-rounded on an f32 backend. */
  stored(values: ArrayLike<number>): Float64Array;
  /** Whether it runs this kernel (from the registry, before it starts). */
  runs(kind: KernelKind): boolean;
}

/**
 * One describe block per test backend, `title` prefixed by its name. The backend
 * starts in beforeAll (a failure fails the block) and is disposed in afterAll.
 * `only`: restrict to backends where the body means something (e.g. not the reference
 * for comparisons with the reference).
 */
export function describeBackends(title: string, body: (s: Subject) => void, only: (s: Subject) => boolean = () => true): void {
  for (const name of TEST_BACKENDS) {
    const precision = precisionOf(name);
    let backend: Backend | null = null;
    const subject: Subject = {
      name,
      precision,
      get backend() {
        if (!backend) throw new Error(`${name} backend not started`);
        return backend;
      },
      isReference: name === 'reference',
      pick: (f64, f32) => (precision === 'f64' ? f64 : f32),
      stored: (values) => Float64Array.from(values, precision === 'f32' ? Math.fround : (v) => v),
      runs: (kind) => kernelsOf(name).includes(kind),
    };
    if (!only(subject)) continue;
    describe(`${name}: ${title}`, () => {
      beforeAll(async () => {
        backend = await makeBackend(name); // throws, failing the block, when the backend cannot start
      });
      afterAll(() => backend?.dispose());
      body(subject);
    });
  }
}

/** Backends other than the reference: the ones a comparison with the reference kernels tests. */
export const notReference = (s: Subject) => !s.isReference;

export type Arrays = Record<string, ArrayLike<number>>;
export type Buffers = Record<string, DeviceBuffer>;

/**
 * Uploads `arrays`, builds the call, runs it on the backend and on the reference
 * (each with its own copy of every array — the reference on the stored values —
 * `out` included, so untouched elements are compared too) and returns the written
 * buffer of both. With `keep`, the buffers are returned for further use and the
 * caller frees them.
 */
export async function runBoth(
  s: Subject, arrays: Arrays, make: (b: Buffers) => KernelCall,
): Promise<{ got: Float64Array; want: Float64Array; call: KernelCall; host: Map<DeviceBuffer, Float64Array> }> {
  const backend = s.backend;
  const bufs: Buffers = {};
  const host = new Map<DeviceBuffer, Float64Array>();
  for (const [name, data] of Object.entries(arrays)) {
    bufs[name] = backend.upload(data);
    host.set(bufs[name], s.stored(data));
  }
  const call = make(bufs);
  backend.run(call);
  runReference(call, (buf) => host.get(buf)!);
  const { write } = buffersOf(call);
  const got = await backend.read(write);
  for (const buf of Object.values(bufs)) backend.free(buf);
  return { got, want: host.get(write)!, call, host };
}

/**
 * The reference kernel applied to |stored inputs| for a call already run: Σ|terms|
 * per output element, the natural error scale of sums and products.
 */
export function absScale(call: KernelCall, host: Map<DeviceBuffer, Float64Array>, inputs: DeviceBuffer[]): Float64Array {
  const { write } = buffersOf(call);
  const abs = new Map<DeviceBuffer, Float64Array>();
  // |inputs|; other operands (indices) as they are; the output from zeros
  for (const [buf, data] of host) abs.set(buf, inputs.includes(buf) ? data.map(Math.abs) : buf === write ? new Float64Array(data.length) : data);
  runReference(call, (buf) => abs.get(buf)!);
  return abs.get(write)!;
}

/** A buffer that belongs to no backend (for calls only the reference runs). */
export const hostBuffer = (length: number) => new DeviceBuffer(length, 'host', null);

/**
 * Same NaN-ness and infinities; otherwise |got − want| ≤ rel·scale(i) + abs.
 * Reports the first few offending elements.
 */
export function expectClose(
  what: string, got: ArrayLike<number>, want: ArrayLike<number>,
  tol: { rel: number; abs?: number; scale?: (i: number) => number },
): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (!Number.isFinite(w)) {
      if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w))) bad.push(`[${i}] got ${g}, want ${w}`);
      continue;
    }
    const scale = tol.scale ? tol.scale(i) : Math.abs(w);
    if (!(Math.abs(g - w) <= tol.rel * scale + (tol.abs ?? 0))) bad.push(`[${i}] got ${g}, want ${w}, err ${Math.abs(g - w).toExponential(2)}`);
  }
  expect(bad.slice(0, 5), `${what}: ${bad.length} of ${want.length} elements off`).toEqual([]);
}

/** Bit-for-bit equality (signed zeros and NaN included). */
export function expectExact(what: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  expectClose(what, got, want, { rel: 0 });
}

/** The largest |finite value|, at least `floor`. */
export function peak(values: ArrayLike<number>, floor = 0): number {
  let m = floor;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/** f() throws a KanntkError whose message matches. */
export function expectKanntkError(f: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected a KanntkError matching ${message}`).toBeInstanceOf(KanntkError);
  expect((thrown as Error).message).toMatch(message);
}
