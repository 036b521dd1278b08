// Plain-TypeScript f64 n-d arrays: an independent reference for graph ops
// (written from the math, not from the kernels or the graph's stride logic).

export interface ND {
  shape: number[];
  data: number[];
}

export const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Value at a multi-index. */
export function at(x: ND, idx: number[]): number {
  let flat = 0;
  for (let d = 0; d < x.shape.length; d++) flat = flat * x.shape[d] + idx[d];
  return x.data[flat];
}

/** All multi-indices of a shape, row-major. */
export function indices(shape: number[]): number[][] {
  const out: number[][] = [];
  const n = size(shape);
  for (let f = 0; f < n; f++) {
    const idx = new Array(shape.length);
    let r = f;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = r % shape[d];
      r = Math.floor(r / shape[d]);
    }
    out.push(idx);
  }
  return out;
}

export const map = (x: ND, f: (v: number) => number): ND => ({ shape: x.shape, data: x.data.map(f) });

export function zip(a: ND, b: ND, f: (x: number, y: number) => number): ND {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pad = (s: number[]) => [...new Array(rank - s.length).fill(1), ...s];
  const pa = pad(a.shape), pb = pad(b.shape);
  const shape = pa.map((d, i) => Math.max(d, pb[i]));
  const data = indices(shape).map((idx) =>
    f(at({ shape: pa, data: a.data }, idx.map((v, d) => (pa[d] === 1 ? 0 : v))), at({ shape: pb, data: b.data }, idx.map((v, d) => (pb[d] === 1 ? 0 : v)))),
  );
  return { shape, data };
}

export function reduce(x: ND, axes: number[], f: (acc: number, v: number) => number, init: number, keepDims = false): ND {
  const keptShape = x.shape.map((d, a) => (axes.includes(a) ? 1 : d));
  const out = new Array(size(keptShape)).fill(init);
  for (const idx of indices(x.shape)) {
    const o = idx.map((v, d) => (axes.includes(d) ? 0 : v));
    let flat = 0;
    for (let d = 0; d < o.length; d++) flat = flat * keptShape[d] + o[d];
    out[flat] = f(out[flat], at(x, idx));
  }
  return { shape: keepDims ? keptShape : x.shape.filter((_, a) => !axes.includes(a)), data: out };
}

export function matmul2(a: ND, b: ND, tA = false, tB = false): ND {
  const A = tA ? transpose(a, [1, 0]) : a, B = tB ? transpose(b, [1, 0]) : b;
  const [m, k] = A.shape, n = B.shape[1];
  const data: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += A.data[i * k + q] * B.data[q * n + j];
      data.push(s);
    }
  return { shape: [m, n], data };
}

export function transpose(x: ND, perm: number[]): ND {
  const shape = perm.map((p) => x.shape[p]);
  return { shape, data: indices(shape).map((idx) => at(x, perm.map((_, d) => idx[perm.indexOf(d)]))) };
}

export function slice(x: ND, begin: number[], ext: number[]): ND {
  return { shape: ext, data: indices(ext).map((idx) => at(x, idx.map((v, d) => v + begin[d]))) };
}

export function concat(xs: ND[], axis: number): ND {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((s, x) => s + x.shape[axis], 0);
  const data = indices(shape).map((idx) => {
    let i = idx[axis];
    for (const x of xs) {
      if (i < x.shape[axis]) return at(x, idx.map((v, d) => (d === axis ? i : v)));
      i -= x.shape[axis];
    }
    throw new Error('unreachable');
  });
  return { shape, data };
}

export function gather(x: ND, idx: number[], axis: number): ND {
  const shape = x.shape.map((d, a) => (a === axis ? idx.length : d));
  return { shape, data: indices(shape).map((i) => at(x, i.map((v, d) => (d === axis ? idx[v] : v)))) };
}

export function logSoftmaxLast(x: ND): ND {
  const n = x.shape[x.shape.length - 1];
  const data: number[] = [];
  for (let r = 0; r < x.data.length / n; r++) {
    const row = x.data.slice(r * n, (r + 1) * n);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    data.push(...row.map((v) => v - lse));
  }
  return { shape: x.shape, data };
}

/** Largest |a−b| divided by max(1, max|b|). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0, scale = 1;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst / scale;
}
