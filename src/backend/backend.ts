// The Backend interface: memory, transfers and the kernels of kernels.ts.
// Implementations: backend/wasm (f64, AssemblyScript) and backend/webgpu (f32, WGSL).

import type { DeviceBuffer } from './buffer.js';
import type { KernelCall } from './kernels.js';

export type BackendName = 'wasm' | 'webgpu';
export type Precision = 'f64' | 'f32';

export interface BackendInfo {
  name: BackendName;
  precision: Precision;
  /** Human-readable description, e.g. the GPU adapter "google/swiftshader". */
  device: string;
  /** For webgpu: vendor/architecture/description of the adapter; limits that matter. */
  adapter?: { vendor: string; architecture: string; device: string; description: string; isFallback: boolean };
  limits?: { maxBufferSize: number; maxStorageBufferBindingSize: number; maxComputeWorkgroupStorageSize: number };
}

export interface MemoryStats {
  /** Buffers handed out and not yet freed. */
  liveBuffers: number;
  /** Bytes held by live buffers. */
  liveBytes: number;
  /** Bytes kept in the reuse pool (released, not returned to the system). */
  pooledBytes: number;
}

export interface Backend {
  readonly info: BackendInfo;
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
