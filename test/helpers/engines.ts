// The backends the suites run on: every registered backend (backend/registry.ts)
// plus the plain-TypeScript reference. WebGPU goes through SwiftShader here
// (DESIGN.md); a missing adapter fails the suite, it is never skipped.
import type { Backend } from '../../src/backend/backend.js';
import { BACKEND_NAMES, backendEntry } from '../../src/backend/registry.js';
import { KERNEL_KINDS, type KernelKind } from '../../src/backend/kernels.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.js';

export type TestBackendName = string;

/**
 * 'wasm-threads': the wasm core on two threads with every kernel call that can
 * be cut into slices cut (even tiny ones), workers started before the first call.
 */
const WASM_THREADS = 'wasm-threads';

export async function makeBackend(name: TestBackendName): Promise<Backend> {
  if (name === 'reference') return createReferenceBackend();
  if (name === WASM_THREADS) return createWasmBackend({ threads: 2, parallelMinWork: 1, waitForThreads: true });
  return backendEntry(name).start({ swiftshader: true });
}

/** Which backends the suites cover (KANNTK_TEST_BACKENDS=reference,wasm narrows it while developing). */
export const TEST_BACKENDS: TestBackendName[] = process.env.KANNTK_TEST_BACKENDS?.split(',') ?? ['reference', ...BACKEND_NAMES, WASM_THREADS];

/** The registered backend a test backend runs on. */
const registered = (name: TestBackendName): string => (name === WASM_THREADS ? 'wasm' : name);

/** The precision a test backend computes in (known before it starts, from the registry). */
export function precisionOf(name: TestBackendName): 'f64' | 'f32' {
  return name === 'reference' ? 'f64' : backendEntry(registered(name)).precision;
}

/** The kernels a test backend runs (known before it starts, from the registry; the reference runs all). */
export function kernelsOf(name: TestBackendName): readonly KernelKind[] {
  return name === 'reference' ? KERNEL_KINDS : backendEntry(registered(name)).kernels;
}
