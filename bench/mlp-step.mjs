// Forward + backward of a 3-layer tanh MLP (2 → 64 → 64 → 1, 4096 points, MSE)
// on each backend, against a hand-written plain-JavaScript f64 baseline in the same process.
import { createEngine, tidy, tensor, matmul, add, tanh, sub, square, mean, grad } from '../dist/node/index.js';
import { median, timeIt, report } from './timing.mjs';
import { seeded, forEachBackend } from './common.mjs';

const N = 4096, WIDTH = 64, DIMS = [2, WIDTH, WIDTH, 1];

const rnd = seeded(7);
const x = Float64Array.from({ length: N * 2 }, rnd);
const y = Float64Array.from({ length: N }, rnd);
const layers = DIMS.slice(1).map((out, l) => ({
  W: Float64Array.from({ length: DIMS[l] * out }, () => rnd() / Math.sqrt(DIMS[l])),
  b: Float64Array.from({ length: out }, () => 0.1 * rnd()),
  nIn: DIMS[l], nOut: out,
}));

/** The baseline: loops over Float64Arrays, the same math, no framework. */
function plainStep() {
  const acts = [x];
  for (const [l, L] of layers.entries()) {
    const a = acts[l], z = new Float64Array(N * L.nOut);
    for (let n = 0; n < N; n++)
      for (let i = 0; i < L.nIn; i++) {
        const av = a[n * L.nIn + i];
        for (let o = 0; o < L.nOut; o++) z[n * L.nOut + o] += av * L.W[i * L.nOut + o];
      }
    for (let n = 0; n < N; n++) for (let o = 0; o < L.nOut; o++) {
      const v = z[n * L.nOut + o] + L.b[o];
      z[n * L.nOut + o] = l < layers.length - 1 ? Math.tanh(v) : v;
    }
    acts.push(z);
  }
  let g = new Float64Array(N);
  const out = acts[layers.length];
  for (let n = 0; n < N; n++) g[n] = (2 / N) * (out[n] - y[n]);
  const grads = [];
  for (let l = layers.length - 1; l >= 0; l--) {
    const L = layers[l], a = acts[l];
    const dW = new Float64Array(L.nIn * L.nOut), db = new Float64Array(L.nOut), ga = new Float64Array(N * L.nIn);
    for (let n = 0; n < N; n++)
      for (let i = 0; i < L.nIn; i++) {
        const av = a[n * L.nIn + i];
        let s = 0;
        for (let o = 0; o < L.nOut; o++) {
          const gv = g[n * L.nOut + o];
          dW[i * L.nOut + o] += av * gv;
          s += gv * L.W[i * L.nOut + o];
        }
        ga[n * L.nIn + i] = l > 0 ? s * (1 - av * av) : s;
      }
    for (let n = 0; n < N; n++) for (let o = 0; o < L.nOut; o++) db[o] += g[n * L.nOut + o];
    grads.push(dW, db);
    g = ga;
  }
  return grads;
}

async function graphStep(engine, params, xt, yt) {
  return tidy(async () => {
    let h = xt;
    params.forEach(([W, b], l) => {
      h = add(matmul(h, W), b);
      if (l < params.length - 1) h = tanh(h);
    });
    const loss = mean(square(sub(h, yt)));
    const gs = grad(loss, params.flat());
    // reading one gradient waits for the whole backward pass on the GPU
    await gs[0].data();
    return null;
  });
}

export async function benchMlpStep() {
  const baseline = median(await timeIt(() => plainStep(), 5));
  const rows = [{ what: 'plain JS f64 loops (baseline)', ms: baseline, ratio: 1 }];
  for (const name of ['wasm', 'webgpu']) {
    let engine;
    try {
      engine = await createEngine({ backend: name });
    } catch (err) {
      rows.push({ what: `kanntk ${name}`, ms: NaN, ratio: NaN, note: err.message });
      continue;
    }
    const params = layers.map((L) => [tensor(engine.backend, L.W, [L.nIn, L.nOut]), tensor(engine.backend, L.b, [L.nOut])]);
    const xt = tensor(engine.backend, x, [N, 2]), yt = tensor(engine.backend, y, [N, 1]);
    const ms = median(await timeIt(() => graphStep(engine, params, xt, yt), 5));
    rows.push({ what: `kanntk ${name} (${engine.backend.info.device})`, ms, ratio: ms / baseline });
    engine.dispose();
  }
  report('3-layer tanh MLP, width 64, 4096 points: forward + backward (MSE)', rows);
}
