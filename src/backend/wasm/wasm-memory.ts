// A host-side allocator of byte ranges in the core's linear memory.
//
// Ranges are 16-byte aligned (v128 loads) and rounded up to a size class, so a
// released range can be handed out again for any request of the same class.
// Released ranges wait in per-class free lists; new ones come from a bump
// pointer, growing the memory when it runs out. Wasm memory never shrinks, so
// pooled bytes are only reused, never returned.

import { KanntkError } from '../../errors.js';

const ALIGN = 16;
const PAGE_BYTES = 65536;
/** wasm32 addresses end at 4 GiB. */
const MAX_BYTES = 2 ** 32;

/** A range handed out by WasmMemory: byte offset and size-class bytes. */
export interface WasmRange {
  readonly ptr: number;
  readonly bytes: number;
}

/**
 * The size class of a request in bytes: multiples of 16 up to 256, then four
 * classes per power of two (at most 25 % slack).
 */
export function sizeClassOf(bytes: number): number {
  if (bytes <= 256) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 2);
  return Math.ceil(bytes / step) * step;
}

export class WasmMemory {
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  private pooled = 0;
  private viewsOf: ArrayBuffer | null = null;
  private f64View = new Float64Array(0);
  private i32View = new Int32Array(0);

  /**
   * @param memory the core's exported memory
   * @param heapBase first byte the host may use (end of the core's static data)
   */
  constructor(private readonly memory: WebAssembly.Memory, heapBase: number) {
    this.top = Math.ceil(heapBase / ALIGN) * ALIGN;
  }

  /** An f64 view of the whole memory (re-created after the memory grew). */
  get f64(): Float64Array {
    this.refreshViews();
    return this.f64View;
  }

  /** An i32 view of the whole memory (re-created after the memory grew). */
  get i32(): Int32Array {
    this.refreshViews();
    return this.i32View;
  }

  /** Bytes waiting in the free lists. */
  get pooledBytes(): number {
    return this.pooled;
  }

  /** A range of at least `bytes` bytes, from the pool when one of its class is free. */
  allocate(bytes: number): WasmRange {
    const size = sizeClassOf(bytes);
    const list = this.freeLists.get(size);
    if (list !== undefined && list.length > 0) {
      this.pooled -= size;
      return { ptr: list.pop()!, bytes: size };
    }
    const ptr = this.top;
    this.ensureCapacity(ptr + size);
    this.top = ptr + size;
    return { ptr, bytes: size };
  }

  /** Puts a range back in its class's free list. */
  release(range: WasmRange): void {
    let list = this.freeLists.get(range.bytes);
    if (list === undefined) {
      list = [];
      this.freeLists.set(range.bytes, list);
    }
    list.push(range.ptr);
    this.pooled += range.bytes;
  }

  private ensureCapacity(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    if (end > MAX_BYTES) {
      throw new KanntkError(`wasm memory exhausted: ${end} bytes needed, wasm32 addresses at most ${MAX_BYTES}`);
    }
    const needed = Math.ceil((end - have) / PAGE_BYTES);
    // grow by at least half the current size so that a run of allocations grows rarely
    const generous = Math.min(Math.max(needed, Math.ceil(have / PAGE_BYTES / 2)), MAX_BYTES / PAGE_BYTES - have / PAGE_BYTES);
    try {
      this.memory.grow(generous);
    } catch {
      try {
        this.memory.grow(needed);
      } catch {
        throw new KanntkError(`wasm memory could not grow to ${end} bytes`);
      }
    }
  }

  private refreshViews(): void {
    const buffer = this.memory.buffer;
    if (buffer === this.viewsOf) return;
    this.viewsOf = buffer;
    this.f64View = new Float64Array(buffer);
    this.i32View = new Int32Array(buffer);
  }
}
