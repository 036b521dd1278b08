// An independent float64 MLP classifier for tests, written out by hand: dense
// layers y = x·W + b with ReLU between them and linear logits, θ flat in the
// model file's order (per layer b then W, W row-major [n_in, n_out]).
// Gives logits, the mean softmax cross-entropy, its gradient, per-sample
// Jacobians of the logits, and the multi-output NTK Σ_c J_c J_cᵀ.

export interface MlpShape {
  dims: number[];
}

interface Layer {
  b: Float64Array;
  W: Float64Array;
  nIn: number;
  nOut: number;
  offsetB: number;
  offsetW: number;
}

function layersOf(dims: number[], theta: ArrayLike<number>): Layer[] {
  let off = 0;
  return dims.slice(1).map((nOut, l) => {
    const nIn = dims[l];
    const offsetB = off, offsetW = off + nOut;
    off += nOut + nIn * nOut;
    return { nIn, nOut, offsetB, offsetW, b: Float64Array.from({ length: nOut }, (_, j) => theta[offsetB + j]), W: Float64Array.from({ length: nIn * nOut }, (_, k) => theta[offsetW + k]) };
  });
}

export const mlpParamCount = (dims: number[]) => dims.slice(1).reduce((s, o, l) => s + o + dims[l] * o, 0);

/** Pre-activations per layer for one input row. */
function forwardRow(layers: Layer[], x: ArrayLike<number>): { inputs: Float64Array[]; pre: Float64Array[] } {
  const inputs: Float64Array[] = [], pre: Float64Array[] = [];
  let h = Float64Array.from(x);
  layers.forEach((L, l) => {
    inputs.push(h);
    const z = Float64Array.from(L.b);
    for (let i = 0; i < L.nIn; i++) for (let j = 0; j < L.nOut; j++) z[j] += h[i] * L.W[i * L.nOut + j];
    pre.push(z);
    h = l < layers.length - 1 ? z.map((v) => Math.max(v, 0)) : z;
  });
  return { inputs, pre };
}

export function mlpLogits(dims: number[], theta: ArrayLike<number>, x: { shape: number[]; data: ArrayLike<number> }): Float64Array[] {
  const layers = layersOf(dims, theta);
  const d = x.shape[1];
  return Array.from({ length: x.shape[0] }, (_, a) => {
    const { pre } = forwardRow(layers, Array.from({ length: d }, (_, i) => x.data[a * d + i]));
    return pre[pre.length - 1];
  });
}

/** ∂ f_c(x_a) / ∂θ for every class c: [C][P]. */
export function mlpJacobianRow(dims: number[], theta: ArrayLike<number>, x: ArrayLike<number>): Float64Array[] {
  const layers = layersOf(dims, theta);
  const { inputs, pre } = forwardRow(layers, x);
  const C = dims[dims.length - 1], P = mlpParamCount(dims);
  return Array.from({ length: C }, (_, c) => {
    const J = new Float64Array(P);
    let delta = new Float64Array(C);
    delta[c] = 1;
    for (let l = layers.length - 1; l >= 0; l--) {
      const L = layers[l];
      for (let j = 0; j < L.nOut; j++) J[L.offsetB + j] = delta[j];
      for (let i = 0; i < L.nIn; i++) for (let j = 0; j < L.nOut; j++) J[L.offsetW + i * L.nOut + j] = inputs[l][i] * delta[j];
      if (l > 0) {
        const back = new Float64Array(L.nIn);
        for (let i = 0; i < L.nIn; i++) {
          let s = 0;
          for (let j = 0; j < L.nOut; j++) s += L.W[i * L.nOut + j] * delta[j];
          back[i] = pre[l - 1][i] > 0 ? s : 0;
        }
        delta = back;
      }
    }
    return J;
  });
}

export const softmaxRow = (z: ArrayLike<number>) => {
  const m = Math.max(...Array.from(z));
  const e = Array.from(z, (v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

const rowOf = (x: { shape: number[]; data: ArrayLike<number> }, a: number) => Array.from({ length: x.shape[1] }, (_, i) => x.data[a * x.shape[1] + i]);

/** Mean cross-entropy, accuracy and the gradient of the mean cross-entropy. */
export function mlpLossGrad(dims: number[], theta: ArrayLike<number>, x: { shape: number[]; data: ArrayLike<number> }, labels: ArrayLike<number>): { loss: number; accuracy: number; grad: Float64Array } {
  const n = x.shape[0], P = mlpParamCount(dims);
  const grad = new Float64Array(P);
  let loss = 0, correct = 0;
  for (let a = 0; a < n; a++) {
    const J = mlpJacobianRow(dims, theta, rowOf(x, a));
    const z = mlpLogits(dims, theta, { shape: [1, x.shape[1]], data: rowOf(x, a) })[0];
    const p = softmaxRow(z);
    loss -= Math.log(p[labels[a]]);
    let top = 0;
    for (let c = 1; c < z.length; c++) if (z[c] > z[top]) top = c;
    if (top === labels[a]) correct++;
    for (let c = 0; c < z.length; c++) {
      const e = (p[c] - (c === labels[a] ? 1 : 0)) / n;
      for (let q = 0; q < P; q++) grad[q] += e * J[c][q];
    }
  }
  return { loss: loss / n, accuracy: correct / n, grad };
}

/** One NTK-1 step with explicit Jacobians at θ0: θ_k − (2·lr/N)·Σ_i J_i(θ0)ᵀ(softmax(f(x_i; θ_k)) − y_i). */
export function mlpNtk1Step(dims: number[], theta0: ArrayLike<number>, thetaK: ArrayLike<number>, x: { shape: number[]; data: ArrayLike<number> }, labels: ArrayLike<number>, lr: number): Float64Array {
  const n = x.shape[0], P = mlpParamCount(dims);
  const c = new Float64Array(P);
  for (let a = 0; a < n; a++) {
    const J = mlpJacobianRow(dims, theta0, rowOf(x, a));
    const p = softmaxRow(mlpLogits(dims, thetaK, { shape: [1, x.shape[1]], data: rowOf(x, a) })[0]);
    for (let k = 0; k < p.length; k++) {
      const e = p[k] - (k === labels[a] ? 1 : 0);
      for (let q = 0; q < P; q++) c[q] += e * J[k][q];
    }
  }
  return Float64Array.from(thetaK, (v, q) => v - ((2 * lr) / n) * c[q]);
}

/** K[a,b] = Σ_c J_c(x_a)·J_c(x_b), flat [n·n]. */
export function mlpNtk(dims: number[], theta: ArrayLike<number>, x: { shape: number[]; data: ArrayLike<number> }): Float64Array {
  const n = x.shape[0];
  const Js = Array.from({ length: n }, (_, a) => mlpJacobianRow(dims, theta, rowOf(x, a)));
  const K = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
    let s = 0;
    for (let c = 0; c < Js[a].length; c++) for (let q = 0; q < Js[a][c].length; q++) s += Js[a][c][q] * Js[b][c][q];
    K[a * n + b] = s;
  }
  return K;
}
