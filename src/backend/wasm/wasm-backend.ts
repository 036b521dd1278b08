// The WebAssembly backend: f64 kernels compiled from assembly/ (AssemblyScript,
// SIMD) into build/core.wasm, with buffers living in the module's linear
// memory. Runs wherever WebAssembly SIMD does (Node, browsers, Workers).

import coreWasm from '../../../build/core.wasm';
import { KanntkError } from '../../errors.js';
import type { Backend, BackendInfo, MemoryStats } from '../backend.js';
import { DeviceBuffer } from '../buffer.js';
import { KERNEL_KINDS, type KernelCall, type KernelKind } from '../kernels.js';
import type { CoreExports } from './core-exports.js';
import { WasmMemory, type WasmRange } from './wasm-memory.js';
import { validateCall, type KernelLimits } from '../validate-call.js';
import { dispatch, ptrOf, type DispatchContext } from './wasm-dispatch.js';

const NAME = 'wasm';
/** wasm32 linear memory: 4 GiB at most; leave room for everything else. */
const MAX_TOTAL_BYTES = 3 * 2 ** 30;
const MAX_BUFFER_BYTES = 2 ** 31;

/** The core runs every kernel, in f64. */
const LIMITS: KernelLimits = { backend: NAME, kernels: new Set(KERNEL_KINDS), maxElements: MAX_BUFFER_BYTES / 8 };

class WasmBackend implements Backend {
  readonly info: BackendInfo = {
    name: NAME, precision: 'f64', device: 'WebAssembly (f64, SIMD)',
    memory: { maxBufferBytes: MAX_BUFFER_BYTES, maxTotalBytes: MAX_TOTAL_BYTES },
  };
  /** The instance, its memory and the dispatch context; null after dispose(). */
  private context: DispatchContext | null;
  private workRange: WasmRange | null = null;
  private liveBuffers = 0;
  private liveBytes = 0;

  constructor(core: CoreExports) {
    this.context = {
      core,
      memory: new WasmMemory(core.memory, core.heapBase() >>> 0),
      metaPtr: core.metaPtr() >>> 0,
      workspace: (bytes) => this.workspace(bytes),
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
    return { liveBuffers: this.liveBuffers, liveBytes: this.liveBytes, pooledBytes: this.context?.memory.pooledBytes ?? 0 };
  }

  /** Drops the instance and its memory; every later call except stats() throws. */
  dispose(): void {
    this.context = null;
    this.workRange = null;
  }

  /** Scratch for kernels (matmul packing, B-spline triangle); kept between calls, grown on demand. */
  private workspace(bytes: number): number {
    if (this.workRange === null || this.workRange.bytes < bytes) {
      if (this.workRange !== null) this.memory.release(this.workRange);
      this.workRange = this.memory.allocate(bytes);
    }
    return this.workRange.ptr;
  }
}

/** Instantiates build/core.wasm and returns a Backend over it. */
export async function createWasmBackend(): Promise<Backend> {
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(coreWasm as Uint8Array<ArrayBuffer>)) {
    throw new KanntkError('this runtime lacks WebAssembly with SIMD, which the wasm backend needs');
  }
  const { instance } = await WebAssembly.instantiate(coreWasm as Uint8Array<ArrayBuffer>, {});
  const core = instance.exports as unknown as CoreExports;
  core._initialize();
  return new WasmBackend(core);
}
