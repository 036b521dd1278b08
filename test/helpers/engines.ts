// The backends the suites run on. WebGPU goes through SwiftShader here (DESIGN.md);
// a missing adapter fails the suite, it is never skipped.
import type { Backend } from '../../src/backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';

export type TestBackendName = 'reference' | 'wasm' | 'webgpu';

export async function makeBackend(name: TestBackendName): Promise<Backend> {
  if (name === 'reference') return createReferenceBackend();
  if (name === 'wasm') {
    const { createWasmBackend } = await import('../../src/backend/wasm/wasm-backend.js');
    return createWasmBackend();
  }
  const { getNodeGPU } = await import('../../src/backend/webgpu/node-gpu.js');
  const { createWebGPUBackend } = await import('../../src/backend/webgpu/webgpu-backend.js');
  return createWebGPUBackend(await getNodeGPU({ swiftshader: true }));
}

/** Which backends the graph suites cover (KANNTK_TEST_BACKENDS=reference,wasm narrows it while developing). */
export const TEST_BACKENDS: TestBackendName[] = (process.env.KANNTK_TEST_BACKENDS?.split(',') as TestBackendName[]) ?? ['reference', 'wasm', 'webgpu'];
