// In-place radix-2 complex FFT on split real/imaginary f64 arrays, for the
// Chebyshev transforms of the reference solvers. Twiddles are computed once per
// size with Math.cos/sin (not by recurrence) so the transform error stays
// O(ε·log n).

import { KanntkError } from '../../errors.js';

interface Plan {
  cos: Float64Array;
  sin: Float64Array;
  reverse: Uint32Array;
}

const plans = new Map<number, Plan>();

function plan(n: number): Plan {
  let p = plans.get(n);
  if (p) return p;
  if (n < 1 || (n & (n - 1)) !== 0) throw new KanntkError(`fft: length ${n} is not a power of two`);
  const half = n >> 1;
  const cos = new Float64Array(half), sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  const bits = Math.round(Math.log2(n));
  const reverse = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    reverse[i] = r;
  }
  p = { cos, sin, reverse };
  plans.set(n, p);
  return p;
}

/** Forward DFT in place: X_k = Σ_j x_j·exp(−2πi·jk/n); n = re.length must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  const { cos, sin, reverse } = plan(n);
  for (let i = 0; i < n; i++) {
    const j = reverse[i];
    if (j > i) {
      let s = re[i]; re[i] = re[j]; re[j] = s;
      s = im[i]; im[i] = im[j]; im[j] = s;
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1, stride = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * stride], wi = -sin[k * stride];
        const a = start + k, b = a + half;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr; im[b] = im[a] - ti;
        re[a] += tr; im[a] += ti;
      }
    }
  }
}
