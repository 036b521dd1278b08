// Static scratch memory inside the module's data segment (below __heap_base,
// so the host allocator never hands it out). No kernel allocates at run time:
// the runtime is `stub`, and every byte above __heap_base belongs to the host.

/** Max rank after the host has merged dimensions; equals MAX_RANK in kernels.ts. */
export const MAX_RANK: i32 = 6;

/**
 * Where the host writes shapes and strides (i32) before a strided call on the
 * calling thread: 64 i32 slots, the last half the loop's odometer (strided.ts).
 * Worker threads get blocks of the same size from the host.
 */
export const META: usize = memory.data(256, 16);

/** Byte offset of the metadata area the host fills before strided calls. */
export function metaPtr(): usize {
  return META;
}

/** First byte the host may allocate from (the end of static data, 16-aligned). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}
