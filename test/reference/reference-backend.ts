// A Backend over plain Float64Arrays running the reference kernels: lets the
// graph be tested independently of both real backends.
import type { Backend, BackendInfo, MemoryStats } from '../../src/backend/backend.js';
import { DeviceBuffer } from '../../src/backend/buffer.js';
import { KERNEL_KINDS, type KernelCall, type KernelKind } from '../../src/backend/kernels.js';
import { validateCall, type KernelLimits } from '../../src/backend/validate-call.js';
import { runReference } from './kernels.js';

/** The reference implements every kernel, in f64, under the same contract as the real backends. */
const LIMITS: KernelLimits = { backend: 'reference', kernels: new Set(KERNEL_KINDS), maxElements: 2 ** 28 };

export function createReferenceBackend(): Backend {
  const live = new Set<DeviceBuffer>();
  const mem = (b: DeviceBuffer) => b.handle as Float64Array;
  const info: BackendInfo = {
    name: 'reference', precision: 'f64', device: 'reference (TypeScript)',
    memory: { maxBufferBytes: 2 ** 31, maxTotalBytes: 3 * 2 ** 30 },
  };
  return {
    info,
    alloc(length: number) {
      const b = new DeviceBuffer(length, 'reference', new Float64Array(length));
      live.add(b);
      return b;
    },
    upload(data: ArrayLike<number>) {
      const b = new DeviceBuffer(data.length, 'reference', Float64Array.from(data));
      live.add(b);
      return b;
    },
    async read(b: DeviceBuffer) {
      b.assertUsable('reference');
      return mem(b).slice();
    },
    free(b: DeviceBuffer) {
      b.markFreed();
      live.delete(b);
    },
    supports: (kind: KernelKind) => LIMITS.kernels.has(kind),
    run(call: KernelCall) {
      validateCall(call, LIMITS, mem);
      runReference(call, mem);
    },
    flush() {},
    stats(): MemoryStats {
      let bytes = 0;
      for (const b of live) bytes += b.length * 8;
      return { liveBuffers: live.size, liveBytes: bytes, pooledBytes: 0 };
    },
    dispose() {
      live.clear();
    },
  };
}
