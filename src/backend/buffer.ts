// A handle to memory owned by a backend. The graph holds these; only the
// backend that made one may read or write it.

import { KanntkError } from '../errors.js';

let nextBufferId = 1;

export class DeviceBuffer {
  /** Unique id, used in error messages. */
  readonly id = nextBufferId++;
  private released = false;

  /**
   * @param length number of elements
   * @param backendName the backend that owns it
   * @param handle the backend's own object (a GPUBuffer, a byte offset in WASM memory…)
   */
  constructor(readonly length: number, readonly backendName: string, readonly handle: unknown) {}

  get freed(): boolean {
    return this.released;
  }

  /** Marks the handle dead; called by the owning backend's free(). */
  markFreed(): void {
    if (this.released) throw new KanntkError(`buffer #${this.id} freed twice`);
    this.released = true;
  }

  /** Throws if the buffer was freed or belongs to another backend. */
  assertUsable(backendName: string): void {
    if (this.released) throw new KanntkError(`buffer #${this.id} (${this.length} elements) used after free`);
    if (this.backendName !== backendName) {
      throw new KanntkError(`buffer #${this.id} belongs to backend '${this.backendName}', not '${backendName}'`);
    }
  }
}
