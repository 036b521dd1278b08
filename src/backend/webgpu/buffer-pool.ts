// Reuse of GPUBuffers by size class. Creating buffers is slow on the GPU and a
// training loop frees and allocates the same sizes over and over, so released
// buffers wait here for a request of the same class. Classes are powers of two
// (at most 2× waste); the pool holds at most `capBytes`, beyond that a released
// buffer is destroyed. The caller must only release a buffer once no pending,
// unsubmitted command uses it (see CommandBatch.afterSubmit).

/** Smallest buffer handed out, in bytes (also keeps zero-length buffers bindable). */
export const MIN_BUFFER_BYTES = 16;

/** The byte size of the class holding `bytes`: the next power of two, or `bytes` rounded to 16 when that would pass `maxBytes`. */
export function sizeClassBytes(bytes: number, maxBytes: number): number {
  const rounded = Math.max(MIN_BUFFER_BYTES, Math.ceil(bytes / 16) * 16);
  const power = 2 ** Math.ceil(Math.log2(rounded));
  return power <= maxBytes ? power : rounded;
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private held = 0;

  /**
   * @param usage GPUBufferUsage flags of every buffer in this pool
   * @param capBytes most bytes kept for reuse
   * @param maxBytes the device's largest buffer (size classes never exceed it)
   */
  constructor(
    private readonly device: GPUDevice,
    private readonly usage: GPUBufferUsageFlags,
    private readonly capBytes: number,
    private readonly maxBytes: number,
    private readonly label: string,
  ) {}

  /** A buffer of at least `bytes` bytes (its size is the size class), reused when one is free. */
  acquire(bytes: number): GPUBuffer {
    const size = sizeClassBytes(bytes, this.maxBytes);
    const reused = this.free.get(size)?.pop();
    if (reused) {
      this.held -= size;
      return reused;
    }
    return this.device.createBuffer({ size, usage: this.usage, label: `${this.label} ${size}B` });
  }

  /** Keeps `buffer` for reuse, or destroys it when the pool is full. */
  release(buffer: GPUBuffer): void {
    if (this.held + buffer.size > this.capBytes) {
      buffer.destroy();
      return;
    }
    const list = this.free.get(buffer.size);
    if (list) list.push(buffer);
    else this.free.set(buffer.size, [buffer]);
    this.held += buffer.size;
  }

  /** Bytes kept for reuse. */
  get pooledBytes(): number {
    return this.held;
  }

  /** Destroys every pooled buffer. */
  clear(): void {
    for (const list of this.free.values()) for (const buffer of list) buffer.destroy();
    this.free.clear();
    this.held = 0;
  }
}
