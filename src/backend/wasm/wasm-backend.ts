// The WebAssembly backend: f64 kernels compiled from assembly/ (AssemblyScript,
// SIMD) into build/core.wasm, with buffers living in the module's linear
// memory. Runs wherever WebAssembly SIMD does (Node, browsers, Workers).

import coreWasm from '../../../build/core.wasm';
import coreThreadsWasm from '../../../build/core-threads.wasm';
import { KanntkError } from '../../errors.js';
import type { Backend, BackendInfo, MemoryStats } from '../backend.js';
import { DeviceBuffer } from '../buffer.js';
import { KERNEL_KINDS, type KernelCall, type KernelKind } from '../kernels.js';
import { META_SLOTS, type CoreExports } from './core-exports.js';
import { WasmMemory, type WasmRange } from './wasm-memory.js';
import { validateCall, type KernelLimits } from '../validate-call.js';
import { dispatch, ptrOf, type DispatchContext } from './wasm-dispatch.js';
import { ThreadPool } from './thread-pool.js';
import { threadPlan, type ThreadPlan } from './thread-plan.js';

const NAME = 'wasm';
/** wasm32 linear memory: 4 GiB at most; leave room for everything else. */
const MAX_TOTAL_BYTES = 3 * 2 ** 30;
const MAX_BUFFER_BYTES = 2 ** 31;

/** Below this many multiply-adds a kernel call runs on one thread: waking the workers costs a few µs. */
const PARALLEL_MIN_WORK = 1 << 17;

/** The core runs every kernel, in f64. */
const LIMITS: KernelLimits = { backend: NAME, kernels: new Set(KERNEL_KINDS), maxElements: MAX_BUFFER_BYTES / 8 };

class WasmBackend implements Backend {
  readonly info: BackendInfo;
  /** The instance, its memory and the dispatch context; null after dispose(). */
  private context: DispatchContext | null;
  /** Each thread's kernel scratch (index 0: the calling thread). */
  private workRanges: (WasmRange | null)[] = [];
  /** Metadata blocks of the worker threads (index ≥ 1). */
  private metaRanges: WasmRange[] = [];
  private readonly metaPtr: number;
  private liveBuffers = 0;
  private liveBytes = 0;

  constructor(core: CoreExports, memory: WebAssembly.Memory, pool: ThreadPool | null, threads: ThreadPlan, parallelMinWork: number) {
    const device = `WebAssembly (f64, SIMD, ${threads.count === 1 ? '1 thread' : `${threads.count} threads`})`;
    this.info = {
      name: NAME, precision: 'f64', device,
      memory: { maxBufferBytes: MAX_BUFFER_BYTES, maxTotalBytes: MAX_TOTAL_BYTES },
      threads: { count: threads.count, reason: threads.reason },
    };
    this.metaPtr = core.metaPtr() >>> 0;
    this.context = {
      core,
      memory: new WasmMemory(memory, core.heapBase() >>> 0),
      metaOf: (thread) => this.metaOf(thread),
      workspace: (bytes, thread) => this.workspace(bytes, thread ?? 0),
      pool,
      parallelMinWork,
    };
  }

  /** The live allocator; throws after dispose(). */
  private get memory(): WasmMemory {
    if (this.context === null) throw new KanntkError('wasm backend used after dispose()');
    return this.context.memory;
  }

  alloc(length: number): DeviceBuffer {
    if (!Number.isInteger(length) || length < 0) {
      throw new KanntkError(`wasm alloc: length must be a non-negative integer, got ${length}`);
    }
    const range = this.memory.allocate(length * 8); // throws after dispose()
    this.liveBuffers++;
    this.liveBytes += range.bytes;
    return new DeviceBuffer(length, NAME, range);
  }

  upload(data: ArrayLike<number>): DeviceBuffer {
    const buf = this.alloc(data.length);
    this.memory.f64.set(data, ptrOf(buf) / 8);
    return buf;
  }

  async read(buf: DeviceBuffer): Promise<Float64Array> {
    const memory = this.memory;
    buf.assertUsable(NAME);
    const start = ptrOf(buf) / 8;
    return memory.f64.slice(start, start + buf.length);
  }

  free(buf: DeviceBuffer): void {
    const memory = this.memory;
    if (buf.backendName !== NAME) {
      throw new KanntkError(`buffer #${buf.id} belongs to backend '${buf.backendName}', not '${NAME}'`);
    }
    buf.markFreed(); // throws on a double free
    const range = buf.handle as WasmRange;
    memory.release(range);
    this.liveBuffers--;
    this.liveBytes -= range.bytes;
  }

  supports(kind: KernelKind): boolean {
    return LIMITS.kernels.has(kind);
  }

  run(call: KernelCall): void {
    const memory = this.memory;
    validateCall(call, LIMITS, (buf) => {
      const start = ptrOf(buf) / 8;
      return memory.f64.subarray(start, start + buf.length);
    });
    dispatch(this.context!, call);
  }

  flush(): void {}

  /** liveBytes and pooledBytes count whole size classes (what the ranges really hold). */
  stats(): MemoryStats {
    const stats: MemoryStats = { liveBuffers: this.liveBuffers, liveBytes: this.liveBytes, pooledBytes: this.context?.memory.pooledBytes ?? 0 };
    const pool = this.context?.pool;
    if (pool) stats.threadedCalls = pool.calls;
    return stats;
  }

  /** Drops the instance and its memory; every later call except stats() throws. */
  dispose(): void {
    this.context?.pool?.dispose();
    this.context = null;
    this.workRanges = [];
    this.metaRanges = [];
  }

  /** The metadata block of a thread: the core's own for the caller, one allocated per worker. */
  private metaOf(thread: number): number {
    if (thread === 0) return this.metaPtr;
    let range = this.metaRanges[thread];
    if (range === undefined) {
      range = this.memory.allocate(META_SLOTS * 4);
      this.metaRanges[thread] = range;
    }
    return range.ptr;
  }

  /** Scratch for kernels (matmul packing, B-spline triangle), one per thread; kept between calls, grown on demand. */
  private workspace(bytes: number, thread: number): number {
    const range = this.workRanges[thread] ?? null;
    if (range !== null && range.bytes >= bytes) return range.ptr;
    if (range !== null) this.memory.release(range);
    const grown = this.memory.allocate(bytes);
    this.workRanges[thread] = grown;
    return grown.ptr;
  }
}

export interface WasmStartOptions {
  /** Threads for big kernel calls: a count, or 'auto' (default: the cores there are, where shared memory and workers are). */
  threads?: number | 'auto';
  /** Tests: split calls from this much work on (default 2^17, about one multiply-add or element each). */
  parallelMinWork?: number;
  /** Wait until the worker threads have started (default: no; calls run on one thread until they have). */
  waitForThreads?: boolean;
}

/** Pages the threaded core's shared memory starts with and may grow to (4 GiB, wasm32's limit). */
const SHARED_INITIAL_PAGES = 16;
const SHARED_MAXIMUM_PAGES = 65536;

/**
 * The threaded core, compiled once per process: every backend (and every
 * worker) instantiates the same module, so code V8 has already optimised
 * stays optimised for the next engine.
 */
let threadedModule: Promise<WebAssembly.Module> | null = null;

/**
 * Instantiates the core and returns a Backend over it: build/core.wasm on one
 * thread, or build/core-threads.wasm on a shared memory with worker threads
 * (thread-plan.ts says how many, and why not more).
 */
export async function createWasmBackend(options: WasmStartOptions = {}): Promise<Backend> {
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(coreWasm as Uint8Array<ArrayBuffer>)) {
    throw new KanntkError('this runtime lacks WebAssembly with SIMD, which the wasm backend needs');
  }
  const plan = await threadPlan(options.threads ?? 'auto');
  const minWork = options.parallelMinWork ?? PARALLEL_MIN_WORK;
  if (plan.count > 1) {
    threadedModule ??= WebAssembly.compile(coreThreadsWasm as Uint8Array<ArrayBuffer>);
    const module = await threadedModule;
    const memory = new WebAssembly.Memory({ initial: SHARED_INITIAL_PAGES, maximum: SHARED_MAXIMUM_PAGES, shared: true });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const core = instance.exports as unknown as CoreExports;
    core._initialize();
    const pool = await ThreadPool.start(module, memory, plan.count, plan.flavour!);
    if (options.waitForThreads) await pool.whenReady();
    return new WasmBackend(core, memory, pool, plan, minWork);
  }
  const { instance } = await WebAssembly.instantiate(coreWasm as Uint8Array<ArrayBuffer>, {});
  const core = instance.exports as unknown as CoreExports;
  core._initialize();
  return new WasmBackend(core, core.memory, null, plan, minWork);
}
