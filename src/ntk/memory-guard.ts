// Estimates the memory of an NTK job before it starts, and refuses (naming the
// sizes) rather than crashing the WASM heap or the GPU.

import type { Backend } from '../backend/backend.js';
import { KanntkError } from '../errors.js';

/** Bytes one element takes on a backend. */
export const bytesPerElement = (backend: Backend) => (backend.info.precision === 'f64' ? 8 : 4);

/** The largest single buffer and the total a backend can hold, in bytes. */
export function memoryLimits(backend: Backend): { buffer: number; total: number } {
  const { maxBufferBytes, maxTotalBytes } = backend.info.memory;
  return { buffer: maxBufferBytes, total: maxTotalBytes };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes, u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

/**
 * Throws a KanntkError when `largest` or `total` elements exceed what the backend holds; `advice`
 * says what would help for this job (the structured method only where it is not already in use).
 */
export function guardMemory(backend: Backend, what: string, largest: number, total: number, advice = 'use fewer points'): void {
  const b = bytesPerElement(backend);
  const limits = memoryLimits(backend);
  if (largest * b > limits.buffer || total * b > limits.total) {
    throw new KanntkError(
      `${what} needs about ${formatBytes(total * b)} (largest array ${formatBytes(largest * b)}), more than the ${backend.info.name} backend can hold ` +
        `(${formatBytes(limits.buffer)} per array, ${formatBytes(limits.total)} in all): ${advice}`,
    );
  }
}
