// createEngine: picks and starts a backend. The GPU object is passed in (or
// found on demand), never probed at import time, so importing kanntk is
// harmless in Node, Deno, browsers and workers.

import type { Backend, BackendName } from './backend/backend.js';
import { createWasmBackend } from './backend/wasm/wasm-backend.js';
import { createWebGPUBackend } from './backend/webgpu/webgpu-backend.js';
import { KanntkError } from './errors.js';
import { tensor, full, type TensorOptions } from './graph/ops/create.js';
import type { Tensor } from './graph/tensor.js';

export type BackendChoice = BackendName | 'auto';

export interface EngineOptions {
  /** 'auto' (default) takes WebGPU only on a real GPU adapter, else wasm. */
  backend?: BackendChoice;
  /** The WebGPU entry point (navigator.gpu in browsers). In Node/Deno it is loaded from the `webgpu` package when absent. */
  gpu?: GPU;
  /**
   * Node only: when no Vulkan driver gives an adapter, retry through SwiftShader
   * (a CPU Vulkan driver shipped with Debian's chromium). Default: true for an
   * explicit 'webgpu', never for 'auto' (an emulator is slower than wasm).
   */
  swiftshader?: boolean;
}

export interface Engine {
  readonly backend: Backend;
  /** Why this backend was chosen (for `auto`), or that it was asked for. */
  readonly reason: string;
  /** A leaf tensor on this engine from row-major data. NaN/Infinity are rejected unless allowed. */
  tensor(data: ArrayLike<number>, shape: readonly number[], options?: TensorOptions): Tensor;
  full(shape: readonly number[], value: number): Tensor;
  /** Frees all backend memory; on WebGPU destroys the device so Node can exit. */
  dispose(): void;
}

const CHOICES: BackendChoice[] = ['auto', 'wasm', 'webgpu'];

function makeEngine(backend: Backend, reason: string): Engine {
  return {
    backend,
    reason,
    tensor: (data, shape, options) => tensor(backend, data, shape, options),
    full: (shape, value) => full(backend, shape, value),
    dispose: () => backend.dispose(),
  };
}

const isNodeLike = () => typeof process !== 'undefined' && !!process.versions?.node;

/** The GPU entry point: the one given, navigator.gpu, or Dawn for Node. */
async function findGPU(options: EngineOptions, swiftshader: boolean): Promise<GPU | null> {
  if (options.gpu) return options.gpu;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (!isNodeLike()) return null;
  const { getNodeGPU } = await import('./backend/webgpu/node-gpu.js');
  return getNodeGPU({ swiftshader });
}

/** Whether an adapter is a CPU emulator rather than a GPU. */
export function isEmulatedAdapter(backend: Backend): boolean {
  const a = backend.info.adapter;
  return !!a && (a.isFallback || /swiftshader|llvmpipe|lavapipe|software/i.test(`${a.vendor} ${a.architecture} ${a.device} ${a.description}`));
}

async function startWebGPU(options: EngineOptions, allowSwiftshader: boolean): Promise<Backend> {
  const gpu = await findGPU(options, false);
  if (!gpu) throw new KanntkError('webgpu: no WebGPU here (no navigator.gpu, and not Node/Deno where the `webgpu` package could supply it)');
  try {
    return await createWebGPUBackend(gpu);
  } catch (err) {
    if (!allowSwiftshader || options.gpu || !isNodeLike()) throw err;
    const { swiftshaderAvailable } = await import('./backend/webgpu/node-gpu.js');
    if (!(await swiftshaderAvailable())) throw err;
    return createWebGPUBackend((await findGPU(options, true))!);
  }
}

/** Starts a backend. Throws a KanntkError naming the problem when the asked one cannot start. */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const choice = options.backend ?? 'auto';
  if (!CHOICES.includes(choice)) {
    throw new KanntkError(`unknown backend '${choice}' (expected one of: ${CHOICES.join(', ')})`);
  }
  if (choice === 'wasm') return makeEngine(await createWasmBackend(), 'wasm was asked for');
  if (choice === 'webgpu') return makeEngine(await startWebGPU(options, options.swiftshader ?? true), 'webgpu was asked for');

  // auto: a real GPU adapter, or else wasm — and say why.
  let why: string;
  try {
    const gpuBackend = await startWebGPU(options, options.swiftshader ?? false);
    if (!isEmulatedAdapter(gpuBackend)) return makeEngine(gpuBackend, `auto: GPU adapter ${gpuBackend.info.device}`);
    why = `the only WebGPU adapter is a CPU emulator (${gpuBackend.info.device})`;
    gpuBackend.dispose();
  } catch (err) {
    // the first sentence is the reason; the rest (fixes) is for `kanntk doctor`
    why = `no GPU adapter was found (${(err as Error).message.split(/\.\s/)[0]})`;
  }
  return makeEngine(await createWasmBackend(), `auto: wasm, because ${why}`);
}
