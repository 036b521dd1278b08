// The Backend interface: memory, transfers and the kernels of kernels.ts.
// Implementations: backend/wasm (f64, AssemblyScript) and backend/webgpu (f32, WGSL),
// listed in backend/registry.ts. Code above the backends asks what a backend
// can do (supports, info.memory), never which one it is.

import type { DeviceBuffer } from './buffer.js';
import type { KernelCall, KernelKind } from './kernels.js';

/** A registered backend's name ('wasm', 'webgpu', …; the test suites add 'reference'). */
export type BackendName = string;
export type Precision = 'f64' | 'f32';

export interface BackendInfo {
  name: BackendName;
  precision: Precision;
  /** Human-readable description, e.g. the GPU adapter "google/swiftshader". */
  device: string;
  /** For webgpu: vendor/architecture/description of the adapter; limits that matter. */
  adapter?: { vendor: string; architecture: string; device: string; description: string; isFallback: boolean };
  limits?: { maxBufferSize: number; maxStorageBufferBindingSize: number; maxComputeWorkgroupStorageSize: number };
  /** What it can hold, in bytes: the largest single buffer and all buffers together. */
  memory: { maxBufferBytes: number; maxTotalBytes: number };
  /** CPU backends: how many threads big kernels use, and why not more (e.g. no shared memory here). */
  threads?: { count: number; reason: string };
}

export interface MemoryStats {
  /** Buffers handed out and not yet freed. */
  liveBuffers: number;
  /** Bytes held by live buffers. */
  liveBytes: number;
  /** Bytes kept in the reuse pool (released, not returned to the system). */
  pooledBytes: number;
  /** wasm on several threads: kernel calls shared out to the worker threads so far. */
  threadedCalls?: number;
}

export interface Backend {
  readonly info: BackendInfo;
  /** Whether this backend runs kernels of this kind; callers take another path where it does not. */
  supports(kind: KernelKind): boolean;
  /** A new buffer of `length` elements; its contents are undefined until written. */
  alloc(length: number): DeviceBuffer;
  /** A new buffer holding `data` (converted to the backend's precision). */
  upload(data: ArrayLike<number>): DeviceBuffer;
  /** Copies a buffer back to the host as f64. Waits for pending work. */
  read(buf: DeviceBuffer): Promise<Float64Array>;
  /** Returns a buffer to the pool; using it afterwards throws. */
  free(buf: DeviceBuffer): void;
  /** Runs (or enqueues, on the GPU) one kernel call. Throws on freed or foreign buffers. */
  run(call: KernelCall): void;
  /** Submits queued work (GPU); a no-op where work runs at once. */
  flush(): void;
  stats(): MemoryStats;
  /** Releases everything; on WebGPU destroys the device so Node can exit. */
  dispose(): void;
}

// ---------------------------------------------------------------------------
// Registry entries (backend/registry.ts)

/**
 * The WebGPU entry point as the public types see it: navigator.gpu, or Dawn's GPU object in Node.
 * Structural, so that users' TypeScript needs no WebGPU type declarations (@webgpu/types) to
 * compile against kanntk; inside, it is used as the GPU it is.
 */
export interface GpuEntryPoint {
  requestAdapter(options?: never): Promise<unknown>;
}

export interface BackendStartOptions {
  /** The WebGPU entry point (navigator.gpu in browsers); found on demand when absent. */
  gpu?: GpuEntryPoint;
  /** Node only: fall back to SwiftShader (a CPU Vulkan driver) when no GPU driver gives an adapter. */
  swiftshader?: boolean;
  /** The wasm core's threads: a count, or 'auto' (default; KANNTK_THREADS in the environment overrides auto). */
  threads?: number | 'auto';
  /**
   * Wait until the wasm core's worker threads have started (tens of ms) before returning; by
   * default they start in the background and calls before that run on one thread.
   */
  waitForThreads?: boolean;
}

export interface BackendEntry {
  readonly name: string;
  readonly precision: Precision;
  /** The kernels it runs (known before it starts; the started backend's supports() agrees). */
  readonly kernels: readonly KernelKind[];
  /** Starts the backend; throws a KanntkError saying why it cannot. */
  start(options: BackendStartOptions): Promise<Backend>;
  /**
   * For `auto`: why this started backend should not be taken (e.g. it runs on a
   * CPU emulator), or null to take it. Absent: always taken.
   */
  autoVeto?(backend: Backend): string | null;
  /**
   * For `kanntk doctor`: the ways this backend can be started here, tried in
   * order (e.g. a GPU driver, then SwiftShader). Absent: start({}) alone.
   */
  readonly routes?: readonly BackendRoute[];
}

export interface BackendRoute {
  readonly name: string;
  /** Whether the route can be tried at all on this machine. */
  available(): Promise<boolean>;
  start(): Promise<Backend>;
}
