// The SGD→NTK hybrid classifier on the shipped digits (1,437 training rows after
// the 0.2 split, standardised) with the README's 64-128-10 ReLU MLP, wasm f64:
// - one NTK-1 epoch (a forward at θ_k and one vector–Jacobian product at θ0)
//   against one full-batch SGD epoch (target ≤ 2×), and against the path that
//   materialises J (formed once at the switch, then Jᵀe per epoch), on 256 rows
//   because J of all 1,437 rows would take 1.1 GB;
// - the ntk-norm monitor (the NTK on 256 points and its distance) against one
//   SGD epoch at batch 64 (the README's setting);
// - numpy in the same run: the same full-batch SGD epoch and NTK-1 epoch written
//   by hand (what a Python user would otherwise run), when python3 has numpy;
// - `kanntk hybrid` end to end as the README runs it (a fresh process): its
//   compute_s beside the per-phase times it reports.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createEngine, createKan, loadDataset, splitSeeded, featureStats, standardize, oneHot, createSeededRandom,
  sgdEpoch, linearizedStep, ntk, tidy, tensor, jacobianRows, noGrad, softmax, sub, matmul, reshape,
} from '../dist/node/index.js';
import { median, timeIt, report } from './timing.mjs';

const CLI = fileURLToPath(new URL('../dist/node/cli.js', import.meta.url));
const DIMS = [64, 128, 10];

const NUMPY_SCRIPT = `
import sys, time, json, numpy as np
folder = sys.argv[1]
meta = json.load(open(folder + '/meta.json'))
d = {k: np.fromfile(folder + '/' + k + '.f64', dtype='<f8').reshape(s) for k, s in meta.items()}
x, y, W0, b0, W1, b1 = d['x'], d['y'], d['W0'], d['b0'], d['W1'], d['b1']
n = x.shape[0]
def forward(W0, b0, W1, b1):
    z = x @ W0 + b0; h = np.maximum(z, 0); return z, h, h @ W1 + b1
def softmax(f):
    e = np.exp(f - f.max(1, keepdims=True)); return e / e.sum(1, keepdims=True)
def vjp(z, h, W1, e):
    # Σ_i J_iᵀ e_i for the two layers
    dh = (e @ W1.T) * (z > 0)
    return x.T @ dh, dh.sum(0), h.T @ e, e.sum(0)
def sgd_epoch():
    z, h, f = forward(W0, b0, W1, b1)
    return vjp(z, h, W1, (softmax(f) - y) / n)
z0, h0, _ = forward(W0, b0, W1, b1)
def ntk1_epoch():
    _, _, f = forward(W0, b0, W1, b1)
    return vjp(z0, h0, W1, softmax(f) - y)
def best(f, reps=15):
    f(); ts = []
    for _ in range(reps):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return sorted(ts)[len(ts) // 2] * 1e3
print(json.dumps({'sgd': best(sgd_epoch), 'ntk1': best(ntk1_epoch)}))
`;

/** numpy medians (ms) of a full-batch SGD epoch and an NTK-1 epoch on the same data and weights, or null. */
function numpyTimes(dir, x, yOneHot, model) {
  const layers = model.toJSON().layers;
  // raw little-endian f64 files and their shapes
  const arrays = { x: [x.data, x.shape], y: [yOneHot.data, yOneHot.shape], W0: [layers[0].W.data, layers[0].W.shape], b0: [layers[0].b.data, layers[0].b.shape], W1: [layers[1].W.data, layers[1].W.shape], b1: [layers[1].b.data, layers[1].b.shape] };
  const meta = {};
  for (const [name, [data, shape]] of Object.entries(arrays)) {
    writeFileSync(join(dir, `${name}.f64`), Buffer.from(Float64Array.from(data).buffer));
    meta[name] = shape;
  }
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '2', OMP_NUM_THREADS: '2' };
  const r = spawnSync('python3', ['-c', NUMPY_SCRIPT, dir], { encoding: 'utf8', env });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout.trim());
  } catch {
    return null;
  }
}

/** The J path: J(θ0) of `rows` rows formed once, then per epoch c = Jᵀe from the network's errors. */
async function materialisedJ(frozen, current, x, yOneHot) {
  const formStart = performance.now();
  const J = tidy(() => noGrad(() => jacobianRows(frozen.forward(tensor(frozen.backend, x.data, x.shape)), frozen.params))); // [n, C, P]
  await J.data();
  const formMs = performance.now() - formStart;
  const [n, C, P] = J.shape;
  const epoch = () => tidy(async () => {
    const e = sub(softmax(current.forward(tensor(current.backend, x.data, x.shape))), tensor(current.backend, yOneHot.data, yOneHot.shape));
    return matmul(reshape(e, [1, n * C]), reshape(J, [n * C, P])).data();
  });
  const epochMs = median(await timeIt(epoch, 7));
  J.dispose();
  return { formMs, epochMs, bytes: n * C * P * 8 };
}

export async function benchHybrid() {
  const dir = mkdtempSync(join(tmpdir(), 'kanntk-bench-hybrid-'));
  const engine = await createEngine({ backend: 'wasm' });
  try {
    const all = await loadDataset('digits');
    const split = splitSeeded(all, 0.2, 0);
    const stats = featureStats(split.train.features);
    const train = standardize(split.train, stats);
    const x = train.features, labels = train.labels, N = labels.length;
    const yOneHot = oneHot(labels, 10);
    const model = createKan({ layerDims: DIMS, layer: 'dense', activation: 'relu', init: { type: 'glorot' }, seed: 0 });
    const P = model.nParams;

    // full-batch SGD epoch vs NTK-1 epoch (each from the same state, the update undone between repeats)
    const a = model.bind(engine.backend), frozen = model.bind(engine.backend), current = model.bind(engine.backend);
    const rng = createSeededRandom(1);
    const sgdFull = median(await timeIt(async () => {
      await sgdEpoch(a, x, labels, { lr: 1e-9, batchSize: N, rng });
    }, 9));
    const sgd64 = median(await timeIt(async () => {
      await sgdEpoch(a, x, labels, { lr: 1e-9, batchSize: 64, rng });
    }, 5));
    const ntk1 = median(await timeIt(async () => {
      await linearizedStep(frozen, current, x, yOneHot, { lr: 1e-9 });
    }, 9));
    const ntk1Chunked = median(await timeIt(async () => {
      await linearizedStep(frozen, current, x, yOneHot, { lr: 1e-9, chunk: 64 });
    }, 5));

    // the J path on 256 rows, against the VJP epoch on the same rows
    const rows = { shape: [256, 64], data: x.data.slice(0, 256 * 64) };
    const yRows = { shape: [256, 10], data: yOneHot.data.slice(0, 256 * 10) };
    const jPath = await materialisedJ(frozen, current, rows, yRows);
    const vjp256 = median(await timeIt(async () => {
      await linearizedStep(frozen, current, rows, yRows, { lr: 1e-9 });
    }, 9));

    // the ntk-norm monitor on 256 points: the NTK and its Frobenius distance to K_0
    const monitor = { shape: [256, 64], data: x.data.slice(0, 256 * 64) };
    const K0 = (await ntk(a, monitor)).data;
    const monitorMs = median(await timeIt(async () => {
      const K = (await ntk(a, monitor)).data;
      let s = 0;
      for (let i = 0; i < K.length; i++) s += (K[i] - K0[i]) ** 2;
      return Math.sqrt(s);
    }, 7));
    [a, frozen, current].forEach((b) => b.dispose());

    const np = numpyTimes(dir, x, yOneHot, model);
    report(`hybrid classifier, digits ${N} rows, MLP ${DIMS.join('-')} (${P} parameters), wasm f64 — baseline: one full-batch SGD epoch`, [
      { what: 'SGD epoch, full batch (forward + backward + update)', ms: sgdFull, ratio: 1 },
      { what: 'NTK-1 epoch (forward at θ_k + one VJP at θ0), target ≤ 2×', ms: ntk1, ratio: ntk1 / sgdFull },
      { what: 'NTK-1 epoch in chunks of 64 rows (as kanntk hybrid --batch 64)', ms: ntk1Chunked, ratio: ntk1Chunked / sgdFull },
      { what: 'SGD epoch at batch 64 (23 updates)', ms: sgd64, ratio: sgd64 / sgdFull },
      ...(np ? [
        { what: 'numpy: SGD epoch, full batch (by hand, 2 threads)', ms: np.sgd, ratio: np.sgd / sgdFull },
        { what: 'numpy: NTK-1 epoch (by hand, 2 threads)', ms: np.ntk1, ratio: np.ntk1 / sgdFull },
      ] : [{ what: 'numpy', ms: NaN, note: 'python3 with numpy not found' }]),
    ]);
    report('NTK-1 on 256 rows: one VJP per epoch against a materialised J (formed once at the switch) — baseline: the VJP epoch', [
      { what: 'NTK-1 epoch by VJP (no J)', ms: vjp256, ratio: 1 },
      { what: `forming J(θ0) [256, 10, ${P}] once (${(jPath.bytes / 2 ** 20).toFixed(0)} MiB)`, ms: jPath.formMs, ratio: jPath.formMs / vjp256 },
      { what: 'NTK-1 epoch with J formed: forward + Jᵀe', ms: jPath.epochMs, ratio: jPath.epochMs / vjp256, note: `J of all ${N} rows: ${((N * 10 * P * 8) / 2 ** 30).toFixed(2)} GiB` },
    ]);
    report('ntk-norm monitor on 256 points — baseline: one SGD epoch at batch 64', [
      { what: 'SGD epoch at batch 64', ms: sgd64, ratio: 1 },
      { what: 'monitor: NTK (summed over 10 classes) + ‖K_e − K_0‖_F', ms: monitorMs, ratio: monitorMs / sgd64 },
    ]);

    // end to end, as the README runs it
    const out = join(dir, 'hybrid.json');
    const args = ['hybrid', '--data', 'digits', '--layers', '64,128,10', '--standardize', '--switch', 'ntk-norm:2:4000', '--sgd-lr', '0.1', '--batch', '64', '--ntk-lr', '1', '--ntk-epochs', '20', '--out', out];
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`kanntk hybrid failed: ${r.stderr}`);
      runs.push({ wall: performance.now() - t0, result: JSON.parse(readFileSync(out, 'utf8')) });
    }
    const mid = runs.sort((p, q) => p.result.timing.compute_s - q.result.timing.compute_s)[1];
    const t = mid.result.timing, E = mid.result.sgd.train_loss.length, T = mid.result.ntk.train_loss.length;
    const compute = t.compute_s * 1000;
    report(`kanntk hybrid, the README's digits run (${E} SGD + ${T} NTK-1 + ${T} SGD-alone epochs), fresh process, median of 3 — baseline: its compute_s`, [
      { what: 'compute_s (everything after start-up and data loading)', ms: compute, ratio: 1 },
      { what: `  SGD updates (${E} epochs)`, ms: t.sgd_s * 1000, ratio: (t.sgd_s * 1000) / compute },
      { what: `  ntk-norm monitor (K_0 + ${E} epochs)`, ms: t.monitor_s * 1000, ratio: (t.monitor_s * 1000) / compute },
      { what: `  NTK-1 updates (${T} epochs)`, ms: t.ntk_s * 1000, ratio: (t.ntk_s * 1000) / compute },
      { what: `  SGD alone (${T} epochs)`, ms: t.sgd_alone_s * 1000, ratio: (t.sgd_alone_s * 1000) / compute },
      { what: '  the rest: metrics on both sets after every epoch, model copies', ms: compute - 1000 * (t.sgd_s + t.monitor_s + t.ntk_s + t.sgd_alone_s), ratio: 1 - (t.sgd_s + t.monitor_s + t.ntk_s + t.sgd_alone_s) / t.compute_s },
      { what: 'wall clock of the command (node start, data, compute, writing)', ms: mid.wall, ratio: mid.wall / compute },
    ]);
  } finally {
    engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchHybrid();
