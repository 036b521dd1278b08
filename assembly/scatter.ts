// Scatter-add, the adjoint of gather (KernelScatterAdd). Repeated indices
// accumulate in index order j = 0, 1, …, as in the reference.

import { fill } from './fill';

/**
 * g viewed as [outer, nIdx, inner], out as [outer, axisLen, inner] and fully overwritten:
 * out[o, a, r] = Σ_{j: idx[j] = a} g[o, j, r]. All arguments are byte offsets or counts.
 */
export function scatterAdd(g: usize, idx: usize, out: usize, outer: i32, axisLen: i32, inner: i32, nIdx: i32): void {
  fill(out, outer * axisLen * inner, 0.0);
  const rowBytes = <usize>inner << 3;
  let pg = g;
  for (let o = 0; o < outer; o++) {
    const outBlock = out + <usize>o * <usize>axisLen * rowBytes;
    for (let j = 0; j < nIdx; j++) {
      const a = <usize>(<i32>load<f64>(idx + (<usize>j << 3)));
      const po = outBlock + a * rowBytes;
      let r = 0;
      for (; r + 2 <= inner; r += 2) {
        const p = <usize>r << 3;
        v128.store(po + p, f64x2.add(v128.load(po + p), v128.load(pg + p)));
      }
      if (r < inner) {
        const p = <usize>r << 3;
        store<f64>(po + p, load<f64>(po + p) + load<f64>(pg + p));
      }
      pg += rowBytes;
    }
  }
}
