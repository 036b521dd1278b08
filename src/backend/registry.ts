// The backend registry: every backend kanntk can start, in the order `auto`
// tries them. createEngine, the CLI's --backend flag and `kanntk doctor` read
// it; a new backend is a folder beside wasm/ and webgpu/ plus an entry here.

import { KanntkError } from '../errors.js';
import type { BackendEntry } from './backend.js';
import { KERNEL_KINDS } from './kernels.js';
import { createWasmBackend } from './wasm/wasm-backend.js';
import { startWebGPU, isEmulatedAdapter, WEBGPU_ROUTES } from './webgpu/start-webgpu.js';
import { WEBGPU_KERNELS } from './webgpu/webgpu-backend.js';

export type { BackendEntry, BackendRoute, BackendStartOptions } from './backend.js';

const webgpu: BackendEntry = {
  name: 'webgpu',
  precision: 'f32',
  kernels: WEBGPU_KERNELS,
  start: (options) => startWebGPU(options.gpu, options.swiftshader ?? true),
  autoVeto: (backend) => (isEmulatedAdapter(backend) ? `the only WebGPU adapter is a CPU emulator (${backend.info.device})` : null),
  routes: WEBGPU_ROUTES,
};

const wasm: BackendEntry = {
  name: 'wasm',
  precision: 'f64',
  kernels: KERNEL_KINDS,
  start: (options) => createWasmBackend({ threads: options.threads, waitForThreads: options.waitForThreads }),
};

/** In `auto` order: a real GPU first, the CPU core last. */
export const BACKENDS: readonly BackendEntry[] = [webgpu, wasm];

export const BACKEND_NAMES: readonly string[] = BACKENDS.map((b) => b.name);

export function backendEntry(name: string): BackendEntry {
  const entry = BACKENDS.find((b) => b.name === name);
  if (!entry) throw new KanntkError(`unknown backend '${name}' (expected one of: auto, ${BACKEND_NAMES.join(', ')})`);
  return entry;
}
