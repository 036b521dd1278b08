// A plain-TypeScript f64 implementation of every kernel call in
// src/backend/kernels.ts. It is slow and obvious on purpose: backend tests
// run the same call on a backend and here and compare.

import { jacobiRoundPairs, type KernelCall, type UnaryFn, type BinaryFn } from '../../src/backend/kernels.js';
import type { DeviceBuffer } from '../../src/backend/buffer.js';

export type Memory = (buf: DeviceBuffer) => Float64Array;

export function unaryRef(fn: UnaryFn, x: number, param: number): number {
  switch (fn) {
    case 'neg': return -x;
    case 'exp': return Math.exp(x);
    case 'log': return Math.log(x);
    case 'sin': return Math.sin(x);
    case 'cos': return Math.cos(x);
    case 'tanh': return Math.tanh(x);
    case 'sigmoid': return 1 / (1 + Math.exp(-x));
    case 'silu': return x / (1 + Math.exp(-x));
    case 'relu': return x > 0 ? x : 0;
    case 'step': return x > 0 ? 1 : 0;
    case 'square': return x * x;
    case 'sqrt': return Math.sqrt(x);
    case 'abs': return Math.abs(x);
    case 'powi': return x ** param;
    case 'recip': return 1 / x;
  }
}

export function binaryRef(fn: BinaryFn, a: number, b: number): number {
  switch (fn) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return a / b;
  }
}

/** Calls f with each multi-index of shape in row-major order. */
function forEachIndex(shape: number[], f: (idx: number[]) => void): void {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Array(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    let r = flat;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = r % shape[d];
      r = Math.floor(r / shape[d]);
    }
    f(idx);
  }
}

const dot = (idx: number[], strides: number[]) => idx.reduce((s, v, d) => s + v * strides[d], 0);

/** B-spline basis functions of degree k (or their deriv-th derivative) at x, on `knots`. */
export function bsplineRef(x: number, knots: ArrayLike<number>, k: number, deriv: number): number[] {
  const nk = knots.length;
  const nb = nk - 1 - k;
  if (deriv > k) return new Array(nb).fill(0);
  // degree-0 indicators on half-open intervals
  let N: number[] = [];
  for (let j = 0; j < nk - 1; j++) N.push(knots[j] <= x && x < knots[j + 1] ? 1 : 0);
  // raise the degree up to k - deriv with Cox–de Boor
  for (let K = 1; K <= k - deriv; K++) {
    const next: number[] = [];
    for (let j = 0; j < nk - 1 - K; j++) {
      const left = ((x - knots[j]) / (knots[j + K] - knots[j])) * N[j];
      const right = ((knots[j + K + 1] - x) / (knots[j + K + 1] - knots[j + 1])) * N[j + 1];
      next.push(left + right);
    }
    N = next;
  }
  // then apply the derivative recurrence deriv times, raising the degree each time
  for (let K = k - deriv + 1; K <= k; K++) {
    const next: number[] = [];
    for (let j = 0; j < nk - 1 - K; j++) {
      next.push((K / (knots[j + K] - knots[j])) * N[j] - (K / (knots[j + K + 1] - knots[j + 1])) * N[j + 1]);
    }
    N = next;
  }
  return N;
}

/** Runs one kernel call on host arrays. */
export function runReference(call: KernelCall, mem: Memory): void {
  switch (call.kind) {
    case 'unary': {
      const x = mem(call.x), out = mem(call.out);
      for (let i = 0; i < call.n; i++) out[i] = unaryRef(call.fn, x[i], call.param);
      return;
    }
    case 'binary': {
      const a = mem(call.a), b = mem(call.b), out = mem(call.out);
      let o = 0;
      forEachIndex(call.outShape, (idx) => {
        out[o++] = binaryRef(call.fn, a[dot(idx, call.aStrides)], b[dot(idx, call.bStrides)]);
      });
      return;
    }
    case 'reduce': {
      const x = mem(call.x), out = mem(call.out);
      const keptShape = call.inShape.filter((_, d) => !call.reduceAxes[d]);
      const keptSize = keptShape.reduce((a, b) => a * b, 1);
      const init = call.fn === 'sum' ? 0 : -Infinity;
      for (let i = 0; i < keptSize; i++) out[i] = init;
      const inStrides = call.inShape.map((_, d) => call.inShape.slice(d + 1).reduce((a, b) => a * b, 1));
      forEachIndex(call.inShape, (idx) => {
        let o = 0;
        for (let d = 0; d < idx.length; d++) if (!call.reduceAxes[d]) o = o * call.inShape[d] + idx[d];
        const v = x[dot(idx, inStrides)];
        out[o] = call.fn === 'sum' ? out[o] + v : Math.max(out[o], v);
      });
      return;
    }
    case 'matmul': {
      const a = mem(call.a), b = mem(call.b), out = mem(call.out);
      const [ab, ai, ak] = call.aStrides;
      const [bb, bk, bj] = call.bStrides;
      for (let t = 0; t < call.batch; t++)
        for (let i = 0; i < call.m; i++)
          for (let j = 0; j < call.n; j++) {
            let s = 0;
            for (let k = 0; k < call.k; k++) s += a[t * ab + i * ai + k * ak] * b[t * bb + k * bk + j * bj];
            out[(t * call.m + i) * call.n + j] = s;
          }
      return;
    }
    case 'copy': {
      const x = mem(call.x), out = mem(call.out);
      forEachIndex(call.shape, (idx) => {
        out[call.outOffset + dot(idx, call.outStrides)] = x[call.xOffset + dot(idx, call.xStrides)];
      });
      return;
    }
    case 'gather': {
      const x = mem(call.x), idx = mem(call.idx), out = mem(call.out);
      for (let o = 0; o < call.outer; o++)
        for (let j = 0; j < call.nIdx; j++)
          for (let r = 0; r < call.inner; r++)
            out[(o * call.nIdx + j) * call.inner + r] = x[(o * call.axisLen + idx[j]) * call.inner + r];
      return;
    }
    case 'scatterAdd': {
      const g = mem(call.g), idx = mem(call.idx), out = mem(call.out);
      out.fill(0, 0, call.outer * call.axisLen * call.inner);
      for (let o = 0; o < call.outer; o++)
        for (let j = 0; j < call.nIdx; j++)
          for (let r = 0; r < call.inner; r++)
            out[(o * call.axisLen + idx[j]) * call.inner + r] += g[(o * call.nIdx + j) * call.inner + r];
      return;
    }
    case 'bspline': {
      const x = mem(call.x), grid = mem(call.grid), out = mem(call.out);
      const nb = call.nKnots - 1 - call.k;
      for (let p = 0; p < call.nPoints; p++)
        for (let i = 0; i < call.nIn; i++) {
          const knots = grid.subarray(i * call.nKnots, (i + 1) * call.nKnots);
          const values = bsplineRef(x[p * call.nIn + i], knots, call.k, call.deriv);
          for (let m = 0; m < nb; m++) out[(p * call.nIn + i) * nb + m] = values[m];
        }
      return;
    }
    case 'basisContract': {
      const x = mem(call.x), table = mem(call.table), out = mem(call.out);
      const w = call.w ? mem(call.w) : null, a = call.a ? mem(call.a) : null, sv = call.s ? mem(call.s) : null;
      const { nPoints, nIn, nOut, nBasis, nTable } = call;
      const basisAt = (xv: number, o: number, i: number): number[] => {
        if (call.basis === 'tanhPoly') {
          const z = Math.tanh(xv);
          return Array.from({ length: nBasis }, (_, m) => {
            let acc = 0;
            for (let c = nTable - 1; c >= 0; c--) acc = acc * z + table[m * nTable + c];
            return acc;
          });
        }
        const row = call.gridPerEdge ? o * nIn + i : i;
        return bsplineRef(xv, table.subarray(row * nTable, (row + 1) * nTable), call.k, call.deriv);
      };
      const sAt = (n: number, i: number) => (sv ? sv[n * nIn + i] : 1);
      const size = call.mode === 'y' ? nPoints * nOut : call.mode === 's' ? nPoints * nIn : nOut * nIn * nBasis;
      out.fill(0, 0, size);
      for (let n = 0; n < nPoints; n++)
        for (let o = 0; o < nOut; o++)
          for (let i = 0; i < nIn; i++) {
            const B = basisAt(x[n * nIn + i], o, i);
            if (call.mode === 'w') {
              const f = a![n * nOut + o] * sAt(n, i);
              for (let m = 0; m < nBasis; m++) out[(o * nIn + i) * nBasis + m] += f * B[m];
            } else {
              let phi = 0;
              for (let m = 0; m < nBasis; m++) phi += w![(o * nIn + i) * nBasis + m] * B[m];
              if (call.mode === 'y') out[n * nOut + o] += sAt(n, i) * phi;
              else out[n * nIn + i] += a![n * nOut + o] * phi;
            }
          }
      return;
    }
    case 'jacobiSweeps': {
      const a = mem(call.a), v = mem(call.v), n = call.n;
      const m = n + (n % 2);
      for (let sweep = 0; sweep < call.sweeps; sweep++)
        for (let r = 0; r < m - 1; r++) {
          const rot = jacobiRoundPairs(n, r).map(([p, q]) => {
            const apq = a[p * n + q];
            if (apq === 0) return null;
            const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
            const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
            const c = 1 / Math.sqrt(t * t + 1);
            return { p, q, c, s: t * c };
          });
          // a ← a·J (columns), a ← Jᵀ·a (rows), v ← v·J
          const applyColumns = (x: Float64Array) => {
            for (const g of rot) {
              if (!g) continue;
              for (let i = 0; i < n; i++) {
                const xp = x[i * n + g.p], xq = x[i * n + g.q];
                x[i * n + g.p] = g.c * xp - g.s * xq;
                x[i * n + g.q] = g.s * xp + g.c * xq;
              }
            }
          };
          applyColumns(a);
          for (const g of rot) {
            if (!g) continue;
            for (let j = 0; j < n; j++) {
              const ap = a[g.p * n + j], aq = a[g.q * n + j];
              a[g.p * n + j] = g.c * ap - g.s * aq;
              a[g.q * n + j] = g.s * ap + g.c * aq;
            }
          }
          applyColumns(v);
        }
      return;
    }
    case 'tridiagonalize': {
      // LAPACK dsytd2 'L' on a full symmetric working copy S built from the lower triangle;
      // only the lower triangle of `a` is written (the strict upper triangle is left as it was)
      const a = mem(call.a), tau = mem(call.tau), n = call.n;
      const S = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i >= j ? a[i * n + j] : a[j * n + i])));
      tau.fill(0, 0, n);
      for (let j = 0; j < n - 2; j++) {
        // reflector H = I − t·w·wᵀ with H·x = (β, 0, …, 0) for x = S[j+1..n−1][j], w[j+1] = 1
        const alpha = S[j + 1][j];
        const xnorm = Math.hypot(...S.slice(j + 2).map((row) => row[j]));
        const w = new Array<number>(n).fill(0);
        w[j + 1] = 1;
        let t = 0, beta = alpha;
        if (xnorm !== 0) {
          beta = (alpha >= 0 ? -1 : 1) * Math.hypot(alpha, xnorm);
          t = (beta - alpha) / beta;
          for (let i = j + 2; i < n; i++) w[i] = S[i][j] / (alpha - beta);
        }
        tau[j] = t;
        a[j * n + j] = S[j][j];
        a[(j + 1) * n + j] = beta;
        for (let i = j + 2; i < n; i++) a[i * n + j] = w[i];
        // trailing block: p = t·S₂₂·w, K = −½·t·pᵀw, q = p + K·w, S₂₂ ← S₂₂ − w·qᵀ − q·wᵀ
        const p = new Array<number>(n).fill(0);
        for (let i = j + 1; i < n; i++) {
          let s = 0;
          for (let k = j + 1; k < n; k++) s += S[i][k] * w[k];
          p[i] = t * s;
        }
        let pw = 0;
        for (let i = j + 1; i < n; i++) pw += p[i] * w[i];
        const K = -0.5 * t * pw;
        const q = p.map((pi, i) => pi + K * w[i]);
        for (let i = j + 1; i < n; i++) {
          for (let k = j + 1; k < n; k++) S[i][k] = S[i][k] - w[i] * q[k] - q[i] * w[k];
        }
      }
      // the last 2×2 block (n ≥ 2), or the single element (n = 1)
      for (let i = Math.max(0, n - 2); i < n; i++) {
        for (let k = Math.max(0, n - 2); k <= i; k++) a[i * n + k] = S[i][k];
      }
      return;
    }
    case 'householderApply': {
      // z ← H_0·(H_1·(…(H_{n−3}·z))), H_j = I − tau[j]·w_j·w_jᵀ, w_j = (0…0, 1 at j+1, a[j+2..n−1, j])
      const a = mem(call.a), tau = mem(call.tau), z = mem(call.z), { n, m } = call;
      for (let j = n - 3; j >= 0; j--) {
        const w = Array.from({ length: n }, (_, i) => (i < j + 1 ? 0 : i === j + 1 ? 1 : a[i * n + j]));
        for (let c = 0; c < m; c++) {
          let s = 0;
          for (let i = j + 1; i < n; i++) s += w[i] * z[i * m + c];
          for (let i = j + 1; i < n; i++) z[i * m + c] -= tau[j] * w[i] * s;
        }
      }
      return;
    }
    case 'fill': {
      mem(call.out).fill(call.value, 0, call.n);
      return;
    }
  }
}
