// Small f64 vector helpers for the host-side eigensolvers (Lanczos). Plain loops:
// at the sizes that run on the host these are memory-bound and V8 handles them well.

/** Σ a[i]·b[i] over the common length. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The Euclidean norm ‖a‖₂. */
export function norm2(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** y ← y + s·x, in place. */
export function axpy(s: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += s * x[i];
}

/** a ← s·a, in place; returns a. */
export function scaleInPlace(a: Float64Array, s: number): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] *= s;
  return a;
}

/** y = M·v for a row-major n×n matrix M. */
export function matVec(matrix: Float64Array, n: number, v: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += matrix[row + j] * v[j];
    y[i] = s;
  }
  return y;
}
