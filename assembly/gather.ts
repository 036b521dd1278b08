// Gather along one axis (KernelGather). Indices arrive as f64 and were
// validated by the host (integers in [0, axisLen)).

/**
 * x viewed as [outer, axisLen, inner], out as [outer, nIdx, inner]:
 * out[o, j, r] = x[o, idx[j], r]. All arguments are byte offsets or counts.
 */
export function gather(x: usize, idx: usize, out: usize, outer: i32, axisLen: i32, inner: i32, nIdx: i32): void {
  const rowBytes = <usize>inner << 3;
  let po = out;
  for (let o = 0; o < outer; o++) {
    const xBlock = x + <usize>o * <usize>axisLen * rowBytes;
    for (let j = 0; j < nIdx; j++) {
      const a = <usize>(<i32>load<f64>(idx + (<usize>j << 3)));
      const px = xBlock + a * rowBytes;
      // a single element is cheaper as a load/store than as memory.copy
      if (inner == 1) store<f64>(po, load<f64>(px));
      else memory.copy(po, px, rowBytes);
      po += rowBytes;
    }
  }
}
