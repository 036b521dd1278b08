// out[i] = value for i < n (KernelFill).

/**
 * Fills n f64 at byte offset `out` with `value`.
 */
export function fill(out: usize, n: i32, value: f64): void {
  const v = f64x2.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = out + (<usize>i << 3);
    v128.store(p, v);
    v128.store(p, v, 16);
  }
  for (; i < n; i++) store<f64>(out + (<usize>i << 3), value);
}
