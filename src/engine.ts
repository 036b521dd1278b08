// createEngine: picks and starts a backend from the registry
// (backend/registry.ts). The GPU object is passed in (or found on demand),
// never probed at import time, so importing kanntk is harmless in Node, Deno,
// browsers and workers.

import type { Backend } from './backend/backend.js';
import { BACKENDS, backendEntry } from './backend/registry.js';
import type { BackendStartOptions } from './backend/backend.js';
import { tensor, full, type TensorOptions } from './graph/ops/create.js';
import type { Tensor } from './graph/tensor.js';

export { isEmulatedAdapter } from './backend/webgpu/start-webgpu.js';

/** 'auto' or a registered backend's name ('wasm', 'webgpu'). */
export type BackendChoice = string;

export interface EngineOptions extends BackendStartOptions {
  /**
   * 'auto' (default) tries the registered backends in order and takes the first
   * that starts and suits (WebGPU only on a real GPU adapter), else wasm.
   * For an explicit 'webgpu' in Node, `swiftshader` defaults to true: when no
   * GPU driver gives an adapter, it runs on SwiftShader (correct but slow).
   */
  backend?: BackendChoice;
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

function makeEngine(backend: Backend, reason: string): Engine {
  return {
    backend,
    reason,
    tensor: (data, shape, options) => tensor(backend, data, shape, options),
    full: (shape, value) => full(backend, shape, value),
    dispose: () => backend.dispose(),
  };
}

/** Starts a backend. Throws a KanntkError naming the problem when the asked one cannot start. */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const choice = options.backend ?? 'auto';
  if (choice !== 'auto') {
    const entry = backendEntry(choice);
    return makeEngine(await entry.start(options), `${entry.name} was asked for`);
  }
  // auto: the first backend that starts and suits — and say why the others were passed over
  const passed: string[] = [];
  for (const entry of BACKENDS) {
    const last = entry === BACKENDS[BACKENDS.length - 1];
    try {
      // an emulator is slower than the CPU core: auto never reaches for SwiftShader unless told to
      const backend = await entry.start({ ...options, swiftshader: options.swiftshader ?? false });
      const veto = last ? null : entry.autoVeto?.(backend) ?? null;
      if (veto === null) {
        const why = passed.length ? `because ${passed.join('; ')}` : `${backend.info.device}`;
        return makeEngine(backend, `auto: ${entry.name}, ${why}`);
      }
      passed.push(veto);
      backend.dispose();
    } catch (err) {
      if (last) throw err;
      // the first sentence is the reason; the rest (fixes) is for `kanntk doctor`
      passed.push(`${entry.name} did not start (${(err as Error).message.split(/\.\s/)[0]})`);
    }
  }
  throw new Error('unreachable: the last backend either starts or throws');
}
