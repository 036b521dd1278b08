// A Backend over plain Float64Arrays running the reference kernels: lets the
// graph be tested independently of both real backends.
import type { Backend, BackendInfo, MemoryStats } from '../../src/backend/backend.js';
import { DeviceBuffer } from '../../src/backend/buffer.js';
import { buffersOf, type KernelCall } from '../../src/backend/kernels.js';
import { runReference } from './kernels.js';

export function createReferenceBackend(): Backend {
  const live = new Set<DeviceBuffer>();
  const mem = (b: DeviceBuffer) => b.handle as Float64Array;
  const info = { name: 'wasm', precision: 'f64', device: 'reference (TypeScript)' } as BackendInfo;
  return {
    info,
    alloc(length: number) {
      const b = new DeviceBuffer(length, 'wasm', new Float64Array(length));
      live.add(b);
      return b;
    },
    upload(data: ArrayLike<number>) {
      const b = new DeviceBuffer(data.length, 'wasm', Float64Array.from(data));
      live.add(b);
      return b;
    },
    async read(b: DeviceBuffer) {
      b.assertUsable('wasm');
      return mem(b).slice();
    },
    free(b: DeviceBuffer) {
      b.markFreed();
      live.delete(b);
    },
    run(call: KernelCall) {
      const { reads, write } = buffersOf(call);
      for (const b of [...reads, write]) b.assertUsable('wasm');
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
