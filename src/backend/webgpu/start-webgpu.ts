// Finding a GPU object and starting the WebGPU backend on it: the one given,
// navigator.gpu, or Dawn in Node/Deno (retrying through SwiftShader when asked).

import { KanntkError } from '../../errors.js';
import type { Backend, BackendRoute, GpuEntryPoint } from '../backend.js';
import { createWebGPUBackend } from './webgpu-backend.js';

const isNodeLike = () => typeof process !== 'undefined' && !!process.versions?.node;

/** The GPU entry point: the one given, navigator.gpu, or Dawn for Node (not loaded where no GPU driver exists). */
async function findGPU(given: GpuEntryPoint | undefined): Promise<GPU | null> {
  if (given) return given as unknown as GPU;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (!isNodeLike()) return null;
  const { getNodeGPU, missingGpuDriver } = await import('./node-gpu.js');
  const missing = await missingGpuDriver();
  if (missing) throw new KanntkError(`WebGPU: ${missing}, so there is no GPU adapter here`);
  return getNodeGPU({ swiftshader: false });
}

/** Whether an adapter is a CPU emulator rather than a GPU. */
export function isEmulatedAdapter(backend: Backend): boolean {
  const a = backend.info.adapter;
  return !!a && (a.isFallback || /swiftshader|llvmpipe|lavapipe|software/i.test(`${a.vendor} ${a.architecture} ${a.device} ${a.description}`));
}

/** Starts WebGPU in Node on SwiftShader, the CPU Vulkan driver of Debian's chromium package. */
async function startOnSwiftShader(): Promise<Backend> {
  const { getNodeGPU } = await import('./node-gpu.js');
  return createWebGPUBackend(await getNodeGPU({ swiftshader: true }));
}

/**
 * Starts WebGPU on `gpu` (or the one found). In Node, when no GPU driver gives an
 * adapter and `allowSwiftshader` is set, retries on SwiftShader, a CPU Vulkan driver.
 */
export async function startWebGPU(gpu: GpuEntryPoint | undefined, allowSwiftshader: boolean): Promise<Backend> {
  try {
    const found = await findGPU(gpu);
    if (!found) {
      throw new KanntkError(
        'webgpu: this environment has no WebGPU (no navigator.gpu): use a browser with WebGPU enabled, or the wasm backend',
      );
    }
    return await createWebGPUBackend(found);
  } catch (err) {
    if (!allowSwiftshader || gpu || !isNodeLike()) throw err;
    const { swiftshaderAvailable } = await import('./node-gpu.js');
    if (!(await swiftshaderAvailable())) throw err;
    return startOnSwiftShader();
  }
}

/** The two ways to reach WebGPU here: a GPU's own driver ('native'), or SwiftShader in Node. */
export const WEBGPU_ROUTES: readonly BackendRoute[] = [
  { name: 'native', available: async () => true, start: () => startWebGPU(undefined, false) },
  {
    name: 'swiftshader',
    available: async () => isNodeLike() && (await import('./node-gpu.js')).swiftshaderAvailable(),
    start: startOnSwiftShader,
  },
];
